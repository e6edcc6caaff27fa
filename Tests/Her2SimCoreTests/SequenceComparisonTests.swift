import Foundation
import Her2SimCore
import Testing

/// The end-of-case counterfactual: the fellow's sequence against the reference's on the same
/// patient, then over simulated patients like her.
@Suite("Sequence comparison")
struct SequenceComparisonTests {
    static let context = SessionTests.context
    static let knowledge = TestSupport.knowledge

    /// A fourth-line patient like the README case's, before any decision.
    static var start: PatientState { Session(script: SessionTests.readmeCase, seed: 1, context: context).state }

    @Test("only regimens with an anti-HER2 antibody, an ADC or a HER2 TKI are HER2-directed; a trial counts apart")
    func treatmentKinds() {
        let kinds = Dictionary(uniqueKeysWithValues: Self.knowledge.regimens.map { ($0.id, TreatmentKind($0)) })
        #expect(kinds["best-supportive-care"] == .notHER2Directed)
        #expect(kinds["chemotherapy-alone"] == .notHER2Directed)
        #expect(kinds["clinical-trial"] == .clinicalTrial)
        for id: RegimenID in [
            "tdxd", "tdm1", "thp", "tucatinib-trastuzumab-capecitabine", "neratinib-capecitabine",
            "endocrine-her2", "pyrotinib-capecitabine", "margetuximab-chemotherapy",
        ] {
            #expect(kinds[id] == .her2Directed, "\(id)")
        }
        #expect(kinds.values.filter { !$0.countsAsTreatment }.count == 2)
    }

    @Test("best supportive care runs for months yet contributes 0 months on treatment")
    func bestSupportiveCareIsNotTreatment() throws {
        for seed in UInt64(1)...40 {
            let alone = SequenceComparison.replay(
                ["best-supportive-care"], from: Self.start, seed: seed,
                context: Self.context)
            #expect(alone.lines[0].months > 0, "seed \(seed): the course ran")
            #expect(alone.monthsOnTreatment == 0, "seed \(seed)")
            let after = SequenceComparison.replay(
                ["tdm1", "best-supportive-care", "chemotherapy-alone"],
                from: Self.start, seed: seed, context: Self.context)
            #expect(after.lines[0].months > 0)
            #expect(after.monthsOnTreatment == after.lines[0].months, "seed \(seed)")
        }
        let population = try #require(
            SequenceComparison.simulate(
                from: Self.start, fellow: ["best-supportive-care"], seed: 5, patients: 200, context: Self.context))
        #expect(population.fellow.months.maximum == 0)
        #expect(population.reference.months.median > 0)

