import Foundation
import Her2SimCore
import Testing

/// No simulated course runs past `longest-course` in Scoring/model.yaml: the fitted curves'
/// tails go beyond any trial's follow-up (114.5 months of second-line T-DXd at seed 3 of hb-403).
@Suite("Longest course")
struct LongestCourseTests {
    static let model = SessionTests.model

    @Test("the cap is data with a source, beyond the calibration's follow-up")
    func capIsData() throws {
        let cap = Self.model.longestCourse.months
        #expect(
            cap.isFinite && cap >= Self.model.calibration.followUpMaximum,
            "a cap inside follow-up would move calibration")
        let assumption = try #require(Self.model.assumption(Self.model.assumptionID(forSection: "longest-course")))
        #expect(assumption.sources.contains("CLEOPATRA-END-OF-STUDY"))
    }

    @Test("no course of any regimen exceeds the cap, first line or later, over many seeds")
    func noCourseExceedsTheCap() {
        let cap = Self.model.longestCourse.months
        let simulator = Simulator(knowledge: TestSupport.knowledge, model: Self.model)
        let states = [
            TestSupport.state(ecog: 0, receptor: .negative),
            TestSupport.state(ecog: 0, receptor: .positive, history: TestSupport.progressed("thp")),
        ]
        var reached = 0
        for state in states {
            for regimen in TestSupport.knowledge.regimens.map(\.id) {
                for seed in UInt64(1)...300 {
                    let advance = simulator.advance(
                        state, choosing: regimen, patient: seed, decisionIndex: 0,
                        scripted: [])
                    #expect(advance.course.months <= cap, "\(regimen) seed \(seed): \(advance.course.months)")
                    #expect(advance.course.progressionMonths <= cap)
                    #expect(advance.events.allSatisfy { $0.month <= cap })
                    if advance.course.progressionMonths == cap { reached += 1 }
                }
            }
        }
        #expect(reached > 0, "some long responders reach the cap (a cap nobody reaches tests nothing)")
    }
}
