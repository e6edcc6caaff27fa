import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// "How sure are you?" at the case's discretion: `confidence: ask|skip` in a case (or a turn)
/// decides when the fellow's setting is `case` (or `auto` at a terminal); `on` and `off` win.
@Suite("Confidence at the case's discretion")
struct CaseConfidenceTests {
    typealias Support = RecordsTestSupport
    static let question = "How sure are you? (0–100, Enter to skip)"

    /// Cases/ copied, with hb-401 rewritten by `edit` (and checked to have changed).
    static func cases(editing edit: (String) -> String) throws -> URL {
        let folder = Support.scratchDirectory().appendingPathComponent("Cases")
        try FileManager.default.copyItem(at: Support.repositoryRoot.appendingPathComponent("Cases"), to: folder)
        let file = folder.appendingPathComponent("hb-401.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original, "the edit did not apply to hb-401.yaml")
        try Data(edited.utf8).write(to: file)
        return folder
    }

    /// `confidence: skip` for the case, `confidence: ask` on its second decision only.
    static func skipExceptSecond(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var decisions = 0
        var index = 0
        while index < lines.count {
            if lines[index] == "    decide: regimen" {
                decisions += 1
                if decisions == 2 { lines.insert("    confidence: ask", at: index + 1) }
            }
            index += 1
        }
        guard let turns = lines.firstIndex(of: "turns:") else { return text }
        lines.insert("confidence: skip", at: turns)
        return lines.joined(separator: "\n")
    }

    /// How many times `play` asks over hb-401's three decisions with `--confidence mode`.
    static func questions(_ mode: String?, cases: URL) throws -> Int {
        let binary = try #require(Support.product("her2sim"))
        let script = Support.scratchDirectory().appendingPathComponent("play.txt")
        // Each answer is either taken by a question or, where none was asked, refused as a command.
        try Data("choose tdm1\n70\nchoose clinical-trial\n60\nchoose trastuzumab-eribulin\n50\nquit\n".utf8).write(
            to: script)
        let arguments =
            [
                "play", "hb-401", "--seed", "7", "--script", script.path,
                "--db", Support.scratchDatabase().path,
                "--scoring", Support.repositoryRoot.appendingPathComponent("Scoring").path,
                "--cases", cases.path,
            ] + (mode.map { ["--confidence", $0] } ?? [])
        let played = try Support.run(binary, arguments)
        #expect(played.status == 0, "\(played.stderr)")
        return played.stdout.components(separatedBy: question).count - 1
    }

    @Test("a case that says nothing asks at every decision under --confidence case")
    func caseWithoutKeyAsks() throws {
        let shipped = Support.repositoryRoot.appendingPathComponent("Cases")
        #expect(try Self.questions("case", cases: shipped) == 3)
        #expect(try Self.questions("off", cases: shipped) == 0)
        #expect(try Self.questions(nil, cases: shipped) == 0, "auto with a script: never")
    }

    @Test("a case that skips asks only where a turn says ask; on and off override it")
    func caseThatSkips() throws {
        let cases = try Self.cases(editing: Self.skipExceptSecond)
        #expect(try Self.questions("case", cases: cases) == 1)
        #expect(try Self.questions("on", cases: cases) == 3)
        #expect(try Self.questions("off", cases: cases) == 0)
    }

    @Test("the decoded setting: turn over case over ask")
    func decoded() throws {
        let cases = try Self.cases(editing: Self.skipExceptSecond)
        let text = try String(contentsOf: cases.appendingPathComponent("hb-401.yaml"), encoding: .utf8)
        let result = CaseLoader.load(text, file: "hb-401.yaml", knowledge: Support.knowledge)
        let script = try #require(result.script, "\(result.diagnostics)")
        #expect(script.confidence == .skip)
        let deciding = script.turns.indices.filter { script.turns[$0].decides }
        #expect(deciding.map(script.asksConfidence(atTurn:)) == [false, true, false])
        #expect(Support.script("hb-401").confidence == nil)
        #expect(deciding.allSatisfy(Support.script("hb-401").asksConfidence(atTurn:)))
    }

    @Test(
        "a misspelt value is a located error with a did-you-mean; 'confidence' on a turn without a decision is refused")
    func errors() throws {
        let misspelt = try Self.cases(editing: {
            $0.replacingOccurrences(of: "\nturns:", with: "\nconfidence: skp\nturns:")
        })
        let text = try String(contentsOf: misspelt.appendingPathComponent("hb-401.yaml"), encoding: .utf8)
        let result = CaseLoader.load(text, file: "hb-401.yaml", knowledge: Support.knowledge)
        #expect(result.script == nil)
        let line = text.components(separatedBy: "\n").firstIndex(of: "confidence: skp").map { $0 + 1 }
        #expect(
            result.diagnostics.map(\.description) == [
                "hb-401.yaml:\(line ?? 0):13: error: unknown confidence 'skp' (did you mean 'skip'?); expected one of: ask, skip"
            ])
        let onNone = try Self.cases(editing: {
            $0.replacingOccurrences(of: "    decide: none", with: "    decide: none\n    confidence: ask")
        })
        let second = try String(contentsOf: onNone.appendingPathComponent("hb-401.yaml"), encoding: .utf8)
        let refused = CaseLoader.load(second, file: "hb-401.yaml", knowledge: Support.knowledge)
        #expect(refused.script == nil)
        #expect(
            refused.diagnostics.map(\.message) == [
                "'confidence' needs 'decide: regimen' (it is asked after a decision)"
            ])
    }
}
