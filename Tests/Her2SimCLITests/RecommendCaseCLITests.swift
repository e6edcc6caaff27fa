import Foundation
import Testing

/// `recommend --case ID [--turn N] [--path A,B]`: the ranking an author previews for her
/// patient at a decision — the state the REPL would reach with the same seed and choices.
@Suite("recommend --case")
struct RecommendCaseCLITests {
    static func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
    }

    static func firstChoice(_ result: CLI.Result) throws -> String? {
        let options = try #require(try json(result)["options"] as? [[String: Any]])
        return options.first?["regimen"] as? String
    }

    @Test("turn 1 ranks the case's patient; later turns follow --path, then the reference")
    func turns() throws {
        let first = try CLI.run(["recommend", "--case", "hb-401", "--format", "json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.json(first)["line"] as? Int == 4)
        #expect(try Self.firstChoice(first) == "tdm1")

        let second = try CLI.run(["recommend", "--case", "hb-401", "--turn", "2", "--path", "tdm1", "--format", "json"])
        #expect(try Self.json(second)["line"] as? Int == 5)
        // Without a path the reference's choice is played: the same patient here.
        let byReference = try CLI.run(["recommend", "--case", "hb-401", "--turn", "2", "--format", "json"])
        #expect(byReference.stdout == second.stdout)
        // Another first choice, another history: the ranking at turn 2 changes.
        let other = try CLI.run([
            "recommend", "--case", "hb-401", "--turn", "2", "--path", "trastuzumab-eribulin", "--format", "json",
        ])
        #expect(other.status == 0)
        #expect(other.stdout != second.stdout)
    }

    @Test("it is the ranking the REPL scores at that decision (same seed, same choices)")
    func matchesTheRepl() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("s")
        try "choose tdm1\nchoose trastuzumab-eribulin\nwhy all\nquit\n".write(
            to: script, atomically: true, encoding: .utf8)
        let played = try CLI.run(["play", "hb-401", "--seed", "9", "--script", script.path])
        let ranked = try CLI.run([
            "recommend", "--case", "hb-401", "--seed", "9", "--turn", "2", "--path", "tdm1", "--format", "json",
        ])
        let options = try #require(try Self.json(ranked)["options"] as? [[String: Any]])
        let why = try #require(played.stdout.components(separatedBy: "> why all\n").dropFirst().first)
        let replOrder = why.split(separator: "\n").filter { $0.contains(" — ") && $0.first?.isNumber == true }
            .compactMap { $0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map(String.init) }
        #expect(replOrder == options.compactMap { $0["regimen"] as? String })
    }

    @Test("text output names the case, decision, line, seed and path")
    func heading() throws {
        let result = try CLI.run(["recommend", "--case", "hb-401", "--turn", "3", "--path", "tdm1"])
        #expect(result.status == 0)
        let first = result.stdout.split(separator: "\n").first.map(String.init)
        #expect(first == "hb-401 · decision 3 of 3 · line 6 · seed 1 · after tdm1 → clinical-trial", "\(result.stdout)")
    }

    @Test("a case file works too, and a case given as --state says to use --case")
    func caseFile() throws {
        let result = try CLI.run(["recommend", "--case", "Cases/hb-403.yaml", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let refused = try CLI.run(["recommend", "--state", "Cases/hb-401.yaml"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("this is a case, not a state file"))
        #expect(refused.stderr.contains("her2sim recommend --case Cases/hb-401.yaml"))
    }

    @Test(
        "mistakes get a message and a non-zero status",
        arguments: [
            (["--case", "hb-4011"], 1, "no case 'hb-4011' (did you mean 'hb-401'?)"),
            (
                ["--case", "hb-401", "--turn", "2", "--path", "tdm-1x"], 1,
                "unknown regimen 'tdm-1x' in --path (did you mean 'tdm1'?)"
            ),
            (
                ["--case", "hb-401", "--turn", "2", "--path", "tdm1,tdxd"], 1,
                "--path gives 2 choices, but decision 2 follows only 1"
            ),
            (["--case", "hb-401", "--turn", "9"], 1, "ends after decision 3"),
            (["--case", "hb-401", "--turn", "0"], 64, "--turn counts decisions from 1"),
            (["--state", "Examples/residual-neuropathy.yaml", "--turn", "2"], 64, "--turn and --path apply to a case"),
            ([], 64, "give a patient"),
            (["--case", "hb-401", "--state", "Examples/residual-neuropathy.yaml"], 64, "not both"),
        ])
    func mistakes(_ arguments: [String], _ status: Int32, _ message: String) throws {
        let result = try CLI.run(["recommend"] + arguments)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }
}
