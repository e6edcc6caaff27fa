import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL
import Testing

/// A management decision in the REPL counts as a decision: its own number in the header, the
/// "How sure are you?" question as the case sets it, and a row in the closing summary.
@Suite("REPL: management decisions are decisions")
struct ManagementReplTests {
    static let table: DoseModificationTable = {
        do {
            guard
                let loaded = try DoseModificationLoader.load(
                    directory: REPLTestSupport.repositoryRoot.appendingPathComponent("Scoring"),
                    displayPrefix: "Scoring/",
                    knowledge: REPLTestSupport.knowledge)
            else { fatalError("Scoring/dose-modifications.yaml is missing") }
            return loaded.table
        } catch {
            fatalError("Scoring/dose-modifications.yaml does not load: \(error)")
        }
    }()

    final class Saved: @unchecked Sendable {
        var confidences: [(key: Int, value: Int)] = []
    }

    static func repl(_ policy: ConfidencePolicy = .never, cases: [CaseScript]? = nil)
        -> (Repl, ReplScreensTests.Output, Saved)
    {
        let saved = Saved()
        let (repl, output) = ReplScreensTests.repl { configuration in
            configuration.doseModifications = table
            configuration.confidencePrompt = policy
            configuration.recordConfidence = { _, key, value in
                saved.confidences.append((key, value))
                return nil
            }
            if let cases { configuration.cases = cases }
        }
        return (repl, output, saved)
    }

    /// "decision N of M · line L" of every header in `text`.
    static func headers(_ text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            line.range(of: #"decision \d+ of \d+ · line \d+"#, options: .regularExpression).map { String(line[$0]) }
        }
    }

    @Test("hb-411: every decision has its own number, the management one included, on the line she is on")
    func numbering() {
        let (repl, output, _) = Self.repl()
        repl.start("hb-411", seed: 1)
        #expect(repl.prompt.contains("t1>"))
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        #expect(repl.prompt.contains("t2>"))
        repl.handle("manage reduce")
        #expect(repl.prompt.contains("t3>"))
        repl.handle("choose tdm1")
        #expect(
            Self.headers(output.text) == [
                "decision 1 of 4 · line 3", "decision 2 of 4 · line 3",
                "decision 3 of 4 · line 4", "decision 4 of 4 · line 5",
            ],
            "\(Self.headers(output.text))")
        for line in output.text.components(separatedBy: "\n") { #expect(line.count <= 80, "\(line)") }
    }

    @Test("every management screen fits 80 columns, a long label section included (hb-409's ILD row)")
    func screensFit() throws {
        for action in ["continue", "hold", "reduce", "discontinue"] {
            let (repl, output, _) = Self.repl()
            repl.start("hb-409", seed: 5)
            repl.handle("choose tdxd")
            repl.handle("manage \(action)")
            #expect(output.text.contains("The label (2.3 Dose Modifications"), "\(action)")
            for line in output.text.components(separatedBy: "\n") { #expect(line.count <= 80, "\(action): \(line)") }
        }
    }

    @Test("asked after a management decision as after a regimen choice, and recorded under its turn")
    func confidenceAsked() {
        let (repl, output, saved) = Self.repl(.always)
        repl.start("hb-411", seed: 1)
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        #expect(repl.prompt.hasPrefix("How sure are you?"))
        repl.handle("70")
        #expect(output.text.contains("A toxicity to manage"))
        output.text = ""
        repl.handle("manage reduce")
        #expect(repl.prompt.hasPrefix("How sure are you?"), "asked after the management decision too")
        #expect(!output.text.contains("You chose to reduce"), "asked before the verdict is shown")
        repl.handle("40")
        #expect(output.text.contains("You chose to reduce"))
        #expect(saved.confidences.map(\.key) == [0, 1] && saved.confidences.map(\.value) == [70, 40])
        // 'manage ACTION N' says it at once, like 'choose REGIMEN N'.
        let (quick, _, quickSaved) = Self.repl(.always)
        quick.start("hb-411", seed: 1)
        quick.handle("choose tucatinib-trastuzumab-capecitabine 60")
        quick.handle("manage hold 55")
        #expect(!quick.prompt.hasPrefix("How sure are you?"))
        #expect(quickSaved.confidences.map(\.key) == [0, 1] && quickSaved.confidences.map(\.value) == [60, 55])
    }

    @Test("the case's setting holds for management turns: a turn that skips is not asked")
    func confidenceByCase() throws {
        let url = REPLTestSupport.repositoryRoot.appendingPathComponent("Cases/hb-411.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(
            of: "    decide: management\n",
            with: "    decide: management\n    confidence: skip\n")
        #expect(edited != text)
        let script = try #require(
            CaseLoader.load(edited, file: "hb-411.yaml", knowledge: REPLTestSupport.knowledge).script)
        let (repl, _, saved) = Self.repl(.byCase, cases: [script])
        repl.start("hb-411", seed: 1)
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        #expect(repl.prompt.hasPrefix("How sure are you?"))
        repl.handle("80")
        repl.handle("manage reduce")
        #expect(!repl.prompt.hasPrefix("How sure are you?"), "the management turn says skip")
        repl.handle("choose tdm1")
        #expect(repl.prompt.hasPrefix("How sure are you?"), "the next regimen turn asks again")
        repl.handle("20")
        #expect(saved.confidences.map(\.key) == [0, 2])
        // Unedited, the management turn asks under --confidence case.
        let (plain, _, _) = Self.repl(.byCase)
        plain.start("hb-411", seed: 1)
        plain.handle("choose tucatinib-trastuzumab-capecitabine 80")
        plain.handle("manage reduce")
        #expect(plain.prompt.hasPrefix("How sure are you?"))
    }

    @Test("the summary lists the management decision and its points count in the score")
    func summaryRow() throws {
        let (repl, output, _) = Self.repl()
        repl.start("hb-411", seed: 1)
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        repl.handle("manage continue")
        output.text = ""
        repl.handle("score")
        let lines = output.text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("manage continue") }, "\(output.text)")
        #expect(lines[index].hasPrefix("2 ") && lines[index].contains("not-recommended"), "\(lines[index])")
        #expect(lines[index + 1].contains("reference: reduce"), "\(lines[index + 1])")
        #expect(output.text.contains("Total: 11 of 20 points so far"), "\(output.text)")
    }
}
