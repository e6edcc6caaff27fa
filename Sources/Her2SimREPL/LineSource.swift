import CReadline
import Foundation

/// Where REPL lines come from: readline on a terminal, plain lines from a pipe or a script.
public protocol LineSource {
    /// The next line without its newline, or `nil` at end of input (Ctrl-D).
    mutating func readLine(prompt: String) -> String?
    /// True when the terminal shows the typed line itself (so the REPL must not echo it).
    var echoesInput: Bool { get }
    /// The length in bytes of the line `readLine` last returned, when the source kept only its
    /// start (a hostile pipe can send a gigabyte without a newline); nil when the line is whole.
    var lastLineLength: Int? { get }
}

extension LineSource {
    public var lastLineLength: Int? { nil }
}

/// Plain lines from standard input or a file: no editing, no colour, and each line echoed after
/// the prompt so transcripts read like a session.
///
/// Standard input is read as bytes: bytes that are not UTF-8 become U+FFFD (which the parser
/// refuses, naming the column), and of a very long line only the first `keptBytes` are kept —
/// its full length is in `lastLineLength`.
public struct PlainLineSource: LineSource {
    private var lines: IndexingIterator<[String]>?
    private var input: ByteLineReader?
    private let output: (String) -> Void
    public private(set) var lastLineLength: Int?

    /// Bytes kept of one line from standard input: far more than any command
    /// (`CommandParser.maximumLineLength`), far less than a hostile pipe can send.
    public static let keptBytes = 65_536

    /// Reads standard input.
    public init(output: @escaping (String) -> Void) {
        self.init(descriptor: STDIN_FILENO, output: output)
    }

    /// Reads the file descriptor `descriptor` (a pipe or file) until its end.
    public init(descriptor: Int32, output: @escaping (String) -> Void) {
        self.lines = nil
        self.input = ByteLineReader(descriptor: descriptor, keep: Self.keptBytes)
        self.output = output
    }

    /// Reads the given lines (a `--script` file).
    public init(lines: [String], output: @escaping (String) -> Void) {
        self.lines = lines.makeIterator()
        self.output = output
    }

    public var echoesInput: Bool { false }

    public mutating func readLine(prompt: String) -> String? {
        let line: String?
        lastLineLength = nil
        if lines != nil {
            line = lines!.next()
        } else if let read = input?.next() {
            line = String(decoding: read.bytes, as: UTF8.self)
            if read.length > read.bytes.count { lastLineLength = read.length }
        } else {
            line = nil
        }
        if let line {
            output(prompt + Self.echo(line, length: lastLineLength) + "\n")
        }
        return line
    }

    /// The line as a transcript shows it: control characters made visible (so piped input cannot
    /// drive the terminal) and very long lines cut short. `length` is the line's full length in
    /// bytes when `line` is only its start.
    static func echo(_ line: String, length: Int? = nil) -> String {
        let limit = 120
        let bytes = max(length ?? 0, line.utf8.count)
        var shown = String.UnicodeScalarView()
        var count = 0
        for scalar in line.unicodeScalars {
            if count == limit {
                return String(shown) + "… (\(bytes) bytes)"
            }
            if scalar.properties.generalCategory == .control && scalar != "\t" {
                shown.append(contentsOf: "^".unicodeScalars)
                shown.append(scalar.value < 0x20 ? Unicode.Scalar(UInt8(scalar.value) + 0x40) : "?")
            } else {
                shown.append(scalar)
            }
            count += 1
        }
        return String(shown) + (bytes > line.utf8.count ? "… (\(bytes) bytes)" : "")
    }
}

/// Lines from a file descriptor, as bytes, without their "\n" (or "\r\n"). Of each line the first
/// `keep` bytes are kept and the rest only counted, so memory stays bounded whatever arrives.
struct ByteLineReader {
    let descriptor: Int32
    let keep: Int
    private var buffer = [UInt8](repeating: 0, count: 65_536)
    private var start = 0
    private var end = 0
    private var atEnd = false

    init(descriptor: Int32, keep: Int) {
        self.descriptor = descriptor
        self.keep = keep
    }

