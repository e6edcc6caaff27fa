import Foundation
import Her2SimCore
import Her2SimREPL
import Testing

/// The counterfactual compares scores over comparable denominators (issue 13, X8): each path's
/// points as a percent of the best achievable on that path, with the note saying so.
@Suite("REPL: counterfactual score")
struct CounterfactualScoreTests {
    @Test("both rows give a percent of their own best; the note explains it")
    func scoresArePercentOfTheirBest() throws {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-401", seed: 1)
        for choice in ["trastuzumab-vinorelbine", "clinical-trial", "tdm1"] where repl.session?.isOver == false {
            repl.handle("choose \(choice)")
        }
        let session = try #require(repl.session)
        #expect(session.isOver)
        output.text = ""
        repl.handle("summary")
        let lines = output.text.split(separator: "\n").map(String.init)
        let reference = session.referenceReplay()
        func row(_ label: String, _ points: Int, _ best: Int) throws {
            let line = try #require(
                lines.first { $0.hasPrefix("  \(label) ") && $0.contains("(\(points)/\(best))") },
                "\(label): \(points)/\(best) in\n\(output.text)")
            let percent = Int((Double(points) / Double(best) * 100).rounded())
            #expect(line.hasSuffix("\(percent)% (\(points)/\(best))"), "\(line)")
        }
        try row("You", session.score, session.maximumScore)
        try row("Reference", reference.score, reference.maximumScore)
        #expect(output.text.contains("percent of the best achievable"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }
}
