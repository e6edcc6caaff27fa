import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Sessions: scoring, advancing, branches, and replay of the event log.
@Suite("Sessions")
struct SessionTests {
    static let model: SimulationModel = {
        do {
            return try SimulationModelLoader.load(
                directory: TestSupport.scoringDirectory, displayPrefix: "Scoring/",
                knowledge: TestSupport.knowledge)
        } catch {
            fatalError("Scoring/model.yaml does not load:\n\(error)")
        }
    }()

    static let context = SessionContext(
        knowledge: TestSupport.knowledge,
        course: Simulator(knowledge: TestSupport.knowledge, model: model))

    static let readmeCase: CaseScript = {
        let readme = TestSupport.text(TestSupport.repositoryRoot.appendingPathComponent("Cases/README.md"))
        let start = readme.range(of: "```yaml\n")!.upperBound
        let end = readme.range(of: "```\n", range: start..<readme.endIndex)!.lowerBound
        let result = CaseLoader.load(String(readme[start..<end]), file: "README.yaml", knowledge: TestSupport.knowledge)
        return result.script!
    }()

    @Test func aDecisionIsScoredAndTheCaseAdvances() throws {
        var session = Session(script: Self.readmeCase, seed: 42, context: Self.context)
        #expect(session.line == 4)
        #expect(session.narrative.contains("Ms. A, 49"))
        let chosen = session.choose("kadcyla")
        let record = try #require(chosen)
        #expect(record.assessment.choice == "tdm1")
        #expect(record.assessment.tier == .preferred)
        #expect(record.assessment.points == 10)
        #expect(session.turnIndex == 1)
        #expect(session.state.history.last?.regimen == "tdm1")
        // A plain after-months is drug-dependent: the simulator decides how long T-DM1 ran.
        #expect(record.interval?.months == record.outcome.months)
        #expect(session.state.history.last?.months == record.outcome.months)
        #expect(session.state.trialAvailable)
        #expect(session.state.toxicities[.thrombocytopenia] >= 2)
        #expect(session.line == 5)
    }

    @Test("the simulator decides how long the chosen regimen ran; nothing happens after the line ends")
    func theSimulatorDecidesTheInterval() {
        var durations = Set<Double>()
        for seed in UInt64(1)...200 {
            var session = Session(script: Self.readmeCase, seed: seed, context: Self.context)
            guard let record = session.choose("tdm1"), let interval = record.interval else {
                Issue.record("choice refused for seed \(seed)")
                return
            }
            let line = session.state.history.last
            durations.insert(record.outcome.months)
            #expect(interval.regimen == "tdm1" && line?.regimen == "tdm1")
            #expect(line?.months == interval.months && interval.stopped == line?.stopped, "seed \(seed)")
            #expect(line?.stopped == .toxicity || line?.stopped == .progression, "seed \(seed)")
            let end = interval.months
            #expect(interval.events.allSatisfy { $0.month <= end }, "seed \(seed)")
            if let progression = interval.events.firstIndex(where: { $0.kind == .progression }) {
                let after = interval.events[progression...].filter { $0.month > interval.events[progression].month }
                #expect(after.isEmpty, "seed \(seed): \(after)")
            }
        }
        // Not a fixed after-months: the course differs between patients.
        #expect(durations.count > 100)
    }

    @Test("a toxicity the chosen regimen cannot cause does not happen unguarded")
    func unguardedToxicityNeedsTheRegimensProfile() throws {
        // The README case scripts thrombocytopenia after turn 1: T-DM1 causes it, the HER2CLIMB
        // regimen does not list it.
        for seed in UInt64(1)...20 {
            var session = Session(script: Self.readmeCase, seed: seed, context: Self.context)
            let chosen = session.choose("tucatinib-trastuzumab-capecitabine")
            let record = try #require(chosen)
            #expect(
                !record.outcome.events.contains { $0.event == .toxicity(.thrombocytopenia, grade: 2) }, "seed \(seed)")
        }
    }

    @Test func anUnsafeChoiceIsFlaggedAndBranchEventsApply() throws {
        var session = Session(script: Self.readmeCase, seed: 42, context: Self.context)
        let chosen = session.choose("trastuzumab-taxane")
        let record = try #require(chosen)
        #expect(record.assessment.points < 10)
        #expect(record.branch != nil)
        // The regimen branch scripts grade 3 neuropathy on top of the next turn's events.
        #expect(session.state.toxicities[.peripheralNeuropathy] == 3)
    }

    @Test func unknownRegimenLeavesTheSessionUntouched() {
        var session = Session(script: Self.readmeCase, seed: 1, context: Self.context)
        let before = session.log
        #expect(session.choose("not-a-regimen") == nil)
        #expect(session.log == before)
        #expect(session.turnIndex == 0)
    }

    @Test func theCaseEndsAfterTheLastDecision() throws {
        var session = Session(script: Self.readmeCase, seed: 9, context: Self.context)
        #expect(session.choose("tdm1") != nil)
        #expect(session.choose("clinical-trial") != nil)
        #expect(session.isOver)
        #expect(session.score == 20)
        #expect(session.maximumScore == 20)
        #expect(session.choose("tdm1") == nil)
        guard case .ended(let score, let maximum)? = session.log.last else {
            Issue.record("the log does not end with .ended")
            return
        }
        #expect(score == 20 && maximum == 20)
    }

    @Test func replayingTheLogRebuildsTheSameSession() throws {
        var session = Session(script: Self.readmeCase, seed: 77, learner: "ana", context: Self.context)
        #expect(session.choose("tdxd") != nil)
        #expect(session.choose("tdm1") != nil)
        let replayed = try #require(Session.replay(session.log, script: Self.readmeCase, context: Self.context))
        #expect(replayed.log == session.log)
        #expect(replayed.state == session.state)
        #expect(replayed.score == session.score)
        // A prefix of the log resumes where it stopped.
        let prefix =
            Array(session.log.prefix { if case .advanced(turn: 0, _, _) = $0 { return false } else { return true } })
            + [session.log.first { if case .advanced(turn: 0, _, _) = $0 { return true } else { return false } }!]
        let resumed = try #require(Session.replay(prefix, script: Self.readmeCase, context: Self.context))
        #expect(resumed.turnIndex == 1)
        #expect(resumed.decisions.count == 1)
    }

    @Test func aLogFromAnotherCaseIsRefused() {
        var other = Self.readmeCase
        other.id = "another"
        let session = Session(script: Self.readmeCase, seed: 1, context: Self.context)
        #expect(Session.replay(session.log, script: other, context: Self.context) == nil)
    }

    @Test func sameSeedSameCourseDifferentSeedDifferentCourse() throws {
        func play(_ seed: UInt64) -> [CourseOutcome] {
            var session = Session(script: Self.readmeCase, seed: seed, context: Self.context)
            _ = session.choose("tdm1")
            _ = session.choose("clinical-trial")
            return session.decisions.map(\.outcome)
        }
        #expect(play(5) == play(5))
        let outcomes = Set((1...20).map { play($0).last!.months })
        #expect(outcomes.count > 1)
    }

    @Test func theReferenceReplayChoosesTheFirstChoiceEverywhere() {
        let session = Session(script: Self.readmeCase, seed: 3, context: Self.context)
        let reference = session.referenceReplay()
        #expect(reference.isOver)
        #expect(reference.decisions.allSatisfy { $0.assessment.matchesReference })
        #expect(reference.score == reference.maximumScore)
    }
}
