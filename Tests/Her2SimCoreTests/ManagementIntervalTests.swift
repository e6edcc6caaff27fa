import Foundation
import Testing

@testable import Her2SimCore

/// After a management decision the interval paragraph counts the whole course of the regimen,
/// and says how much of it came after the decision.
@Suite("The interval after a management decision")
struct ManagementIntervalTests {
    @Test("hb-411: the months in all and since the decision, and months counted from the regimen's start")
    func wholeCourse() throws {
        var session = try ManagementSessionTests.atHandFoot()
        let before = try #require(session.decisions.last?.outcome.months)
        #expect(before == 1.5, "hb-411's management turn comes 1.5 months in")
        let managed = session.manage(ManagementAction(.reduce))
        let record = try #require(managed)
        let interval = try #require(record.interval)
        #expect(interval.earlierMonths == before)
        let after = record.outcome.months
        let text = session.intervalText
        let expected =
            "for \(ClinicalWording.months(before + after)) in all (\(ClinicalWording.months(after)) since "
            + "the management decision)."
        #expect(text.contains(expected), "\(text)")
        #expect(!text.contains("for \(ClinicalWording.months(after))."), "never the months since the decision alone")
        if let progression = interval.events.first(where: { $0.kind == .progression }) {
            let month = ClinicalWording.number(((before + progression.month) * 10).rounded() / 10)
            #expect(text.contains("In month \(month) restaging showed progression"), "\(text)")
        }
    }

    @Test("a second management decision on the same regimen still counts from its start")
    func secondDecision() throws {
        var session = try ManagementSessionTests.atHandFoot()
        let held = session.manage(ManagementAction(.hold))
        let first = try #require(held)
        let start = try #require(session.decisions.last?.startMonth)
        #expect(first.interval?.earlierMonths == first.startMonth - start)
    }

    @Test("the writer: no earlier months, the plain sentence; without the sentence, the plain one too")
    func writer() {
        let narration =
            (try? Narration.load(directory: TestSupport.scoringDirectory, displayPrefix: "Scoring/")) ?? Narration()
        let writer = IntervalWriter(narration: narration, knowledge: TestSupport.knowledge)
        var interval = Interval(
            regimen: "tdm1", months: 4, bestResponse: nil, stopped: .progression,
            events: [
                .init(month: 4, event: .progression(newSites: [], brainMetastases: nil))
            ], isSupportiveCare: false)
        let plain = writer.paragraph(interval, before: TestSupport.state(ecog: 1))
        #expect(plain.hasPrefix("She received T-DM1 (trastuzumab emtansine) for 4 months. In month 4 "), "\(plain)")
        interval.earlierMonths = 2.5
        let whole = writer.paragraph(interval, before: TestSupport.state(ecog: 1))
        #expect(
            whole.hasPrefix(
                "She received T-DM1 (trastuzumab emtansine) for 6.5 months in all (4 months since "
                    + "the management decision). In month 6.5 "), "\(whole)")
        var sentences = narration.sentences
        sentences["received-in-all"] = nil
        let older = IntervalWriter(
            narration: Narration(sentences: sentences, responses: narration.responses), knowledge: TestSupport.knowledge
        )
        #expect(
            older.paragraph(interval, before: TestSupport.state(ecog: 1)).hasPrefix(
                "She received T-DM1 (trastuzumab emtansine) for 4 months. In month 4 "))
    }
}
