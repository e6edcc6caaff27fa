import Testing

@testable import Her2SimCore

/// The end-of-case comparison counts a regimen's whole course, management decisions included:
/// hb-411's HER2CLIMB regimen ran on for many months after capecitabine was omitted.
@Suite("The comparison after a management decision")
struct ManagementComparisonTests {
    @Test("each action: the regimen's line has the months the history gives it, as one line")
    func wholeCourse() throws {
        for action in ["omit-capecitabine", "reduce", "hold", "discontinue"] {
            var session = try ManagementSessionTests.atHandFoot()
            let managed = session.manage(try #require(ManagementAction(id: action)))
            try #require(managed != nil)
            let regimen: RegimenID = "tucatinib-trastuzumab-capecitabine"
            let history = try #require(session.state.history.last { $0.regimen == regimen })
            let outcome = SequenceOutcome(session: session)
            let lines = outcome.lines.filter { $0.regimen == regimen }
            #expect(lines.count == 1, "\(action)")
            #expect(abs((lines.first?.months ?? -1) - history.months) < 1e-9, "\(action): \(lines) vs \(history)")
        }
    }
}
