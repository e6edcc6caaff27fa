import Foundation
import Her2SimCore
import Her2SimREPL
import Testing

/// The summary's counterfactual: hidden mid-case, shown once the case is over.
@Suite("REPL: summary counterfactual")
struct SummaryCounterfactualTests {
    @Test("the summary never shows the reference's later choices before the case ends")
    func futureChoicesStayHidden() throws {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-403", seed: 11)
        repl.handle("choose tdxd")
        let session = try #require(repl.session)
        #expect(!session.isOver)
        // What the reference would choose at the turns still to come, and that nothing shown so
        // far names: the summary must not name them either.
        let shown = Set(session.decisions.flatMap { [$0.assessment.choice, $0.recommendation.first.regimen] })
        let future = session.referenceReplay().decisions.dropFirst(session.decisions.count)
            .map(\.assessment.choice).filter { !shown.contains($0) }
        try #require(!future.isEmpty)
        output.text = ""
        repl.handle("summary")
        let midCase = output.text
        #expect(midCase.contains("Counterfactual"))
        for regimen in future { #expect(!midCase.contains(regimen.rawValue), "\(regimen) shown mid-case") }
        #expect(!midCase.contains("simulated patients"))

        for choice in ["tucatinib-trastuzumab-capecitabine", "tdm1", "trastuzumab-gemcitabine", "chemotherapy-alone"] {
            if repl.session?.isOver == false { repl.handle("choose \(choice)") }
        }
        #expect(repl.session?.isOver == true)
        output.text = ""
        repl.handle("summary")
        let ended = output.text
        for regimen in future { #expect(ended.contains(regimen.rawValue), "\(regimen) missing after the end") }
        #expect(ended.contains("Over 1000 simulated patients like her"))
        #expect(ended.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("best supportive care is named as not counted, and adds no months on treatment")
    func bestSupportiveCareNotCounted() throws {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-403", seed: 11)
        while let session = repl.session, !session.isOver { repl.handle("choose best-supportive-care") }
        output.text = ""
        repl.handle("summary")
        let text = output.text
        let you = try #require(text.split(separator: "\n").first { $0.hasPrefix("  You ") && $0.contains("/") })
        #expect(you.contains(" 0 months "), "\(you)")
        #expect(text.contains("Not counted (not HER2-directed): best-supportive-care"))
    }
}
