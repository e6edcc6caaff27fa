import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// Management decisions in a case: `decide: management` turns, `manage: auto`, and what each
/// action does to the rest of the case.
@Suite("Management decisions in a session")
struct ManagementSessionTests {
    static let context = SessionContext(
        knowledge: TestSupport.knowledge,
        course: Simulator(knowledge: TestSupport.knowledge, model: SessionTests.model),
        doseModifications: ManagementSupport.table)

    static func shipped(_ id: String) throws -> CaseScript {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Cases/\(id).yaml")
        return try #require(
            CaseLoader.load(
                TestSupport.text(url), file: "\(id).yaml",
                knowledge: TestSupport.knowledge
            ).script)
    }

    /// hb-411 on the HER2CLIMB path, at its management turn (seed 1 responds long enough).
    static func atHandFoot() throws -> Session {
        var session = Session(script: try shipped("hb-411"), seed: 1, context: context)
        let chosen = session.choose("tucatinib-trastuzumab-capecitabine")
        try #require(chosen != nil)
        return session
    }

    @Test("hb-411: grade 3 hand-foot syndrome on the HER2CLIMB regimen asks for a management decision")
    func pending() throws {
        let session = try Self.atHandFoot()
        let decision = try #require(session.pendingManagement)
        #expect(decision.regimen == "tucatinib-trastuzumab-capecitabine")
        #expect(decision.toxicity == .handFootSyndrome && decision.grade == 3)
        #expect(!session.pendingIsAuto)
        #expect(session.state.history.last?.stopped == .completed, "the regimen is still given")
        #expect(session.maximumCaseScore == 4 * TestSupport.knowledge.rubric.maximumPoints)
    }

    @Test("reduce: scored preferred, the lower dose in the interval, the regimen goes on; the log replays")
    func reduce() throws {
        var session = try Self.atHandFoot()
        let managed = session.manage(ManagementAction(.reduce))
        let record = try #require(managed)
        #expect(record.option.tier == .preferred && record.points == 10 && !record.unsafe)
        #expect(record.interval?.management?.contains("one dose level lower (75%)") == true)
        #expect(session.currentInterval?.management == record.interval?.management)
        #expect(session.pendingManagement == nil)
        #expect(
            session.state.history.count { $0.regimen == "tucatinib-trastuzumab-capecitabine" } == 1,
            "the same line continues")
        #expect(session.score == 20 && session.maximumScore == 20)
        #expect(
            session.log.contains(
                .managed(
                    turn: 1, action: "reduce", tier: .preferred, points: 10, unsafe: false,
                    reference: "reduce")))
        let replayed = try #require(Session.replay(session.log, script: session.script, context: Self.context))
        #expect(replayed.managements.map(\.chosen) == [ManagementAction(.reduce)])
        #expect(replayed.state == session.state)
    }

    @Test("continuing through grade 3 makes it worse; discontinuing ends the line for that toxicity")
    func continueAndDiscontinue() throws {
        var continued = try Self.atHandFoot()
        let keptRecord = continued.manage(ManagementAction(.continue))
        let kept = try #require(keptRecord)
        #expect(kept.option.tier == .notRecommended)
        #expect(
            kept.outcome.events.contains { $0.event == .toxicity(.handFootSyndrome, grade: 4) },
            "the toxicity gets worse: \(kept.outcome.events)")
        var stopped = try Self.atHandFoot()
        let endedRecord = stopped.manage(ManagementAction(.discontinue))
        let ended = try #require(endedRecord)
        #expect(ended.interval == nil && ended.outcome.months == 0)
        let line = try #require(stopped.state.history.last)
        #expect(line.stopped == .toxicity && line.toxicity?.toxicity == .handFootSyndrome)
    }

    @Test("an action the regimen does not offer is refused and changes nothing")
    func refused() throws {
        var session = try Self.atHandFoot()
        let refusedRecord = session.manage(ManagementAction(.omit, drug: "taxane"))
        #expect(refusedRecord == nil)
        #expect(session.pendingManagement != nil && session.managements.isEmpty)
        let chosen = session.choose("tdm1")
        #expect(chosen != nil, "a tool that only chooses regimens takes the label's action on the way")
        #expect(session.managements.first?.chosen == ManagementAction(.reduce))
    }

    @Test("without the tables a management turn is skipped and the interrupted regimen goes on")
    func withoutTables() throws {
        var session = Session(script: try Self.shipped("hb-411"), seed: 1, context: SessionTests.context)
        let chosen = session.choose("tucatinib-trastuzumab-capecitabine")
        let record = try #require(chosen)
        #expect(session.pendingManagement == nil)
        #expect(session.state.history.last?.stopped != .completed)
        #expect(session.decisions.last?.outcome.months ?? 0 > record.outcome.months - 1e-9)
        #expect(session.currentTurn?.decides == true)
    }

    @Test("manage: auto offers a decision for a grade >= 3 toxicity that stopped a responding regimen")
    func auto() throws {
        var script = try Self.shipped("hb-411")
        script.manageAuto = true
        // Some seed's course stops T-DM1 (a responding line) for a severe toxicity.
        var found = false
        for seed in UInt64(1)...200 {
            var session = Session(script: script, seed: seed, context: Self.context)
            guard session.choose("tdm1") != nil, let pending = session.pendingManagement else { continue }
            #expect(session.pendingIsAuto)
            #expect(pending.regimen == "tdm1" && pending.grade >= 3)
            #expect(session.state.history.last?.stopped == .completed)
            let turn = session.turnIndex
            let managed = session.manage(ManagementSupport.engine.rank(pending)!.first.action)
            let record = try #require(managed)
            #expect(record.isAuto && session.turnIndex == turn, "the regimen turn it came before is still next")
            found = true
            break
        }
        #expect(found, "no seed in 1...200 stopped T-DM1 for a grade 3 toxicity")
    }

    @Test("hb-410: a management turn before the first regimen choice manages her last line's T-DM1; replays")
    func managementFirst() throws {
        var session = Session(script: try Self.shipped("hb-410"), seed: 7, context: Self.context)
        let decision = try #require(session.pendingManagement, "the case opens with the management decision")
        #expect(session.turnIndex == 0 && session.decisions.isEmpty)
        #expect(decision.regimen == "tdm1" && decision.toxicity == .hepatotoxicity && decision.grade == 3)
        #expect(session.state.history.last?.stopped == .completed, "T-DM1 is still given until the fellow decides")
        let managed = session.manage(ManagementAction(.reduce))
        let record = try #require(managed)
        #expect(record.option.tier == .preferred && record.recommendation.row.id == "tdm1-transaminases-3")
        #expect(session.currentTurn?.decides == true, "the regimen decision follows")
        #expect(session.state.history.count { $0.regimen == "tdm1" } == 1, "the same T-DM1 line went on")
        #expect(session.choose("endocrine-her2") != nil)
        let replayed = try #require(Session.replay(session.log, script: session.script, context: Self.context))
        #expect(replayed.managements.map(\.chosen) == [ManagementAction(.reduce)])
        #expect(replayed.state == session.state && replayed.score == session.score)
    }

    @Test("after a management choice the next turn's stopped guard reads it: discontinue ends the line there")
    func stoppedGuardFollowsTheChoice() throws {
        var stopped = Session(script: try Self.shipped("hb-410"), seed: 7, context: Self.context)
        #expect(stopped.manage(ManagementAction(.discontinue)) != nil)
        #expect(stopped.path.course.last?.stopped == .toxicity)
        #expect(stopped.path.course.last?.toxicities[.hepatotoxicity] == 3)
        var reduced = Session(script: try Self.shipped("hb-410"), seed: 7, context: Self.context)
        let reducedRecord = reduced.manage(ManagementAction(.reduce))
        let record = try #require(reducedRecord)
        #expect(reduced.path.course.last?.stopped == record.interval?.stopped)
        #expect(reduced.path.course.last?.stopped != .toxicity || record.interval?.stopped == .toxicity)
        #expect((reduced.path.course.last?.months ?? 0) >= (record.interval?.months ?? 0))
        // hb-415: on T-DM1 with grade 3 thrombocytopenia the narrative that follows tells what the
        // fellow chose: T-DM1 stopped, or held and given on.
        for (action, says) in [
            (ManagementAction(.discontinue), "T-DM1 was stopped"),
            (ManagementAction(.hold), "On T-DM1 Mrs. K.L.'s platelets recovered"),
        ] {
            var session = Session(script: try Self.shipped("hb-415"), seed: 5, context: Self.context)
            #expect(session.choose("tucatinib-trastuzumab-capecitabine") != nil)
            #expect(session.choose("tdm1") != nil)
            try #require(session.pendingManagement?.toxicity == .thrombocytopenia, "seed 5 reaches the platelet turn")
            #expect(session.manage(action) != nil)
            #expect(session.narrative.contains(says), "\(action): \(session.narrative)")
            let text = session.intervalText + session.narrative
            if action.verb == .discontinue { #expect(!text.contains("still receiving"), "\(text)") }
        }
    }
}