        // In a played session too: the best-supportive-care line is on the timeline, not in the months.
        var session = Session(script: SessionTests.readmeCase, seed: 9, context: Self.context)
        _ = session.choose("tdm1")
        _ = session.choose("best-supportive-care")
        let outcome = SequenceOutcome(session: session)
        #expect(outcome.lines.map(\.kind) == [.her2Directed, .notHER2Directed])
        #expect(outcome.lines[1].months > 0)
        #expect(outcome.monthsOnTreatment == outcome.lines[0].months)
    }

    @Test("a clinical trial counts as treatment, apart from the HER2-directed months")
    func trialMonthsCountApart() {
        let outcome = SequenceComparison.replay(
            ["tdm1", "clinical-trial"], from: Self.start, seed: 3,
            context: Self.context)
        #expect(outcome.trialMonths == outcome.lines[1].months && outcome.trialMonths > 0)
        #expect(outcome.her2Months == outcome.lines[0].months)
        #expect(outcome.monthsOnTreatment == outcome.her2Months + outcome.trialMonths)
    }

    /// The simulator with every turn a year after the decision, as a case's fixed `after-months`
    /// once made it, and nothing scripted: a line that stops sooner (a simulated progression or
    /// toxicity) leaves months off treatment before the next turn.
    struct FixedTurns: DiseaseCourse {
        let simulator = Simulator(knowledge: TestSupport.knowledge, model: SessionTests.model)

        func advance(
            _ state: PatientState, choosing regimen: RegimenID, seed: UInt64, decisionIndex: Int,
            scripted: [ClinicalEvent], months: Double?
        ) -> CourseOutcome {
            simulator.advance(
                state, choosing: regimen, seed: seed, decisionIndex: decisionIndex, scripted: [],
                months: 12)
        }
    }

    @Test("the same patient's months are the months each regimen ran, not the time to the next decision")
    func sessionMonthsAreTimeOnTheRegimen() {
        let context = SessionContext(knowledge: Self.knowledge, course: FixedTurns())
        var stoppedEarly = 0
        for seed in UInt64(1)...40 {
            var session = Session(script: SessionTests.readmeCase, seed: seed, context: context)
            guard let record = session.choose("tucatinib-trastuzumab-capecitabine") else { continue }
            let line = SequenceOutcome(session: session).lines[0]
            let history = session.state.history.last!
            #expect(record.outcome.months == 12)
            #expect(line.months == history.months, "seed \(seed)")
            if line.months < record.outcome.months { stoppedEarly += 1 }
        }
        // Most lines stop before the year is out: those must not count the rest of it.
        #expect(stoppedEarly > 10)
    }

    @Test("severe toxicities come from the simulated course: a scripted grade 3 on the timeline is not counted")
    func scriptedToxicitiesAreNotCounted() {
        var differed = 0
        for seed in UInt64(1)...30 {
            var session = Session(script: SessionTests.readmeCase, seed: seed, context: Self.context)
            // The README case's branch scripts grade 3 neuropathy after a taxane.
            guard let record = session.choose("trastuzumab-taxane") else { continue }
            let severe = record.outcome.events.filter {
                if case .toxicity(_, let grade) = $0.event { return grade >= 3 } else { return false }
            }
            let simulated = severe.filter {
                if case .toxicity(.peripheralNeuropathy, _) = $0.event { return false } else { return true }
            }
            let counted = SequenceOutcome(session: session).severeToxicities
            #expect(counted == simulated.count, "seed \(seed)")
            if counted != severe.count { differed += 1 }
        }
        #expect(differed > 0)
    }

    @Test("the same seed gives the same comparison; another seed another")
    func deterministic() throws {
        func run(_ seed: UInt64) throws -> SequenceComparison {
            try #require(
                SequenceComparison.simulate(
                    from: Self.start, fellow: ["tdm1", "trastuzumab-capecitabine"],
                    seed: seed, patients: 300, context: Self.context))
        }
        #expect(try run(11) == run(11))
        #expect(try run(11).fellow != run(12).fellow)
        var one = Session(script: SessionTests.readmeCase, seed: 4, context: Self.context)
        _ = one.choose("tdm1")
        _ = one.choose("trastuzumab-capecitabine")
        let replayed = try #require(Session.replay(one.log, script: SessionTests.readmeCase, context: Self.context))
        let a = SessionCounterfactual(session: one, reference: one.referenceReplay(), patients: 100)
        let b = SessionCounterfactual(session: replayed, reference: replayed.referenceReplay(), patients: 100)
        #expect(a != nil && a == b)
    }

    @Test("the population's medians and quartiles lie within the per-patient values, and are their order statistics")
    func mediansWithinTheRange() throws {
        let fellow: [RegimenID] = ["tdm1", "lapatinib-capecitabine", "chemotherapy-alone"]
        let comparison = try #require(
            SequenceComparison.simulate(
                from: Self.start, fellow: fellow, seed: 21, patients: 1_000, context: Self.context))
        #expect(comparison.patients == 1_000)
        var fellowValues: [Double] = []
        var referenceValues: [Double] = []
        var toxicities: [Int] = []
        for patient in 0..<1_000 {
            let seed = SequenceComparison.patientSeed(21, patient)
            let mine = SequenceComparison.replay(fellow, from: Self.start, seed: seed, context: Self.context)
            fellowValues.append(mine.monthsOnTreatment)
            toxicities.append(mine.severeToxicities)
            referenceValues.append(
                SequenceComparison.referencePath(
                    lines: 3, from: Self.start, seed: seed,
                    context: Self.context
                ).monthsOnTreatment)
        }
        for (spread, values) in [(comparison.fellow, fellowValues), (comparison.reference, referenceValues)] {
            let sorted = values.sorted()
            #expect(spread.months.minimum == sorted.first && spread.months.maximum == sorted.last)
            #expect(sorted.first! <= spread.months.lowerQuartile && spread.months.lowerQuartile <= spread.months.median)
            #expect(spread.months.median <= spread.months.upperQuartile && spread.months.upperQuartile <= sorted.last!)
            #expect(spread.months.median == (sorted[499] + sorted[500]) / 2)
            #expect(sorted.first! < sorted.last!, "patients differ")
        }
        let mean = Double(toxicities.reduce(0, +)) / 1_000
        #expect(abs(comparison.fellow.meanToxicities - mean) < 1e-9)
        #expect(comparison.fellow.toxicityRange == toxicities.min()!...toxicities.max()!)
        #expect(comparison.fellow.toxicitySD > 0)
    }

    @Test("a regimen she cannot tolerate gives more grade ≥ 3 toxicities per patient than the reference's sequence")
    func intolerableRegimenShowsMoreToxicity() throws {
        // Grade 3 neuropathy left by earlier lines: a taxane is contraindicated (vinorelbine is
        // unwise), and when their neuropathy strikes it starts above her residual grade.
        var start = Self.start
        start.toxicities[.peripheralNeuropathy] = 3
        let engine = Self.context.engine
        #expect(engine.rank(start).option(for: "trastuzumab-taxane")!.tier == .contraindicated)
        let comparison = try #require(
            SequenceComparison.simulate(
                from: start, fellow: ["trastuzumab-taxane", "trastuzumab-vinorelbine"], seed: 8, patients: 1_000,
                context: Self.context))
        #expect(!comparison.commonReferenceSequence.contains("trastuzumab-taxane"))
        #expect(
            comparison.fellow.meanToxicities > comparison.reference.meanToxicities + 0.2,
            "you \(comparison.fellow.meanToxicities), reference \(comparison.reference.meanToxicities)")
    }

    @Test("the reference's cheap first choice is rank().first for every case's states")
    func firstChoiceMatchesTheRanking() {
        var states: [PatientState] = [Self.start]
        for seed in UInt64(1)...40 {
            var state = Self.start
            for index in 0..<4 {
                let choice = Self.knowledge.regimenIDs[(Int(seed) * 7 + index * 3) % Self.knowledge.regimenIDs.count]
                state =
                    Self.context.course.advance(
                        state, choosing: choice, seed: seed, decisionIndex: index,
                        scripted: [], months: nil
                    ).state
                states.append(state)
            }
        }
        for state in states {
            #expect(
                Self.knowledge.regimens[Self.context.engine.firstChoiceIndex(state)].id
                    == Self.context.engine.rank(state).first.regimen)
        }
    }

    @Test("no counterfactual before the case is over")
    func hiddenUntilTheEnd() {
        var session = Session(script: SessionTests.readmeCase, seed: 2, context: Self.context)
        _ = session.choose("tdm1")
        #expect(!session.isOver)
        #expect(SessionCounterfactual(session: session, reference: session.referenceReplay(), patients: 10) == nil)
    }
}
