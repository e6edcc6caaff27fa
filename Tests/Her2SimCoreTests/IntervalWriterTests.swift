import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// The engine's interval paragraph says what the timeline holds, and nothing else.
@Suite struct IntervalWriterTests {
    static let writer: IntervalWriter = {
        let narration =
            (try? Narration.load(directory: TestSupport.scoringDirectory, displayPrefix: "Scoring/")) ?? Narration()
        return IntervalWriter(narration: narration, knowledge: TestSupport.knowledge)
    }()

    @Test func aRegimenThatWorkedThenProgressed() {
        let interval = Interval(
            regimen: "tdxd", months: 9, bestResponse: .partial, stopped: .progression,
            events: [
                .init(month: 0.5, event: .toxicity(.nausea, grade: 2)),
                .init(month: 1.5, event: .response(.partial)),
                .init(month: 9, event: .progression(newSites: ["bone"], brainMetastases: nil)),
            ], isSupportiveCare: false)
        let text = Self.writer.paragraph(interval, before: TestSupport.state(ecog: 1))
        #expect(text.hasPrefix("She received T-DXd (trastuzumab deruxtecan) for 9 months."), "\(text)")
        #expect(text.contains("a partial response"))
        #expect(text.contains("grade 2 nausea in month 0.5"))
        #expect(text.contains("In month 9 restaging showed progression with new bone metastases."))
        #expect(!text.contains("ECOG"), "ECOG did not change")
    }

    @Test func aToxicityThatStoppedIt() {
        let interval = Interval(
            regimen: "tdxd", months: 3, bestResponse: .stable, stopped: .toxicity,
            stoppingToxicity: (.ild, 2),
            events: [
                .init(month: 1.5, event: .response(.stable)),
                .init(month: 3, event: .toxicity(.ild, grade: 2)),
            ], isSupportiveCare: false)
        let text = Self.writer.paragraph(interval, before: TestSupport.state())
        #expect(text.contains("It was stopped in month 3 for grade 2 ILD/pneumonitis."), "\(text)")
        #expect(!text.contains("She had grade 2 ILD"), "the stopping toxicity is said once")
        #expect(!text.contains("progression"))
    }

    @Test func bestSupportiveCareIsNoTherapy() {
        let interval = Interval(
            regimen: "best-supportive-care", months: 3, bestResponse: .stable, stopped: .progression,
            events: [
                .init(month: 3, event: .progression(newSites: ["liver"], brainMetastases: nil)),
                .init(month: 3, event: .ecog(3)),
            ], isSupportiveCare: true)
        let text = Self.writer.paragraph(interval, before: TestSupport.state(ecog: 2))
        #expect(text.contains("no anticancer therapy"), "\(text)")
        #expect(!text.contains("She received"))
        #expect(!text.contains("response"))
        #expect(text.contains("progressed with new liver metastases"))
        #expect(text.contains("ECOG 3"))
    }
}
