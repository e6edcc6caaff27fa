import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Crash safety and concurrent writers, with real child processes (`records-crash-helper`).
@Suite("Records: durability", .serialized)
struct DurabilityTests {
    typealias Support = RecordsTestSupport

    /// Reads lines from a child's stdout as they come.
    final class LineReader: @unchecked Sendable {
        private let handle: FileHandle
        private var buffer = Data()

        init(_ handle: FileHandle) { self.handle = handle }

        func readLine() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    return line
                }
                let chunk = handle.availableData
                if chunk.isEmpty { return nil }
                buffer.append(chunk)
            }
        }
    }

    static let helper = Support.product("records-crash-helper")

    @Test("kill -9 at any moment loses nothing that was reported committed", arguments: [1, 7, 40, 250])
    func killNine(after count: Int) throws {
        let helper = try #require(Self.helper, "records-crash-helper is not beside the test bundle")
        let url = Support.scratchDatabase("kill\(count)")
        let process = Process()
        process.executableURL = helper
        process.arguments = [url.path, "forever", "fellow"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = LineReader(out.fileHandleForReading)
        let header = try #require(reader.readLine())
        let sessionNumber = try #require(Int64(header.replacingOccurrences(of: "session ", with: "")))
        var last = 0
        for _ in 0..<count {
            let line = try #require(reader.readLine())
            last = try #require(Int(line))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(last == count)

        // The file opens, is intact, and holds at least every event the helper saw committed.
        let store = try RecordStore(url: url)
        #expect(try store.integrityProblems().isEmpty)
        let id = SessionID(sessionNumber)
        let events = try store.events(of: id)
        #expect(events.count >= count + 1)
        #expect(
            events.first == .started(caseID: "crash-test", seed: UInt64(process.processIdentifier), learner: "fellow"))
        #expect(try store.latestUnfinishedSession(learner: "fellow")?.id == id)
        // …and carries on: the next event takes the next number.
        #expect(try store.append(.ended(score: 0, maximum: 0), to: id) == events.count)
    }

    @Test("two processes writing one file at once both keep every write")
    func twoProcesses() throws {
        let helper = try #require(Self.helper, "records-crash-helper is not beside the test bundle")
        let url = Support.scratchDatabase()
        let perProcess = 150
        final class Results: @unchecked Sendable { var outputs: [Support.Output?] = [nil, nil] }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.outputs[index] = try? Support.run(
                helper, [url.path, String(perProcess), index == 0 ? "ana" : "ben"])
        }
        let store = try RecordStore(url: url)
        for (index, output) in results.outputs.enumerated() {
            let output = try #require(output)
            #expect(output.status == 0, "\(output.stderr)")
            let lines = output.stdout.split(separator: "\n")
            #expect(lines.last == "done")
            let id = try #require(SessionID(String(lines[0].dropFirst("session ".count))))
            #expect(try store.events(of: id).count == perProcess + 1)
            #expect(try store.session(id)?.learner == (index == 0 ? "ana" : "ben"))
        }
        #expect(try store.sessions().count == 2)
        #expect(try store.integrityProblems().isEmpty)
    }

    @Test("two stores on two threads, one file: every write kept, sequences without gaps")
    func twoThreads() throws {
        let url = Support.scratchDatabase()
        let stores = [try RecordStore(url: url), try RecordStore(url: url)]
        let perThread = 200
        final class IDs: @unchecked Sendable {
            var ids: [SessionID?] = [nil, nil]
            var errors: [String] = []
        }
        let shared = IDs()
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            do {
                let store = stores[index]
                let id = try store.startSession(
                    caseID: "hb-40\(index + 1)", seed: UInt64(index), learner: "t\(index)", at: Support.march1)
                for turn in 0..<perThread { try store.append(.chose(turn: turn, regimen: "tdm1"), to: id) }
                lock.withLock { shared.ids[index] = id }
            } catch {
                lock.withLock { shared.errors.append("\(error)") }
            }
        }
        #expect(shared.errors.isEmpty)
        let reader = try RecordStore(url: url)
        for id in shared.ids {
            let events = try reader.events(of: try #require(id))
            #expect(events.count == perThread + 1)
            #expect(
                events.dropFirst().enumerated().allSatisfy { $0.element == .chose(turn: $0.offset, regimen: "tdm1") })
        }
    }

    @Test("two processes creating the same new file at once both succeed")
    func racingCreation() throws {
        let helper = try #require(Self.helper, "records-crash-helper is not beside the test bundle")
        for round in 0..<5 {
            let url = Support.scratchDatabase("race\(round)")
            final class Results: @unchecked Sendable { var outputs: [Support.Output?] = [nil, nil, nil] }
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: 3) { index in
                results.outputs[index] = try? Support.run(helper, [url.path, "3", "r\(index)"])
            }
            for output in results.outputs {
                #expect(output?.status == 0, "\(output?.stderr ?? "did not run")")
            }
            #expect(try RecordStore(url: url).sessions().count == 3)
        }
    }
}
