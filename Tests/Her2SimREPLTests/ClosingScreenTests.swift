import Foundation
import Her2SimCore
import Her2SimREPL
import Testing

/// After a branch that ends the case the screen shows what the branch scripted, never a
/// "0 months … No new problems" course under closing words about weeks of toxicity (X1); a
/// trial chosen with none open is shown as the supportive care she had (X2).
@Suite("REPL: closing branches and unavailable trials")
struct ClosingScreenTests {
    @Test("the closing branch's toxicities are shown undated, with no course length")
    func closingBranchScreen() throws {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-402", seed: 1)
        output.text = ""
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        let text = output.text
        #expect(text.contains("On day 9 of the first cycle"))
        #expect(!text.contains("No new problems"), "\(text)")
        #expect(!text.contains("0 months on"), "\(text)")
        #expect(text.contains("On Tucatinib + trastuzumab + capecitabine"))
        #expect(text.contains("diarrhea, grade 4") && text.contains("neutropenia, grade 4"))
        // The timeline lane gives no duration either.
        let timeline = try #require(text.range(of: "Timeline")).upperBound
        #expect(!text[timeline...].prefix(300).contains("0 months"), "\(text[timeline...].prefix(300))")
    }

    @Test("a closing branch without events prints no course at all")
    func closingBranchWithoutEvents() {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-414", seed: 1)
        output.text = ""
        repl.handle("choose tdxd-pertuzumab")
        #expect(output.text.contains("Her case ends here"))
        #expect(!output.text.contains("No new problems") && !output.text.contains("0 months on"), "\(output.text)")
    }

    @Test("a trial chosen with none open shows best supportive care and why")
    func unavailableTrialScreen() {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-415", seed: 1)
        repl.handle("choose tucatinib-trastuzumab-capecitabine")
        output.text = ""
        repl.handle("choose clinical-trial")
        let text = output.text
        #expect(text.contains("on Best supportive care"), "\(text)")
        #expect(!text.contains("on Clinical trial enrolment"))
        #expect(text.contains("No clinical trial was open to her"))
    }
}

extension ClosingScreenTests {
    @Test("the counterfactual does not count a trial that could not be entered as treatment")
    func unavailableTrialNotCounted() {
        let (repl, output) = ReplScreensTests.repl()
        repl.start("hb-415", seed: 1)
        for choice in ["tucatinib-trastuzumab-capecitabine", "clinical-trial", "best-supportive-care"] {
            repl.handle("choose \(choice)")
        }
        output.text = ""
        repl.handle("summary")
        #expect(!output.text.contains("clinical-trial 5"), "\(output.text)")
        #expect(!output.text.contains("Counted as treatment though its drug is unknown"))
        #expect(output.text.contains("Not counted (not HER2-directed): best-supportive-care"))
    }
}