    /// The next line's first `keep` bytes and its full length, or nil at the end of input.
    mutating func next() -> (bytes: [UInt8], length: Int)? {
        var line: [UInt8] = []
        var length = 0
        var started = false
        var lastByte: UInt8?
        while true {
            if start == end {
                if atEnd || !refill() {
                    guard started else { return nil }
                    return finished(line, length, lastByte)
                }
            }
            started = true
            let newline = buffer.withUnsafeBufferPointer { bytes -> Int? in
                // memchr: fast even in a debug build, for a pipe that sends megabytes.
                guard let base = bytes.baseAddress, let found = memchr(base + start, 0x0A, end - start) else {
                    return nil
                }
                return UnsafeRawPointer(found) - UnsafeRawPointer(base)
            }
            let chunk = buffer[start..<(newline ?? end)]
            if line.count < keep { line.append(contentsOf: chunk.prefix(keep - line.count)) }
            length += chunk.count
            if let last = chunk.last { lastByte = last }
            if let newline {
                start = newline + 1
                return finished(line, length, lastByte)
            }
            start = end
        }
    }

    /// Drops the "\r" of a "\r\n" line break.
    private func finished(_ line: [UInt8], _ length: Int, _ lastByte: UInt8?) -> (bytes: [UInt8], length: Int) {
        guard lastByte == UInt8(ascii: "\r") else { return (line, length) }
        return (line.count == length ? Array(line.dropLast()) : line, length - 1)
    }

    /// Reads more input; false at its end (or on an error reading it).
    private mutating func refill() -> Bool {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                start = 0
                end = count
                return true
            }
            if count < 0, errno == EINTR { continue }
            atEnd = true
            return false
        }
    }
}

/// GNU readline: line editing, a persistent history file and TAB completion in context.
public final class ReadlineLineSource: LineSource {
    private let historyFile: URL?

    /// `historyFile` is created (with its directory) if missing; `nil` keeps history in memory only.
    /// A history path that is not a regular file (a FIFO would block readline for good, a
    /// device could be anything) is left alone: `warn` says so and history stays in memory.
    public init(historyFile: URL?, completer: Completer, warn: (String) -> Void = { _ in }) {
        var historyFile = historyFile
        if let file = historyFile, let problem = Self.historyProblem(file) {
            warn("warning: \(file.path) \(problem); line history is not kept this time")
            historyFile = nil
        }
        self.historyFile = historyFile
        CompletionBridge.completer = completer
        // readline keeps these pointers: give it C strings that live for the whole process.
        her2sim_rl_set_readline_name(strdup("her2sim"))
        her2sim_rl_set_attempted_completion_function(CompletionBridge.attemptCompletion)
        her2sim_rl_set_basic_word_break_characters(strdup(" \t"))
        her2sim_install_sigint_handler()
        using_history()
        if let historyFile {
            try? FileManager.default.createDirectory(
                at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: historyFile.path) {
                _ = FileManager.default.createFile(
                    atPath: historyFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            read_history(historyFile.path)
            stifle_history(1000)
        }
    }

    /// Why `file` cannot serve as the history file, or nil when it is a regular file or does not
    /// exist yet. Checked by opening it without blocking (a FIFO's open would wait for a writer).
    static func historyProblem(_ file: URL) -> String? {
        let descriptor = open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            if errno == ENOENT { return nil }
            return "cannot be read (\(String(cString: strerror(errno))))"
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return "cannot be read (\(String(cString: strerror(errno))))" }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
        case S_IFDIR: return "is a directory, not a regular file"
        default: return "is not a regular file"
        }
    }

    public var echoesInput: Bool { true }

    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty, line.utf8.count <= CommandParser.maximumLineLength {
            add_history(raw)
            if let historyFile { append_history(1, historyFile.path) }
        }
        return line
    }
}

/// readline calls plain C functions; they reach the completer through this one static slot.
enum CompletionBridge {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0

    static let attemptCompletion:
        @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
            -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
                her2sim_rl_set_attempted_completion_over(1)
                guard let completer, let text else { return nil }
                let word = String(cString: text)
                let buffer = String(cString: her2sim_rl_line_buffer())
                let prefix = String(buffer.utf8.prefix(Int(start))) ?? ""
                matches = completer.candidates(lineBeforeWord: prefix, word: word)
                if matches.isEmpty { return nil }
                return rl_completion_matches(text, generator)
            }

    /// readline calls this with state 0 first, then non-zero until it returns NULL.
    static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { nextMatch = 0 }
        guard nextMatch < matches.count else { return nil }
        defer { nextMatch += 1 }
        return strdup(matches[nextMatch])
    }
}
