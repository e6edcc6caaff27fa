import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

@testable import Her2SimRecords

/// Stored management decisions in reports: their turn's objectives, the score so far of an
/// unfinished session, their confidence, and their re-grading.
@Suite("Records: management decisions in reports")
struct ManagementRecordsTests {
    typealias Support = RecordsTestSupport

    /// The simulator with the labels' dose-modification tables, as `her2sim` loads it (the shared
    /// one has none, so its sessions skip management turns).
    static let course: Simulator = {
        var model = Support.simulator.model
        do {
            model.doseModifications.table = try DoseModificationLoader.load(
                directory: Support.repositoryRoot.appendingPathComponent("Scoring"), displayPrefix: "Scoring/",
                knowledge: Support.knowledge)?.table
        } catch {
            fatalError("Scoring/dose-modifications.yaml does not load:\n\(error)")
        }
        return Simulator(knowledge: Support.knowledge, model: model)
    }()

    static let context = SessionContext(knowledge: Support.knowledge, course: course)
    static let builder = ReportBuilder(knowledge: Support.knowledge, cases: Support.cases, course: course)

    /// hb-411 seed 1: HER2CLIMB at t1, then grade 3 hand-foot syndrome at t2 (`decide: management`,
    /// objective `hfs-grading`), where the label reduces capecitabine and the fellow holds it.
    static func played(_ action: String = "hold") throws -> Session {
        var session = Session(script: Support.script("hb-411"), seed: 1, learner: "kim", context: Self.context)
        try #require(session.choose("tucatinib-trastuzumab-capecitabine") != nil)
        try #require(session.pendingManagement != nil, "hb-411 seed 1 asks for a management decision at t2")
        try #require(session.manage(try #require(ManagementAction(id: action))) != nil)
        return session
    }

