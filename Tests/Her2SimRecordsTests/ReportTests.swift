import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

@Suite("Records: reports")
struct ReportTests {
    typealias Support = RecordsTestSupport

    static let builder = ReportBuilder(knowledge: Support.knowledge, cases: Support.cases, course: Support.simulator)

    private func assessed(
        _ turn: Int, _ regimen: RegimenID, _ tier: Tier, _ points: Int, reference: RegimenID, unsafe: Bool = false
    ) -> [SessionEvent] {
        [
            .chose(turn: turn, regimen: regimen),
            .assessed(turn: turn, regimen: regimen, tier: tier, points: points, unsafe: unsafe, reference: reference),
            .advanced(turn: turn, months: 3, events: []),
        ]
    }

    @Test("scores, means, unsafe choices and progress match sessions written by hand")
    func handWrittenSessions() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let day = Support.day
        let start = Support.march1
        // Cases not in the library: the report uses the recorded assessments only.
        let s1 = try store.insertSession(
            log: [.started(caseID: "x-1", seed: 1, learner: "alice")]
                + assessed(0, "tdm1", .preferred, 10, reference: "tdm1")
                + assessed(1, "lapatinib-capecitabine", .notRecommended, 1, reference: "clinical-trial")
                + [.ended(score: 11, maximum: 20)], at: start)
        let s3 = try store.insertSession(
            log: [.started(caseID: "x-1", seed: 3, learner: "bo")]
                + assessed(0, "trastuzumab-taxane", .contraindicated, 0, reference: "tdm1", unsafe: true),
            at: start + day)
        let s2 = try store.insertSession(
            log: [.started(caseID: "x-1", seed: 2, learner: "Alice")]
                + assessed(0, "tdm1", .preferred, 10, reference: "tdm1")
                + assessed(1, "clinical-trial", .preferred, 10, reference: "clinical-trial")
                + [.ended(score: 20, maximum: 20)], at: start + 2 * day)
        let s4 = try store.insertSession(
            log: [.started(caseID: "x-2", seed: 4, learner: nil)]
                + assessed(0, "tdxd", .conditional, 4, reference: "tdm1")
                + [.ended(score: 4, maximum: 10)], at: start + 3 * day)

        let report = try Self.builder.report(store: store)
        #expect(report.sessions.map(\.id) == [s1, s3, s2, s4])
        #expect(report.sessions.map(\.score) == [11, 0, 20, 4])
        #expect(report.sessions.map(\.maximum) == [20, 10, 20, 10]) // bo's: one decision so far, 10 points at most
        #expect(report.sessions.map(\.finished) == [true, false, true, true])
        #expect(report.sessions.map(\.learnerName) == ["alice", "bo", "alice", "anonymous"])
        let first = report.sessions[0]
        #expect(first.decisions.map(\.turn) == [0, 1])
        #expect(first.decisions.map(\.choice) == ["tdm1", "lapatinib-capecitabine"])
        #expect(first.decisions.map(\.tier) == [.preferred, .notRecommended])
        #expect(first.decisions.map(\.points) == [10, 1])
        #expect(first.decisions.map(\.reference) == ["tdm1", "clinical-trial"])
        #expect(report.sessions.allSatisfy { !$0.replayed && $0.note?.contains("not in the case library") == true })

