import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// A drug given again after a toxicity its label ends it for good with (`rechallenge` in
/// Scoring/model.yaml): the toxicity may come back, the course stops early, and the
/// counterfactual counts it — so "T-DXd again after pneumonitis" never looks like the better
/// sequence (hb-407).
@Suite("Rechallenge after a toxicity that ends a drug for good")
struct RechallengeTests {
    static let context = SessionTests.context
    static let model = SessionTests.model

    static let hb407: CaseScript = {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Cases/hb-407.yaml")
        return CaseLoader.load(TestSupport.text(url), file: "hb-407.yaml", knowledge: TestSupport.knowledge).script!
    }()

    /// Line 3 after THP, then T-DXd stopped for grade 3 ILD.
    static var afterILD: PatientState {
        TestSupport.state(
            receptor: .negative,
            history: TestSupport.progressed("thp") + [
                TherapyLine(regimen: "tdxd", months: 6, response: .partial, stopped: .toxicity, toxicity: (.ild, 3))
            ])
    }

    @Test("the model names its sources and its risks are well formed")
    func modelData() throws {
        let ild = try #require(Self.model.rechallenge.first { $0.toxicity == .ild })
        let assumption = try #require(Self.model.assumption(ild.id))
        #expect(assumption.sources.contains("TDXD-LABEL") && assumption.sources.contains("POWELL-2022"))
        #expect(ild.gradeAtLeast == 2 && ild.recurrence >= 0.33)
        #expect(ild.grades.allSatisfy { $0.grade >= 2 }, "a recurrence is stopped again by the label")
        #expect(ild.grades.contains { $0.grade == 5 && $0.share > 0 }, "fatal ILD is possible")
        for risk in Self.model.rechallenge {
            #expect(abs(risk.grades.reduce(0) { $0 + $1.share } - 1) < 1e-9, "\(risk.id)")
        }
        #expect(Set(Self.model.rechallenge.map(\.toxicity)) == [.ild, .hepatotoxicity, .lvefDecline])
    }

    @Test("T-DXd after grade 3 ILD: recurrences near the published rate stop it early and count as severe")
    func recurrence() {
        let simulator = Simulator(knowledge: TestSupport.knowledge, model: Self.model)
        var withoutRisk = Self.model
        withoutRisk.rechallenge = []
        let naive = Simulator(knowledge: TestSupport.knowledge, model: withoutRisk)
        var recurred = 0
        var fatal = 0
        var shorter = 0
        var severe = 0
        let patients = 2_000
        for seed in UInt64(1)...UInt64(patients) {
            let course = simulator.advance(
                Self.afterILD, choosing: "tdxd", patient: seed, decisionIndex: 0,
                scripted: [])
            let baseline = naive.advance(
                Self.afterILD, choosing: "tdxd", patient: seed, decisionIndex: 0,
                scripted: [])
            let ild = course.events.compactMap { event -> Int? in
                if case .toxicity(.ild, let grade) = event.event { return grade }
                return nil
            }
            if let grade = ild.first, grade >= 2 {
                recurred += 1
                #expect(course.course.stopReason == .toxicity, "seed \(seed): the label stops it again")
                if grade >= 3 { severe += 1 }
                if grade >= 5 { fatal += 1 }
            }
            #expect(course.course.months <= baseline.course.months + 1e-9, "seed \(seed): never longer")
            if course.course.months < baseline.course.months - 1e-9 { shorter += 1 }
            // The other draws of the patient are untouched: same progression time.
            #expect(course.course.progressionMonths == baseline.course.progressionMonths)
        }
        let rate = Double(recurred) / Double(patients)
        #expect(rate > 0.4 && rate < 0.62, "recurrence \(rate): the model's 50% plus ILD she would have had anyway")
        #expect(fatal > 0 && severe > recurred / 3)
        #expect(shorter > patients / 3)
        // Without a prior ILD, T-DXd again (after progression) carries no such risk.
        let progressed = TestSupport.state(receptor: .negative, history: TestSupport.progressed("thp", "tdxd"))
        for seed in UInt64(1)...200 {
            let a = simulator.advance(progressed, choosing: "tdxd", patient: seed, decisionIndex: 0, scripted: [])
            let b = naive.advance(progressed, choosing: "tdxd", patient: seed, decisionIndex: 0, scripted: [])
            #expect(a == b, "seed \(seed)")
        }
    }

