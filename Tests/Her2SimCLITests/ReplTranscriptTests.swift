import Foundation
import Her2SimTestSupport
import Testing

/// Golden transcripts: a case played from a command file with a fixed seed must print exactly
/// the recorded transcript. Regenerate after an intended change with `make golden`.
@Suite("REPL golden transcripts")
struct ReplTranscriptTests {
    static let goldenDirectory = CLI.repositoryRoot.appendingPathComponent("Tests/Her2SimCLITests/Golden")

    /// `hb-401-seed-7.commands` → ("hb-401", 7).
    static let scripts: [URL] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".commands") }.sorted().map { goldenDirectory.appendingPathComponent($0) }
    }()

    static func caseAndSeed(_ url: URL) -> (String, String)? {
        let name = url.deletingPathExtension().lastPathComponent
        guard let range = name.range(of: "-seed-") else { return nil }
        return (String(name[..<range.lowerBound]), String(name[range.upperBound...]))
    }

    static func play(_ script: URL) throws -> CLI.Result {
        let (caseID, seed) = try #require(caseAndSeed(script), "name golden scripts CASE-seed-N.commands")
        return try CLI.run(
            ["play", caseID, "--seed", seed, "--script", script.path], environment: ["HER2SIM_LEARNER": ""])
    }

    @Test("at least three cases have golden transcripts")
    func enoughGoldens() {
        #expect(Set(Self.scripts.compactMap { Self.caseAndSeed($0)?.0 }).count >= 3)
    }

    @Test("a scripted case prints exactly its golden transcript", arguments: scripts)
    func transcriptMatchesGolden(_ script: URL) throws {
        let result = try Self.play(script)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        // Fails with a diff on a mismatch; `make golden` rewrites the file and still fails.
        try GoldenFile(script.deletingPathExtension().appendingPathExtension("transcript")).expectMatch(result.stdout)
        #expect(!result.stdout.contains("\u{1B}["), "scripted output must have no colour")
    }

    @Test("the same case, seed and choices give a byte-identical transcript", arguments: scripts.prefix(1))
    func deterministic(_ script: URL) throws {
        let first = try Self.play(script)
        let second = try Self.play(script)
        #expect(first.stdout == second.stdout)
        #expect(first.stdout.contains("You chose"))
    }

    @Test("piped standard input behaves like --script")
    func pipedInput() throws {
        let script = try #require(Self.scripts.first)
        let (caseID, seed) = try #require(Self.caseAndSeed(script))
        let viaScript = try Self.play(script)
        let viaPipe = try CLI.run(
            ["play", caseID, "--seed", seed], environment: ["HER2SIM_LEARNER": ""], input: try Data(contentsOf: script))
        #expect(viaPipe.stdout == viaScript.stdout)
    }

    @Test("garbage lines get one helpful line each and leave the case untouched")
    func garbageInput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-garbage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let commands = directory.appendingPathComponent("commands")
        try "chose tdm1\nchoose\nchoose zzz\n\u{7}\nstart nope\nscore\nquit\n".write(
            to: commands, atomically: true, encoding: .utf8)
        let result = try CLI.run(["play", "hb-401", "--seed", "3", "--script", commands.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("unknown command 'chose' (did you mean 'choose'?)"))
        #expect(result.stdout.contains("choose what? usage: choose REGIMEN"))
        #expect(result.stdout.contains("unknown regimen 'zzz'"))
        #expect(result.stdout.contains("that line contains control characters"))
        #expect(result.stdout.contains("no case 'nope'"))
        #expect(result.stdout.contains("No decisions yet: 0 of"))
        #expect(!result.stdout.contains("Fatal error"))
    }
}