    @Test("a management turn's objectives count in the mean score per objective, beside the regimen turns'")
    func objectivesCountManagement() throws {
        let session = try Self.played()
        let record = try #require(session.managements.first)
        let regimen = try #require(session.decisions.first)
        #expect(record.points < record.maximumPoints, "holding is not the label's action")
        let store = try RecordStore(url: Support.scratchDatabase())
        _ = try store.insertSession(log: session.log, at: Support.march1)
        let report = try Self.builder.report(store: store)

        let management = try #require(report.sessions.first?.managements.first)
        #expect(management.turn == 1)
        #expect(management.turnID == "t2")
        #expect(management.objectives.map(\.id) == ["hfs-grading"])
        #expect(management.referenceTier == record.recommendation.first.tier)

        // t1 (regimen) and t2 (management) both teach hfs-grading: two decisions, both counted.
        let figure = try #require(report.cohort.objectives.first { $0.objective.id == "hfs-grading" })
        let regimenCount = report.sessions[0].decisions.filter { $0.objectives.contains { $0.id == "hfs-grading" } }
            .count
        #expect(figure.decisions == regimenCount + 1)
        let regimenPoints = report.sessions[0].decisions.filter { $0.objectives.contains { $0.id == "hfs-grading" } }
            .reduce(0) { $0 + $1.points }
        #expect(figure.meanPoints == Double(regimenPoints + record.points) / Double(regimenCount + 1))
        #expect(regimen.assessment.points != record.points, "the mean must tell the two apart")
        #expect(
            figure.fullMarks
                == report.sessions[0].decisions.filter {
                    $0.objectives.contains { $0.id == "hfs-grading" } && $0.points >= $0.maximumPoints
                }.count)
    }

    @Test("an unfinished session's score so far includes its management decisions' points")
    func unfinishedScoreIncludesManagement() throws {
        let session = try Self.played("reduce")
        #expect(!session.isOver)
        let record = try #require(session.managements.first)
        let regimen = try #require(session.decisions.first)
        #expect(record.points > 0)
        let store = try RecordStore(url: Support.scratchDatabase())
        _ = try store.insertSession(log: session.log, at: Support.march1)
        let report = try Self.builder.report(store: store)
        let stored = try #require(report.sessions.first)
        #expect(!stored.finished)
        #expect(stored.score == regimen.assessment.points + record.points)
        #expect(stored.maximum == regimen.assessment.maximumPoints + record.maximumPoints)
        #expect(stored.score == session.score)
    }

    @Test("a confidence given at a management turn is the management decision's, not a regimen decision's")
    func confidenceAtManagementTurn() throws {
        let session = try Self.played()
        let store = try RecordStore(url: Support.scratchDatabase())
        let id = try store.insertSession(log: session.log, at: Support.march1)
        try store.setConfidence(40, turn: 0, session: id)
        try store.setConfidence(85, turn: 1, session: id)
        let report = try Self.builder.report(store: store)
        let stored = try #require(report.sessions.first)
        #expect(stored.decisions.first?.confidence == 40)
        #expect(stored.managements.first?.confidence == 85)
    }

    @Test("the cohort counts management decisions: decisions, unsafe choices and calibration")
    func cohortCountsManagement() throws {
        // hb-411 seed 1, then `manage discontinue` (not recommended) at 90% sure, and `continue`
        // through grade 3 hand-foot syndrome in a second session.
        let store = try RecordStore(url: Support.scratchDatabase())
        let first = try store.insertSession(log: try Self.played("discontinue").log, at: Support.march1)
        try store.setConfidence(90, turn: 1, session: first)
        _ = try store.insertSession(log: try Self.played("continue").log, at: Support.march1)
        let report = try Self.builder.report(store: store)
        let managements = report.sessions.flatMap(\.managements)
        #expect(managements.count == 2)
        #expect(report.cohort.decisions == 4, "two regimen and two management decisions")
        let calibration = report.calibration
        #expect(calibration.decisions == 1)
        #expect(calibration.confidentlyWrong.map(\.choice) == ["manage discontinue"])
        let unsafeManaged = managements.filter(\.unsafe).count
        #expect(report.cohort.unsafeChoices.filter { $0.decision.choice.hasPrefix("manage ") }.count == unsafeManaged)
    }

    @Test("regrade with unchanged tables checks the management decision and finds no change")
    func regradeUnchanged() throws {
        let session = try Self.played()
        let store = try RecordStore(url: Support.scratchDatabase())
        _ = try store.insertSession(log: session.log, at: Support.march1)
        let result = Self.builder.regrade(try store.recordedSessions())
        #expect(result.checked == session.decisions.count + 1)
        #expect(result.checkedManagements == 1)
        #expect(result.changed.isEmpty)
        #expect(result.notReplayed.isEmpty)
    }

    @Test("regrade flags a stored management decision whose recorded tier today's tables do not give")
    func regradeChangedTier() throws {
        let session = try Self.played()
        var log = session.log
        // As if an older table had ranked holding as the label's action: preferred, full points.
        let index = try #require(log.firstIndex { if case .managed = $0 { true } else { false } })
        guard case .managed(let turn, let action, let tier, _, let unsafe, _) = log[index] else { return }
        let full = Support.knowledge.rubric.points[.preferred] ?? 0
        log[index] = .managed(
            turn: turn, action: action, tier: .preferred, points: full, unsafe: unsafe, reference: "hold")
        let store = try RecordStore(url: Support.scratchDatabase())
        _ = try store.insertSession(log: log, at: Support.march1, knowledgeBase: "old")
        let result = Self.builder.regrade(try store.recordedSessions())
        #expect(result.checkedManagements == 1)
        let change = try #require(result.changed.first)
        #expect(result.changed.count == 1)
        #expect(change.kind == .management)
        #expect(change.choice == "hold")
        #expect(change.turnID == "t2")
        #expect(change.recordedTier == .preferred && change.recordedPoints == full)
        #expect(change.tier == tier)
        #expect(change.points == Support.knowledge.rubric.points[tier])
        #expect(change.rules.map(\.rule) == ["her2climb-hfs-3"], "the label row that ranks it today")
        #expect(change.recordedKnowledgeBase == "old")
    }
}
