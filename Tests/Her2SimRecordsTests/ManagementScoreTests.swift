import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

@testable import Her2SimRecords

/// Management decisions count like regimen decisions: in a session's score (finished or not),
/// in the per-objective figures of the turn that asked for them, and with their confidence.
@Suite("Records: management decisions in scores and objectives")
struct ManagementScoreTests {
    typealias Support = RecordsTestSupport
    static let builder = ReportBuilder(knowledge: Support.knowledge, cases: Support.cases, course: Support.simulator)
    static let context: SessionContext = {
        do {
            let loaded = try DoseModificationLoader.load(
                directory: Support.repositoryRoot.appendingPathComponent("Scoring"), displayPrefix: "Scoring/",
                knowledge: Support.knowledge)
            return SessionContext(
                knowledge: Support.knowledge, course: Support.simulator,
                doseModifications: loaded?.table)
        } catch {
            fatalError("Scoring/dose-modifications.yaml does not load: \(error)")
        }
    }()

    /// hb-411, seed 1: the HER2CLIMB regimen (10/10), then `action` at the hand-foot syndrome.
    static func played(_ action: ManagementVerb, thenTDM1: Bool = true) throws -> Session {
        var session = Session(script: Support.script("hb-411"), seed: 1, context: Self.context)
        try #require(session.choose("tucatinib-trastuzumab-capecitabine") != nil)
        try #require(session.manage(ManagementAction(action)) != nil)
        if thenTDM1 { try #require(session.choose("tdm1") != nil) }
        return session
    }

    static func recorded(_ session: Session) -> RecordedSession {
        let stored = StoredSession(
            id: SessionID(1), learner: "kim", caseID: "hb-411", seed: 1, started: Support.march1,
            score: nil, maximum: nil, eventCount: session.log.count, knowledgeBase: nil)
        return RecordedSession(session: stored, events: session.log)
    }

    @Test("the objective the management turn teaches is not full marks after a 1/10 management choice")
    func objective() throws {
        let session = try Self.played(.continue)
        let points = try #require(session.managements.first?.points)
        #expect(points < 10)
        let report = Self.builder.report([Self.recorded(session)])
        let figure = try #require(report.cohort.objectives.first { $0.objective.id == "hfs-grading" })
        // hfs-grading is taught at the first regimen turn (10), the management turn and the next
        // regimen turn (10): three decisions, not two at 100%.
        #expect(figure.decisions == 3, "\(figure)")
        #expect(abs(figure.meanPoints - Double(20 + points) / 3) < 1e-9)
        #expect((figure.meanPercent ?? 100) < 100)
        #expect(figure.fullMarks == 2)
        let managed = try #require(report.sessions.first?.managements.first)
        #expect(managed.objectives.map(\.id) == ["hfs-grading"] && !managed.isAuto)
    }

    @Test("an unfinished session's score counts its management decision")
    func unfinishedScore() throws {
        let session = try Self.played(.continue, thenTDM1: false)
        #expect(!session.isOver)
        let report = Self.builder.sessionReport(Self.recorded(session))
        #expect(!report.finished)
        #expect(report.score == session.score && report.maximum == session.maximumScore)
        #expect(report.maximum == 20 && report.score < 20)
    }

    @Test("a management decision's confidence comes back on it, apart from the regimen decisions")
    func confidence() throws {
        let session = try Self.played(.reduce)
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url)
        let id = try store.insertSession(log: session.log, at: Support.march1)
        let record = try #require(session.managements.first)
        try store.setConfidence(70, turn: 0, session: id)
        try store.setConfidence(35, turn: record.confidenceKey, session: id)
        let report = try Self.builder.report(store: store)
        let stored = try #require(report.sessions.first)
        #expect(stored.decisions.first?.confidence == 70)
        #expect(stored.managements.first?.confidence == 35)
        #expect(stored.decisions.dropFirst().allSatisfy { $0.confidence == nil })
        // One the timeline raised sits at the next regimen turn: its key never meets that turn's.
        #expect(ManagementRecord.confidenceKey(turn: 2, isAuto: true) != 2)
        #expect(ManagementRecord.confidenceKey(turn: 2, isAuto: false) == 2)
    }
}