        let cohort = report.cohort
        #expect(cohort.sessions == 4 && cohort.finished == 3 && cohort.learners == 3 && cohort.decisions == 6)
        #expect(cohort.notReplayed == 4)
        #expect(cohort.cases.map(\.caseID) == ["x-1", "x-2"])
        let x1 = cohort.cases[0]
        #expect(x1.sessions == 3 && x1.finished == 2)
        #expect(x1.meanScore == 15.5) // (11 + 20) / 2, finished sessions only
        #expect(x1.meanMaximum == 20)
        #expect(x1.meanPercent == 77.5) // (55% + 100%) / 2
        #expect(cohort.cases[1].meanScore == 4 && cohort.cases[1].meanPercent == 40)
        #expect(cohort.unsafeChoices.count == 1)
        #expect(cohort.unsafeChoices.first?.session == s3)
        #expect(cohort.unsafeChoices.first?.decision.choice == "trastuzumab-taxane")
        #expect(cohort.missedRules.isEmpty) // no replay, no rules
        #expect(cohort.objectives.isEmpty)
        // Progress: each learner in date order; alice's two spellings are one learner.
        #expect(cohort.progress.map(\.learnerName) == ["alice", "bo", "anonymous"])
        #expect(cohort.progress[0].sessions.map(\.session) == [s1, s2])
        #expect(cohort.progress[0].sessions.map(\.percent) == [55, 100])
        #expect(cohort.progress[1].sessions.map(\.finished) == [false])

