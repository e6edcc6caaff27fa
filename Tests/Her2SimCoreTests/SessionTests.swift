import Foundation
import Her2SimCore
import Testing

/// Sessions: scoring, advancing, branches, and replay of the event log.
@Suite("Sessions")
struct SessionTests {
    static let model: SimulationModel = {
        do {
            return try SimulationModelLoader.load(directory: TestSupport.scoringDirectory, displayPrefix: "Scoring/",
                                                  knowledge: TestSupport.knowledge)
        } catch {
            fatalError("Scoring/model.yaml does not load:\n\(error)")
        }
    }()

    static let context = SessionContext(knowledge: TestSupport.knowledge,
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
        // after-months: 5 fixes the duration; the scripted events happened.
        #expect(record.outcome.months == 5)
        #expect(session.state.trialAvailable)
        #expect(session.state.toxicities[.thrombocytopenia] >= 2)
        #expect(session.line == 5)
    }

    @Test("a scripted progression with after-months happens at the turn, with the disease controlled until then")
    func scriptedProgressionHappensAtTheTurn() {
        for seed in UInt64(1)...200 {
            var session = Session(script: Self.readmeCase, seed: seed, context: Self.context)
            guard let record = session.choose("tdm1") else {
                Issue.record("choice refused for seed \(seed)")
                return
            }
            // A treatment-limiting toxicity may still end the line sooner; otherwise it ends at
            // the scripted progression, at month 5.
            let line = session.state.history.last
            #expect(line?.stopped == .toxicity || (line?.stopped == .progression && line?.months == 5), "seed \(seed)")
            #expect(record.outcome.months == 5, "seed \(seed)")
            let early = record.outcome.events.filter { timed in
                switch timed.event {
                case .progression, .response(.progression): return timed.month < 5
                default: return false
                }
            }
            #expect(early.isEmpty, "seed \(seed): \(early)")
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
        let prefix = Array(session.log.prefix { if case .advanced(turn: 0, _, _) = $0 { return false } else { return true } })
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
