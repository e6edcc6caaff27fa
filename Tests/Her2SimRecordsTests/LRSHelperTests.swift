import Foundation
import Testing

@testable import Her2SimLRS
@testable import Her2SimRecords

/// her2sim sends through the her2sim-lrs child process, so that her2sim itself starts without
/// FoundationNetworking: what it links, where it finds the helper, what it says without one, and
/// that the after-session budget holds against a helper that never answers.
@Suite("LRS: the her2sim-lrs helper")
struct LRSHelperTests {
    typealias Support = RecordsTestSupport

    /// The first of `names` found on PATH (or in /usr/bin).
    static func tool(_ names: [String]) -> URL? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/bin"
        for name in names {
            for directory in path.split(separator: ":") {
                let url = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            }
        }
        return nil
    }

    /// What `binary` links, as its loader or ELF/Mach-O headers say (ldd, readelf, objdump, otool).
    static func linked(_ binary: URL, with tool: URL) throws -> String {
        let arguments: [String] =
            switch tool.lastPathComponent {
            case "readelf": ["-d", binary.path]
            case "objdump": ["-p", binary.path]
            case "otool": ["-L", binary.path]
            default: [binary.path]
            }
        let output = try Support.run(tool, arguments)
        try #require(output.status == 0, "\(tool.path): \(output.stderr)")
        return output.stdout
    }

    static let inspector = tool(["ldd", "readelf", "objdump", "otool"])

    @Test(
        "her2sim links neither FoundationNetworking nor libcurl; her2sim-lrs does",
        .enabled(if: inspector != nil, "none of ldd, readelf, objdump or otool is installed"))
    func noNetworkingInHer2sim() throws {
        let tool = try #require(Self.inspector)
        let her2sim = try Self.linked(try #require(Support.product("her2sim")), with: tool)
        #expect(her2sim.contains("Foundation"), "\(tool.lastPathComponent) listed nothing useful: \(her2sim)")
        #expect(!her2sim.contains("FoundationNetworking"), "\(her2sim)")
        #expect(!her2sim.contains("curl"), "\(her2sim)")
        #if os(Linux)
            // Where URLSession lives in FoundationNetworking, the helper must link it.
            let helper = try Self.linked(try #require(Support.product(LRSHelper.name)), with: tool)
            #expect(helper.contains("FoundationNetworking"), "\(helper)")
        #endif
    }

    /// A records database with one finished session queued for the LRS.
    static func queuedDatabase(_ name: String = #function) throws -> URL {
        let url = Support.scratchDatabase(name)
        let store = try RecordStore(url: url)
        let session = Support.play(Support.script("hb-401"), seed: 5) { rec, _ in rec.first.regimen }
        try store.insertSession(log: session.log, at: Support.march1)
        #expect(try store.queuedCount() > 0)
        try store.close()
        return url
    }

    /// A copy of her2sim in a folder of its own, without the helper beside it.
    static func lonelyHer2sim(_ name: String = #function) throws -> URL {
        let directory = Support.scratchDirectory(name + "-bin")
        let copy = directory.appendingPathComponent("her2sim")
        try FileManager.default.copyItem(at: try #require(Support.product("her2sim")), to: copy)
        return copy
    }

    static let nothingListening = "http://127.0.0.1:9/xAPI"

    static func sync(_ binary: URL, database: URL, environment: [String: String] = [:]) throws -> Support.Output {
        let root = Support.repositoryRoot
        return try Support.run(
            binary,
            [
                "sync", "--lrs", nothingListening, "--db", database.path, "--timeout", "5",
                "--scoring", root.appendingPathComponent("Scoring").path,
                "--cases", root.appendingPathComponent("Cases").path,
            ], environment: environment)
    }

    @Test("sync without the helper: the precise error, exit 1, everything still queued")
    func syncWithoutHelper() throws {
        let database = try Self.queuedDatabase()
        let queued = try RecordStore(url: database).queuedCount()
        let copy = try Self.lonelyHer2sim()
        let result = try Self.sync(copy, database: database)
        #expect(result.status == 1)
        let program = copy.resolvingSymlinksInPath().path
        #expect(
            result.stderr.hasPrefix(
                "error: cannot send to the LRS: the helper her2sim-lrs was not found beside \(program) "
                    + "(reinstall with 'make install', or set HER2SIM_LRS_HELPER)\n"), "\(result.stderr)")
        #expect(result.stderr.contains("note: \(queued) statements queued"), "\(result.stderr)")
        #expect(try RecordStore(url: database).queuedCount() == queued)

        // HER2SIM_LRS_HELPER naming no executable: said too.
        let named = try Self.sync(copy, database: database, environment: [LRSHelper.variable: "/nonexistent/lrs"])
        #expect(named.status == 1)
        #expect(named.stderr.contains("; HER2SIM_LRS_HELPER=/nonexistent/lrs is not an executable file"))

        // A helper that ends without answering: said, nothing leaves the queue.
        let quitter = Support.scratchDirectory(#function + "-quitter").appendingPathComponent("quitter")
        try "#!/bin/sh\nexit 3\n".write(to: quitter, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: quitter.path)
        let quit = try Self.sync(copy, database: database, environment: [LRSHelper.variable: quitter.path])
        #expect(quit.status == 1)
        #expect(
            quit.stderr.hasPrefix(
                "error: cannot send to the LRS: the helper \(quitter.path) ended without answering (exit status 3); "
                    + "the statements stay queued\n"), "\(quit.stderr)")
        #expect(try RecordStore(url: database).queuedCount() == queued)
    }

    @Test("the helper found through HER2SIM_LRS_HELPER, and beside a symlink's target: its error comes through")
    func helperFound() throws {
        let database = try Self.queuedDatabase()
        let helper = try #require(Support.product(LRSHelper.name))
        let refused =
            "error: cannot connect to the LRS at \(Self.nothingListening) (connection refused); is it running?"

        let copy = try Self.lonelyHer2sim()
        let named = try Self.sync(copy, database: database, environment: [LRSHelper.variable: helper.path])
        #expect(named.status == 1)
        #expect(named.stderr.hasPrefix(refused), "\(named.stderr)")

        let link = Support.scratchDirectory(#function + "-link").appendingPathComponent("her2sim")
        let her2sim = try #require(Support.product("her2sim"))
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: her2sim)
        let linked = try Self.sync(link, database: database)
        #expect(linked.status == 1)
        #expect(linked.stderr.hasPrefix(refused), "\(linked.stderr)")
    }

    @Test("locate: beside the program first, then HER2SIM_LRS_HELPER; neither is an error naming the program")
    func locate() throws {
        let helper = try #require(Support.product(LRSHelper.name))
        let beside = helper.deletingLastPathComponent().appendingPathComponent("her2sim")
        #expect(try LRSHelper.locate(beside: beside, environment: [LRSHelper.variable: "/bin/true"]) == helper)
        let elsewhere = Support.scratchDirectory().appendingPathComponent("her2sim")
        #expect(try LRSHelper.locate(beside: elsewhere, environment: [LRSHelper.variable: helper.path]) == helper)
        #expect(throws: LRSError.helperMissing(program: elsewhere.path, variable: nil)) {
            try LRSHelper.locate(beside: elsewhere, environment: [:])
        }
    }

    /// Plays a two-turn case to its end with lrs.conf naming an endpoint, so the after-session sync runs.
    static func playToTheEnd(
        _ binary: URL, lrsConf: String, environment: [String: String] = [:], name: String = #function
    ) throws -> (output: Support.Output, seconds: Double, database: URL) {
        let directory = Support.scratchDirectory(name + "-play")
        let cases = directory.appendingPathComponent("cases")
        let config = directory.appendingPathComponent("config/her2sim")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Self.caseText.write(to: cases.appendingPathComponent("hb-901.yaml"), atomically: true, encoding: .utf8)
        try lrsConf.write(to: config.appendingPathComponent("lrs.conf"), atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("choices.txt")
        try "choose tdxd\nchoose tdm1\n".write(to: script, atomically: true, encoding: .utf8)
        let database = directory.appendingPathComponent("records.sqlite")
        var environment = environment
        environment["XDG_CONFIG_HOME"] = directory.appendingPathComponent("config").path
        let started = Date()
        let output = try Support.run(
            binary,
            [
                "play", "hb-901", "--cases", cases.path, "--seed", "5", "--script", script.path, "--db",
                database.path, "--scoring", Support.repositoryRoot.appendingPathComponent("Scoring").path,
            ], environment: environment)
        return (output, Date().timeIntervalSince(started), database)
    }

    @Test("after a session, a helper that never answers is killed once the budget is over; all stays queued")
    func afterSessionBudget() throws {
        let directory = Support.scratchDirectory()
        let stuck = directory.appendingPathComponent("stuck-lrs")
        try "#!/bin/sh\nexec sleep 60\n".write(to: stuck, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stuck.path)
        let copy = try Self.lonelyHer2sim()
        let played = try Self.playToTheEnd(
            copy, lrsConf: "endpoint = \(Self.nothingListening)\ntimeout = 1\n",
            environment: [LRSHelper.variable: stuck.path])
        #expect(played.output.status == 0, "\(played.output.stderr)")
        // Budget 3 s plus one request's timeout (1 s); the helper would sleep for 60.
        #expect(played.seconds < 30)
        let notes = played.output.stderr.split(separator: "\n").filter { $0.hasPrefix("note: not sent to the LRS") }
        #expect(notes.count == 1, "\(played.output.stderr)")
        #expect(
            notes.first?.hasSuffix(
                "'her2sim sync' sends them later): error: the LRS at \(Self.nothingListening) did not answer "
                    + "within 1 s; the statements stay queued") == true, "\(played.output.stderr)")
        let store = try RecordStore(url: played.database)
        #expect(try store.queuedCount() > 0)
        #expect(try store.recordedSessions().count == 1)
    }

    @Test("after a session without the helper: one note naming what is missing, play succeeds, all stays queued")
    func afterSessionWithoutHelper() throws {
        let copy = try Self.lonelyHer2sim()
        let played = try Self.playToTheEnd(copy, lrsConf: "endpoint = \(Self.nothingListening)\n")
        #expect(played.output.status == 0, "\(played.output.stderr)")
        let notes = played.output.stderr.split(separator: "\n").filter { $0.hasPrefix("note: not sent to the LRS") }
        #expect(notes.count == 1, "\(played.output.stderr)")
        let queued = try RecordStore(url: played.database).queuedCount()
        #expect(queued > 0)
        #expect(
            notes.first.map(String.init)
                == "note: not sent to the LRS (\(queued) queued; 'her2sim sync' sends them later): error: cannot send "
                + "to the LRS: the helper her2sim-lrs was not found beside \(copy.resolvingSymlinksInPath().path) "
                + "(reinstall with 'make install', or set HER2SIM_LRS_HELPER)", "\(played.output.stderr)")
    }

    static let caseText = """
        id: hb-901
        title: Guards
        summary: A test case.
        difficulty: introductory
        minutes: 5
        objectives:
          - id: o1
            text: Something
        references: [HER2CLIMB]
        patient: {age: 50, ecog: 1, hormone-receptor: negative, lvef: 60, sites: [liver]}
        history:
          - {regimen: thp, months: 20, response: partial, stopped: progression}
        turns:
          - narrative: She progresses.
            decide: regimen
            objectives: [o1]
            teaching: First.

          - narrative: Later.
            decide: regimen
            teaching: T.

        """
}