        // Filters.
        #expect(
            try Self.builder.report(store: store, filter: ReportFilter(learner: "ALICE")).sessions.map(\.id) == [
                s1, s2,
            ])
        #expect(
            try Self.builder.report(store: store, filter: ReportFilter(learner: "anonymous")).sessions.map(\.id) == [s4]
        )
        #expect(
            try Self.builder.report(store: store, filter: ReportFilter(caseID: "x-2")).cohort.cases.map(\.caseID) == [
                "x-2"
            ])
        #expect(
            try Self.builder.report(store: store, filter: ReportFilter(since: start + day)).sessions.map(\.id) == [
                s3, s2, s4,
            ])
    }

    @Test("replayed sessions: missed rules are the reference's deciding rules where the choice fell below its tier")
    func replayedSessions() throws {
        let script = Support.script("hb-401")
        let store = try RecordStore(url: Support.scratchDatabase())
        // Alice follows the reference throughout; Bo takes the reference's worst option first.
        let alice = Support.play(script, seed: 31, learner: "alice") { recommendation, _ in recommendation.first.regimen
        }
        let bo = Support.play(script, seed: 32, learner: "bo") { recommendation, index in
            index == 0 ? recommendation.options.last!.regimen : recommendation.first.regimen
        }
        let carl = Support.play(script, seed: 33, learner: "carl") { recommendation, index in
            recommendation.options[min(4 + index, recommendation.options.count - 1)].regimen
        }
        let ids = try [alice, bo, carl].enumerated().map { index, session in
            try store.insertSession(log: session.log, at: Support.march1 + Double(index) * Support.day)
        }
        let report = try Self.builder.report(store: store)
        #expect(report.sessions.count == 3)
        #expect(report.sessions.allSatisfy { $0.replayed })

        var expectedMissed: [String: Int] = [:]
        var expectedUnsafe = 0
        for (session, reported) in zip([alice, bo, carl], report.sessions) {
            #expect(reported.score == session.score)
            #expect(reported.maximum == session.maximumScore)
            #expect(reported.finished == session.isOver)
            #expect(reported.decisions.count == session.decisions.count)
            for (record, decision) in zip(session.decisions, reported.decisions) {
                #expect(decision.turn == record.turn)
                #expect(decision.choice == record.assessment.choice.rawValue)
                #expect(decision.tier == record.assessment.tier)
                #expect(decision.points == record.assessment.points)
                #expect(decision.reference == record.recommendation.first.regimen.rawValue)
                #expect(decision.referenceTier == record.recommendation.first.tier)
                #expect(decision.objectives.map(\.id) == script.turns[record.turn].objectives)
                let missed =
                    record.assessment.tier > record.recommendation.first.tier
                    ? record.recommendation.first.placingReasons.filter { $0.role == .tier }.map(\.rule) : []
                #expect(decision.missedRules.map(\.rule) == missed)
                for rule in missed { expectedMissed[rule, default: 0] += 1 }
                if record.assessment.unsafe { expectedUnsafe += 1 }
            }
        }
        // Alice matched the reference everywhere: nothing missed, the reference's tier each time.
        #expect(
            report.sessions[0].decisions.allSatisfy {
                $0.missedRules.isEmpty && $0.tier == $0.referenceTier && !$0.missed
            })
        // Bo's first choice (the reference's last) is missed, with the first option's deciding rules.
        #expect(!report.sessions[1].decisions[0].missedRules.isEmpty)
        #expect(
            Dictionary(uniqueKeysWithValues: report.cohort.missedRules.map { ($0.rule.rule, $0.count) })
                == expectedMissed)
        #expect(report.cohort.missedRules.map(\.count) == report.cohort.missedRules.map(\.count).sorted(by: >))
        #expect(report.cohort.unsafeChoices.count == expectedUnsafe)
        #expect(report.cohort.unsafeChoices.allSatisfy { !$0.decision.choiceRules.isEmpty })

        // Objectives: the mean of the points of the decisions at the turns that teach them.
        for figure in report.cohort.objectives {
            var points: [Int] = []
            for session in [alice, bo, carl] {
                for record in session.decisions where script.turns[record.turn].objectives.contains(figure.objective.id)
                {
                    points.append(record.assessment.points)
                }
            }
            #expect(figure.decisions == points.count)
            #expect(abs(figure.meanPoints - Double(points.reduce(0, +)) / Double(points.count)) < 1e-9)
            #expect(figure.objective.text == script.objectives.first { $0.id == figure.objective.id }?.text)
        }
        #expect(!report.cohort.objectives.isEmpty)
        #expect(ids.count == 3)
    }

    @Test("a turn cut short by a crash (a choice without its assessment) is recomputed by replay")
    func truncatedLog() throws {
        let script = Support.script("hb-402")
        let session = Support.play(script, seed: 5, learner: "dee") { recommendation, _ in
            recommendation.options[1].regimen
        }
        #expect(session.decisions.count >= 2)
        // Cut right after the second 'chose'.
        var cut = 0
        var choices = 0
        for (index, event) in session.log.enumerated() {
            if case .chose = event {
                choices += 1
                if choices == 2 {
                    cut = index + 1
                    break
                }
            }
        }
        let store = try RecordStore(url: Support.scratchDatabase())
        try store.insertSession(log: Array(session.log.prefix(cut)), at: Support.march1)
        let report = try Self.builder.report(store: store)
        let reported = try #require(report.sessions.first)
        #expect(!reported.finished)
        #expect(reported.decisions.map(\.recorded) == [true, false])
        #expect(reported.decisions.map(\.points) == session.decisions.prefix(2).map(\.assessment.points))
        #expect(reported.score == session.decisions.prefix(2).reduce(0) { $0 + $1.assessment.points })
    }

    @Test("a generated cohort of 50 sessions reports quickly")
    func fiftySessions() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        var rng = SeededGenerator(seed: 2025)
        for index in 0..<50 {
            let script = Support.cases[index % Support.cases.count]
            let skill = Int.random(in: 0...4, using: &rng)
            var picks = SeededGenerator(seed: UInt64(index))
            let session = Support.play(script, seed: UInt64(1000 + index), learner: "fellow-\(index % 12)") {
                recommendation, _ in
                let worst = min(recommendation.options.count - 1, skill * 2)
                return recommendation.options[Int.random(in: 0...worst, using: &picks)].regimen
            }
            // Every fifth session is left unfinished, as by a closed laptop.
            let log = index % 5 == 4 ? Array(session.log.prefix(4)) : session.log
            try store.insertSession(log: log, at: Support.march1 + Double(index) * 3_600)
        }
        let clock = ContinuousClock()
        var report: Report?
        let elapsed = try clock.measure { report = try Self.builder.report(store: store) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("records: a report of 50 generated sessions took \(String(format: "%.3f", seconds)) s (this build)")
        #expect(report?.sessions.count == 50)
        #expect(report?.cohort.sessions == 50)
        #expect(report?.sessions.allSatisfy { $0.replayed } == true)
        #expect(seconds < 5, "50 sessions took \(seconds) s")
    }
}
