import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL
import Testing

/// The REPL's screens in process: `why` and `why all`, `progress`, and leaving mid-case.
@Suite("REPL screens")
struct ReplScreensTests {
    static let knowledge = REPLTestSupport.knowledge
    static let cases: [CaseScript] = REPLTestSupport.workspace.cases.cases
    static let course = Simulator(knowledge: knowledge, model: REPLTestSupport.workspace.model)

    final class Output: @unchecked Sendable {
        var text = ""
    }

    static func repl(_ configure: (inout Repl.Configuration) -> Void = { _ in }) -> (Repl, Output) {
        var configuration = Repl.Configuration(knowledge: knowledge, cases: cases, course: course, style: .plain)
        configure(&configuration)
        let output = Output()
        return (Repl(configuration: configuration, write: { output.text += $0 }), output)
    }

    /// Lines from a script, as `PlainLineSource` gives them.
    static func run(_ repl: Repl, _ lines: [String]) {
        var source = PlainLineSource(lines: lines, output: { _ in })
        repl.run(&source)
    }

    @Test("why shows the first five places and the fellow's choice; why all shows every regimen")
    func whyTopFive() throws {
        let (repl, output) = Self.repl()
        repl.start("hb-401", seed: 7)
        // The last-ranked regimen: below the first five, so why must add it.
        let session = try #require(repl.session)
        let last = Self.knowledge.regimenIDs.count
        let worst = try #require(ReferenceEngine(knowledge: Self.knowledge).rank(session.state).options.last?.regimen)
        output.text = ""
        repl.handle("choose \(worst)")
        output.text = ""
        repl.handle("why")
        let why = output.text
        let ranks = Self.ranks(why)
        #expect(ranks == [1, 2, 3, 4, 5, last], "\(why)")
        #expect(why.contains("\(worst) — ") && why.contains("← your choice"))
        #expect(why.contains("'why all'"))
        output.text = ""
        repl.handle("why all")
        let all = Self.ranks(output.text)
        #expect(all == Array(1...last))
        #expect(!output.text.contains("'why all'"))
    }

    /// The ranks the `why` screen lists ("3   tdm1 — conditional").
    static func ranks(_ text: String) -> [Int] {
        text.split(separator: "\n").filter { $0.contains(" — ") }
            .compactMap { $0.split(separator: " ").first.flatMap { Int($0) } }
    }

    @Test("progress asks the records, and says when there are none")
    func progress() {
        let (off, offOutput) = Self.repl()
        off.handle("progress")
        #expect(offOutput.text == "Records are off in this run, so there is no progress to show.\n")
        let (on, onOutput) = Self.repl { $0.progress = { "2 sessions of ana\n" } }
        on.handle("report")
        #expect(onOutput.text == "2 sessions of ana\n")
    }

    @Test("quitting mid-case says how to resume; after the case, or without records, nothing is added")
    func farewell() {
        let command: (Session) -> String? = { "her2sim resume 12 (\($0.script.id))" }
        let (repl, output) = Self.repl { $0.resumeCommand = command }
        repl.start("hb-401", seed: 7)
        Self.run(repl, ["choose tdm1", "quit"])
        #expect(
            output.text.hasSuffix(
                "Your decisions in hb-401 are saved; to continue where you stopped:\n  her2sim resume 12 (hb-401)\n"))

        // End of input (Ctrl-D) too.
        let (eof, eofOutput) = Self.repl { $0.resumeCommand = command }
        eof.start("hb-403", seed: 1)
        Self.run(eof, [])
        #expect(
            eofOutput.text.hasSuffix(
                "hb-403 is saved before its first decision; to continue where you stopped:\n  her2sim resume 12 (hb-403)\n"
            ))

        let (finished, finishedOutput) = Self.repl { $0.resumeCommand = command }
        finished.start("hb-407", seed: 2026)
        Self.run(finished, ["choose tdxd", "choose tdxd", "choose tucatinib-trastuzumab-capecitabine", "quit"])
        #expect(finished.session?.isOver == true)
        #expect(!finishedOutput.text.contains("her2sim resume"))

        let (noRecords, plain) = Self.repl()
        noRecords.start("hb-401", seed: 7)
        Self.run(noRecords, ["choose tdm1", "quit"])
        #expect(!plain.text.contains("resume"))
    }
}