    @Test("a fatal recurrence ends the sequence: no regimen follows")
    func fatalEndsSequence() throws {
        var found = false
        for seed in UInt64(1)...400 {
            let outcome = SequenceComparison.replay(
                ["tdxd", "tucatinib-trastuzumab-capecitabine"], from: Self.afterILD,
                seed: seed, context: Self.context)
            if outcome.lines[0].fatal {
                found = true
                #expect(outcome.lines.count == 1, "seed \(seed)")
            } else {
                #expect(outcome.lines.count == 2, "seed \(seed)")
            }
        }
        #expect(found)
    }

    @Test(
        "hb-407, T-DXd again after pneumonitis: worse than the reference over 1,000 patients, at every seed",
        arguments: [UInt64(3), 11, 2026, 77, 1234])
    func hb407RechallengeIsWorse(seed: UInt64) throws {
        var session = Session(script: Self.hb407, seed: seed, context: Self.context)
        for choice in ["tdxd", "tdxd", "tucatinib-trastuzumab-capecitabine"] where !session.isOver {
            let record = session.choose(choice)
            #expect(record != nil, "seed \(seed): \(choice)")
        }
        let counterfactual = try #require(SessionCounterfactual(session: session, reference: session.referenceReplay()))
        let population = try #require(counterfactual.population)
        // She and the reference part at decision 2, after her pneumonitis: every patient starts there.
        #expect(population.startDecision == 2)
        #expect(population.fellowRegimens.first == "tdxd")
        #expect(population.commonReferenceSequence.first != "tdxd")
        #expect(
            population.fellow.months.median < population.reference.months.median,
            "seed \(seed): \(population.fellow.months.median) vs \(population.reference.months.median)")
        #expect(population.fellow.meanToxicities > population.reference.meanToxicities, "seed \(seed)")
    }

    /// The simulator, with a fatal ILD at month 2 of the first regimen chosen.
    struct FatalFirstCourse: DiseaseCourse {
        let simulator = Simulator(knowledge: TestSupport.knowledge, model: SessionTests.model)

        func advance(
            _ state: PatientState, choosing regimen: RegimenID, seed: UInt64, decisionIndex: Int,
            scripted: [ClinicalEvent], months: Double?
        ) -> CourseOutcome {
            var outcome = simulator.advance(
                state, choosing: regimen, seed: seed, decisionIndex: decisionIndex,
                scripted: scripted, months: months)
            guard decisionIndex == 0 else { return outcome }
            outcome.events =
                outcome.events.filter { $0.month < 2 }
                + [TimedEvent(month: 2, event: .toxicity(.ild, grade: 5))]
            outcome.months = 2
            return outcome
        }

        var narration: Narration { simulator.narration }
    }

    @Test("a fatal toxicity ends the case at once, and the interval says she died")
    func fatalEndsTheCase() throws {
        let context = SessionContext(knowledge: TestSupport.knowledge, course: FatalFirstCourse())
        var session = Session(script: SessionTests.readmeCase, seed: 4, context: context)
        #expect(SessionTests.readmeCase.decisions > 1)
        let chosen = session.choose("tdm1")
        _ = try #require(chosen)
        #expect(session.isOver, "no turn comes after her death")
        #expect(session.epilogue == nil)
        let writer = IntervalWriter(narration: SessionTests.model.narration, knowledge: TestSupport.knowledge)
        let interval = Interval(
            regimen: "tdxd", months: 2, bestResponse: .stable, stopped: .toxicity,
            stoppingToxicity: (.ild, 5),
            events: [
                .init(month: 1.5, event: .response(.stable)),
                .init(month: 2, event: .toxicity(.ild, grade: 5)),
            ], isSupportiveCare: false)
        let text = writer.paragraph(interval, before: TestSupport.state())
        #expect(text.contains("In month 2 she died of ILD/pneumonitis (grade 5)."), "\(text)")
        #expect(!text.contains("It was stopped"))
    }
}
