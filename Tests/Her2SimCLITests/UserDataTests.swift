import Foundation
import Her2SimTestSupport
import Testing

/// `make test` once wrote eight "anonymous" sessions into the user's own records after every
/// run. Every spawned `her2sim` now gets a HOME and XDG folders of its own; this suite plants a
/// real records file where a child with the runner's environment would write, and proves that
/// the transcript and records flows leave it byte for byte as it was.
@Suite("Tests never touch the user's data")
struct UserDataTests {
    /// Every file under `directory` with its bytes (records, write-ahead log, history…).
    static func snapshot(_ directory: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            if let data = try? Data(contentsOf: url) { files[url.lastPathComponent] = data }
        }
        return files
    }

    /// Runs the binary with exactly `environment`, as a child would without the sandbox.
    static func runUnsandboxed(_ arguments: [String], environment: [String: String]) throws -> Int32 {
        let binary = try #require(CLI.binary)
        return try ProcessRunner.run(binary, arguments, environment: environment, directory: CLI.repositoryRoot).status
    }

    @Test(
        "a planted records file in the runner's HOME and XDG_DATA_HOME stays byte-identical",
        arguments: ["HOME", "XDG_DATA_HOME"])
    func plantedRecordsStayUnchanged(_ variable: String) throws {
        let user = TestSandbox("planted")
        defer { user.remove() }
        var base = ProcessInfo.processInfo.environment
        base["HOME"] = user.home.path
        base["XDG_DATA_HOME"] = variable == "XDG_DATA_HOME" ? user.dataHome.path : nil
        base["HER2SIM_SCORING"] = nil
        base["HER2SIM_CASES"] = nil
        base["HER2SIM_LEARNER"] = nil
        let records =
            variable == "XDG_DATA_HOME"
            ? user.dataHome.appendingPathComponent("her2sim")
            : user.home.appendingPathComponent(".local/share/her2sim")

        // Control: a child with the runner's environment does write there (so this test can fail).
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-plant-\(UUID().uuidString)")
        try "choose tdm1\nquit\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let status = try Self.runUnsandboxed(
            ["play", "hb-401", "--seed", "3", "--script", script.path], environment: base)
        #expect(status == 0)
        let planted = Self.snapshot(records)
        try #require(planted["records.sqlite"] != nil, "the control run did not create \(records.path)")

        // The transcript flows (play without --db, by --script and by pipe), resume and report.
        for commands in ReplTranscriptTests.scripts {
            let (caseID, seed) = try #require(ReplTranscriptTests.caseAndSeed(commands))
            let played = try CLI.run(
                ["play", caseID, "--seed", seed, "--script", commands.path],
                environment: ["HER2SIM_LEARNER": ""], base: base)
            #expect(played.status == 0, "\(played.stderr)")
            let piped = try CLI.run(
                ["play", caseID, "--seed", seed], environment: ["HER2SIM_LEARNER": "ana"],
                input: try Data(contentsOf: commands), base: base)
            #expect(piped.status == 0, "\(piped.stderr)")
        }
        _ = try CLI.run(["resume", "--script", script.path], base: base)
        _ = try CLI.run(["report"], base: base)
        _ = try CLI.runOnTerminal(["cases"], environment: [:])

        #expect(Self.snapshot(records) == planted, "a test run changed the records in \(records.path)")
    }
}
