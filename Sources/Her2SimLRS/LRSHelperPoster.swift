import Foundation
import Her2SimRecords

/// Posts batches through a her2sim-lrs child process (see `LRSHelper` for the protocol). The
/// child starts at the first batch, so a sync with nothing queued needs no helper; `close()`
/// ends it. An answer later than the request timeout plus 5 s, or than `hardDeadline`, kills it.
public final class LRSHelperPoster: StatementPoster {
    public let hello: LRSHelper.Hello
    /// Where the helper is, asked at the first batch (`LRSHelper.locate` by default).
    public var locate: () throws(LRSError) -> URL = { () throws(LRSError) -> URL in try LRSHelper.locate() }
    /// No answer is awaited past this moment (the after-session budget).
    public var hardDeadline: Date?

    private var process: Process?
    private var input: FileHandle?
    private var lines: LineReader?
    private var path = LRSHelper.name

    public init(endpoint: URL, user: String?, password: String?, timeout: Double, hardDeadline: Date? = nil) {
        hello = LRSHelper.Hello(endpoint: endpoint.absoluteString, user: user, password: password, timeout: timeout)
        self.hardDeadline = hardDeadline
    }

    deinit { close() }

    public func post(_ statements: [XAPIStatement]) throws(LRSError) {
        let body: Data
        do { body = try XAPIStatement.json(statements) } catch {
            throw .network(url: hello.endpoint, detail: "cannot encode the statements: \(error)")
        }
        if process == nil { try start() }
        try send(body)
        let reply = try answer()
        if let error = reply.error { throw error }
        guard reply.stored == true else { throw failed("answered neither stored nor an error") }
    }

    /// Ends the helper: end of its stdin, then SIGKILL if it has not exited within a second.
    public func close() {
        guard let process else { return }
        try? input?.close()
        let limit = Date().addingTimeInterval(1)
        while process.isRunning && Date() < limit { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        self.process = nil
        input = nil
        lines = nil
    }

    private func start() throws(LRSError) {
        let url = try locate()
        path = url.path
        let child = Process()
        child.executableURL = url
        child.arguments = []
        let toChild = Pipe()
        let fromChild = Pipe()
        child.standardInput = toChild
        child.standardOutput = fromChild
        child.standardError = FileHandle.standardError
        do { try child.run() } catch {
            throw failed("could not be started (\((error as NSError).localizedDescription))")
        }
        process = child
        input = toChild.fileHandleForWriting
        lines = LineReader(fromChild.fileHandleForReading)
        let line: Data
        do { line = try JSONEncoder().encode(hello) } catch {
            throw failed("could not be configured (\(error))")
        }
        try send(line)
    }

    /// Writes one line; SIGPIPE is ignored meanwhile, so a helper that died is an error, not our end.
    private func send(_ line: Data) throws(LRSError) {
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        do { try input?.write(contentsOf: line + Data("\n".utf8)) } catch {
            throw failed(ended())
        }
    }

    private func answer() throws(LRSError) -> LRSHelper.Reply {
        var limit = Date().addingTimeInterval(hello.timeout + 5)
        if let hardDeadline { limit = min(limit, hardDeadline) }
        guard let lines else { throw failed("was not started") }
        switch lines.next(before: limit) {
        case .line(let text):
            guard let reply = try? JSONDecoder().decode(LRSHelper.Reply.self, from: Data(text.utf8)) else {
                throw failed("answered '\(text.prefix(200))', not a reply of protocol \(LRSHelper.protocolVersion)")
            }
            return reply
        case .end:
            throw failed(ended())
        case .late:
            if let process { kill(process.processIdentifier, SIGKILL) }
            close()
            throw .timeout(url: hello.endpoint, seconds: hello.timeout)
        }
    }

    private func ended() -> String {
        guard let process else { return "ended" }
        let limit = Date().addingTimeInterval(1)
        while process.isRunning && Date() < limit { usleep(10_000) }
        if process.isRunning { return "stopped answering" }
        return "ended without answering (exit status \(process.terminationStatus))"
    }

    private func failed(_ detail: String) -> LRSError {
        .helperFailed(path: path, detail: detail)
    }
}

/// Lines from a pipe, read on a thread of their own, awaited with a time limit.
final class LineReader: @unchecked Sendable {
    enum Next {
        case line(String)
        case end
        case late
    }

    private let lock = NSLock()
    private let ready = DispatchSemaphore(value: 0)
    private var complete: [String] = []
    private var finished = false

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            var partial = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                partial += chunk
                while let newline = partial.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: partial[partial.startIndex..<newline], as: UTF8.self)
                    partial = Data(partial[partial.index(after: newline)...])
                    lock.withLock { complete.append(line) }
                    ready.signal()
                }
            }
            lock.withLock { finished = true }
            ready.signal()
        }
        thread.start()
    }

    /// The next line, `.end` when the pipe closed first, `.late` when `limit` passed first.
    func next(before limit: Date) -> Next {
        while true {
            let taken: Next? = lock.withLock {
                if !complete.isEmpty { return .line(complete.removeFirst()) }
                return finished ? .end : nil
            }
            if let taken { return taken }
            let wait = limit.timeIntervalSinceNow
            if wait <= 0 || ready.wait(timeout: .now() + wait) == .timedOut { return .late }
        }
    }
}
