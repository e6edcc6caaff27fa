import Testing

@testable import Her2SimCore

/// Helpers to find a patient (seed) whose simulated course shows what a test is about.
private enum Find {
    static let simulator = SimulationFixture.simulator

    static func seed(in range: Range<UInt64> = 1..<5_000, where predicate: (UInt64) -> Bool) -> UInt64? {
        range.first(where: predicate)
    }

    static func toxicity(_ toxicity: Toxicity, in course: TreatmentCourse) -> (month: Double, grade: Int)? {
        for entry in course.events {
            if case .toxicity(let found, let grade) = entry.event, found == toxicity { return (entry.month, grade) }
        }
        return nil
    }

    static func count(_ kind: ClinicalEvent.Kind, in events: [TimedEvent]) -> Int {
        events.filter { $0.event.kind == kind }.count
    }
}

@Suite("Simulation: courses, counterfactuals, scripted events")
struct SimulationCourseTests {
    let simulator = SimulationFixture.simulator
    /// Second line after THP, liver and bone disease, ECOG 1.
    let secondLine = TestSupport.state(history: TestSupport.progressed("thp"))
    /// Fourth line after THP, T-DXd and HER2CLIMB.
    let fourthLine = TestSupport.state(
        history: TestSupport.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine"))

    // MARK: - Determinism and common random numbers

    @Test func sameSeedGivesTheSameCourse() {
        for regimen: RegimenID in ["tdxd", "tdm1", "lapatinib-capecitabine", "best-supportive-care", "clinical-trial"] {
            let a = simulator.course(for: fourthLine, regimen: regimen, patient: 2026)
            let b = simulator.course(for: fourthLine, regimen: regimen, patient: 2026)
            #expect(a == b, "\(regimen)")
            let step1 = simulator.advance(fourthLine, choosing: regimen, patient: 2026, decisionIndex: 0, scripted: [])
            let step2 = simulator.advance(fourthLine, choosing: regimen, patient: 2026, decisionIndex: 0, scripted: [])
            #expect(step1 == step2, "\(regimen)")
        }
    }

    /// The simulator without `longest-course`: the properties of the draws themselves (courses
    /// that reach the cap tie there; LongestCourseTests checks the cap).
    static let uncapped: Simulator = {
        var model = SimulationFixture.model
        model.longestCourse.months = .infinity
        return Simulator(knowledge: TestSupport.knowledge, model: model)
    }()

    @Test func differentSeedsGiveDifferentCourses() {
        let simulator = Self.uncapped
        let months = (1...50).map {
            simulator.course(for: secondLine, regimen: "tdxd", patient: UInt64($0)).progressionMonths
        }
        #expect(Set(months).count == 50)
        let spread = (months.max() ?? 0) / (months.min() ?? 1)
        #expect(spread > 5, "PFS should vary widely between patients")
    }

    /// Common random numbers: a patient whose disease is controlled longer than another's on
    /// one regimen is also controlled longer on any other — the same underlying patient.
    @Test func theSameSeedIsTheSameUnderlyingPatient() {
        let simulator = Self.uncapped
        let seeds: [UInt64] = Array(1...40)
        func order(_ regimen: RegimenID) -> [UInt64] {
            seeds.sorted {
                simulator.course(for: secondLine, regimen: regimen, patient: $0).progressionMonths
                    < simulator.course(for: secondLine, regimen: regimen, patient: $1).progressionMonths
            }
        }
        let tdxd = order("tdxd")
        #expect(order("tdm1") == tdxd)
        #expect(order("trastuzumab-vinorelbine") == tdxd)
        #expect(order("best-supportive-care") == tdxd)
        // …and T-DXd controls the same patient longer than T-DM1 (DESTINY-Breast03).
        for seed in seeds {
            #expect(
                simulator.course(for: secondLine, regimen: "tdxd", patient: seed).progressionMonths
                    > simulator.course(for: secondLine, regimen: "tdm1", patient: seed).progressionMonths)
        }
    }

    /// The same patient is prone to the same toxicity on every regimen that causes it.
    @Test func susceptibilityIsSharedAcrossRegimens() {
        var agree = 0
        for seed in UInt64(1)...200 {
            let neratinib = Find.toxicity(
                .diarrhea, in: simulator.course(for: fourthLine, regimen: "neratinib-capecitabine", patient: seed))
            let lapatinib = Find.toxicity(
                .diarrhea, in: simulator.course(for: fourthLine, regimen: "lapatinib-capecitabine", patient: seed))
            if (neratinib?.grade ?? 0 >= 3) == (lapatinib?.grade ?? 0 >= 3) { agree += 1 }
        }
        #expect(agree >= 185, "severe diarrhoea should mostly coincide (\(agree) of 200)")
    }

    // MARK: - Patient factors

    @Test func laterLinesAndPoorPerformanceShortenControl() {
        let early = simulator.course(for: secondLine, regimen: "tdxd", patient: 5)
        let late = simulator.course(for: secondLine, regimen: "tdxd", patient: 5, line: 6)
        #expect(late.progressionMonths < early.progressionMonths)
        #expect(late.basis.adjustments.contains { $0.assumption == "line-hazard" && $0.ratio > 1 })
        var frail = secondLine
        frail.ecog = 3
        let poor = simulator.course(for: frail, regimen: "tdxd", patient: 5)
        #expect(poor.progressionMonths < early.progressionMonths)
        #expect(poor.basis.adjustments.contains { $0.assumption == "ecog-hazard" && $0.ratio == 2.2 })
    }

    @Test func theClosestTrialPopulationIsTheStart() {
        #expect(simulator.course(for: secondLine, regimen: "tdxd", patient: 1).basis.trial == "DESTINY-Breast03")
        #expect(simulator.course(for: fourthLine, regimen: "tdxd", patient: 1).basis.trial == "DESTINY-Breast02")
        #expect(
            simulator.course(for: TestSupport.state(), regimen: "thp", patient: 1).basis.trial == "DESTINY-Breast09")
        var brain = fourthLine
        brain.brainMetastases = .active
        #expect(
            simulator.course(for: brain, regimen: "tucatinib-trastuzumab-capecitabine", patient: 1).basis.trial
                == "HER2CLIMB-BM")
        #expect(simulator.course(for: brain, regimen: "tdxd", patient: 1).basis.trial == "DESTINY-Breast12")
        let tdm1 = simulator.course(for: brain, regimen: "tdm1", patient: 1)
        #expect(tdm1.basis.adjustments.contains { $0.assumption == "brain-hazard" && $0.ratio == 1.4 })
        #expect(simulator.course(for: fourthLine, regimen: "clinical-trial", patient: 1).basis.trial == "TULIP")
        #expect(
            simulator.course(for: fourthLine, regimen: "bsc", patient: 1).basis.proxy == "proxy-best-supportive-care")
    }

    @Test func priorExposureWorsensTheOdds() {
        let afterTDXd = TestSupport.state(history: TestSupport.progressed("thp", "tdxd"))
        let course = simulator.course(for: afterTDXd, regimen: "tdm1", patient: 3)
        #expect(course.basis.adjustments.contains { $0.assumption == "tdm1-after-tdxd" })
        let again = simulator.course(for: fourthLine, regimen: "tdxd", patient: 3)
        #expect(again.basis.adjustments.contains { $0.assumption == "retreatment-after-progression" })
        let neratinib = simulator.course(for: fourthLine, regimen: "neratinib-capecitabine", patient: 3)
        #expect(neratinib.basis.adjustments.contains { $0.assumption == "tki-after-tki" })
    }

    // MARK: - Scripted events

    @Test func scriptedEventsOverrideSimulatedOnesOfTheSameKind() throws {
        // A patient whose T-DM1 course simulates thrombocytopenia before progression.
        let seed = try #require(
            Find.seed { seed in
                let course = simulator.course(for: fourthLine, regimen: "tdm1", patient: seed)
                return course.stopReason == .progression
                    && Find.toxicity(.thrombocytopenia, in: course).map { $0.grade != 2 } == true
            })
        let simulated = simulator.course(for: fourthLine, regimen: "tdm1", patient: seed)
        let onset = try #require(Find.toxicity(.thrombocytopenia, in: simulated)).month
        let scripted: [ClinicalEvent] = [
            .toxicity(.thrombocytopenia, grade: 2),
            .progression(newSites: ["lung"], brainMetastases: .active),
        ]
        let step = simulator.advance(fourthLine, choosing: "tdm1", patient: seed, decisionIndex: 0, scripted: scripted)
        // Exactly one event of each scripted kind: the scripted one, at the simulated one's month.
        #expect(Find.count(.toxicity(.thrombocytopenia), in: step.events) == 1)
        #expect(Find.count(.progression, in: step.events) == 1)
        #expect(step.events.contains(TimedEvent(month: onset, event: .toxicity(.thrombocytopenia, grade: 2))))
        #expect(step.events.contains(TimedEvent(month: simulated.progressionMonths, event: scripted[1])))
        #expect(step.months == simulated.progressionMonths)
        #expect(step.state.brainMetastases == .active)
        #expect(step.state.sites.contains("lung"))
        #expect(step.course.scriptedEvents.count == 2)
        // Other simulated events are untouched.
        let others = simulated.events.filter {
            $0.event.kind != .toxicity(.thrombocytopenia) && $0.event.kind != .progression
        }
        for entry in others { #expect(step.events.contains(entry)) }
    }

    @Test func scriptedTurnComesWhenTheCaseSaysAndTheLineContinues() throws {
        let seed = try #require(
            Find.seed { seed in
                let course = simulator.course(for: secondLine, regimen: "tdxd", patient: seed)
                return course.stopReason == .progression && course.months > 9
            })
        let whole = simulator.course(for: secondLine, regimen: "tdxd", patient: seed)
        let first = simulator.advance(
            secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0,
            scripted: [.trialAvailable(true)], afterMonths: 3)
        #expect(first.months == 3)
        #expect(first.course.stopReason == .completed)
        #expect(first.state.history.last?.stopped == .completed)
        #expect(first.state.trialAvailable)
        #expect(first.events.contains(TimedEvent(month: 3, event: .trialAvailable(true))))
        // Choosing T-DXd again continues the same line and the same latent disease.
        let second = simulator.advance(first.state, choosing: "tdxd", patient: seed, decisionIndex: 1, scripted: [])
        #expect(second.state.history.count == secondLine.history.count + 1)
        #expect(second.course.stopReason == .progression)
        #expect(abs((second.state.history.last?.months ?? 0) - whole.months) < 1e-9)
        #expect(abs(3 + second.months - whole.progressionMonths) < 1e-9)
    }

    // MARK: - Toxicities change the state

    @Test func ildGrade2OrWorseOnTDXdStopsItForGood() throws {
        let seed = try #require(
            Find.seed { seed in
                let course = simulator.course(for: secondLine, regimen: "tdxd", patient: seed)
                return (Find.toxicity(.ild, in: course)?.grade ?? 0) >= 2
            })
        let course = simulator.course(for: secondLine, regimen: "tdxd", patient: seed)
        let ild = try #require(Find.toxicity(.ild, in: course))
        #expect(course.stopReason == .toxicity)
        #expect(course.stoppingToxicity?.toxicity == .ild)
        #expect(course.months == ild.month)
        #expect(course.doseModifications.last?.rule == "ild-discontinue")
        let step = simulator.advance(secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0, scripted: [])
        #expect(step.state.history.last?.stopped == .toxicity)
        #expect(step.state.history.last?.toxicity?.toxicity == .ild)
        #expect((step.state.history.last?.toxicity?.grade ?? 0) >= 2)
    }

    @Test func scriptedILDStopsTDXdButGrade1OnlyHoldsIt() throws {
        let seed = try #require(
            Find.seed { seed in
                let course = simulator.course(for: secondLine, regimen: "tdxd", patient: seed)
                return course.stopReason == .progression
                    && course.events.allSatisfy { entry in
                        if case .toxicity(_, let grade) = entry.event { return grade < 3 }
                        return true
                    } && course.months > 12
            })
        let stopped = simulator.advance(
            secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.ild, grade: 2)])
        #expect(stopped.course.stopReason == .toxicity)
        #expect(stopped.course.stoppingToxicity == ToxicityGrade(.ild, 2))
        let held = simulator.advance(
            secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.ild, grade: 1)])
        #expect(held.course.stopReason == .progression)
        #expect(held.course.doseModifications.contains { $0.rule == "ild-interrupt" && $0.action == .interrupt })
        // ILD grade 2 on a regimen without an ADC does not stop it by the T-DXd rule.
        let capecitabine = simulator.advance(
            secondLine, choosing: "trastuzumab-capecitabine", patient: seed,
            decisionIndex: 0, scripted: [.toxicity(.ild, grade: 2)])
        #expect(capecitabine.course.stoppingToxicity?.toxicity != .ild)
    }

    @Test func neuropathyLingersAfterTDM1AndTaxanesWhileOthersResolve() throws {
        for regimen: RegimenID in ["tdm1", "thp", "trastuzumab-taxane"] {
            let state = regimen == "tdm1" ? secondLine : TestSupport.state()
            let seed = try #require(
                Find.seed { seed in
                    let course = simulator.course(for: state, regimen: regimen, patient: seed)
                    return Find.toxicity(.peripheralNeuropathy, in: course) != nil && course.stopReason == .progression
                }, "no \(regimen) patient with neuropathy")
            let course = simulator.course(for: state, regimen: regimen, patient: seed)
            let grade = try #require(Find.toxicity(.peripheralNeuropathy, in: course)).grade
            let step = simulator.advance(state, choosing: regimen, patient: seed, decisionIndex: 0, scripted: [])
            #expect(step.state.toxicities[.peripheralNeuropathy] == grade, "\(regimen)")
        }
        // Residual neuropathy persists through a line that does not cause it.
        var neuropathic = secondLine
        neuropathic.toxicities[.peripheralNeuropathy] = 2
        let step = simulator.advance(
            neuropathic, choosing: "tucatinib-trastuzumab-capecitabine", patient: 9,
            decisionIndex: 0, scripted: [])
        #expect(step.state.toxicities[.peripheralNeuropathy] == 2)
        // Other toxicities resolve at least partially by the next decision.
        let seed = try #require(
            Find.seed { seed in
                (Find.toxicity(
                    .diarrhea, in: simulator.course(for: fourthLine, regimen: "neratinib-capecitabine", patient: seed))?
                    .grade ?? 0) >= 2
            })
        let diarrhoea = try #require(
            Find.toxicity(
                .diarrhea, in: simulator.course(for: fourthLine, regimen: "neratinib-capecitabine", patient: seed)))
        let after = simulator.advance(
            fourthLine, choosing: "neratinib-capecitabine", patient: seed, decisionIndex: 0, scripted: [])
        #expect(after.state.toxicities[.diarrhea] < diarrhoea.grade)
    }

    @Test func neurotoxicChemotherapyWorsensResidualNeuropathy() throws {
        var neuropathic = fourthLine
        neuropathic.toxicities[.peripheralNeuropathy] = 2
        let seed = try #require(
            Find.seed { seed in
                Find.toxicity(
                    .peripheralNeuropathy,
                    in: simulator.course(for: neuropathic, regimen: "trastuzumab-eribulin", patient: seed)) != nil
            })
        let grade = Find.toxicity(
            .peripheralNeuropathy,
            in: simulator.course(for: neuropathic, regimen: "trastuzumab-eribulin", patient: seed))?.grade
        #expect((grade ?? 0) >= 3)
    }

    @Test func lvefFallsAndASevereFallStopsTheAntibody() throws {
        let seed = try #require(
            Find.seed(in: 1..<20_000) { seed in
                (Find.toxicity(
                    .lvefDecline, in: simulator.course(for: TestSupport.state(), regimen: "thp", patient: seed))?.grade
                    ?? 0) >= 3
            })
        let step = simulator.advance(
            TestSupport.state(), choosing: "thp", patient: seed, decisionIndex: 0, scripted: [])
        #expect(step.state.lvef < 40)
        #expect(step.course.stopReason == .toxicity)
        #expect(step.course.stoppingToxicity?.toxicity == .lvefDecline)
        // A scripted LVEF below 40% stops it too.
        let scripted = simulator.advance(
            TestSupport.state(), choosing: "thp", patient: 1, decisionIndex: 0, scripted: [.lvef(35)])
        #expect(scripted.state.lvef == 35)
        #expect(scripted.course.stoppingToxicity?.toxicity == .lvefDecline)
        #expect(scripted.course.doseModifications.contains { $0.rule == "lvef-below-40" })
    }

    // MARK: - Best supportive care, trials, progression

    @Test func bestSupportiveCareIsProgressionDrivenAndECOGWorsens() {
        for seed in UInt64(1)...30 {
            let step = simulator.advance(
                fourthLine, choosing: "best-supportive-care", patient: seed, decisionIndex: 0, scripted: [])
            #expect(step.course.stopReason == .progression)
            #expect(!step.events.contains { if case .toxicity = $0.event { true } else { false } })
            #expect(step.course.response == .stable || step.course.response == .progression)
            #expect(step.state.ecog == fourthLine.ecog + 1)
            #expect(step.state.history.last?.regimen == "best-supportive-care")
        }
    }

    @Test func progressionCanReachTheBrain() {
        var brainEvents = 0
        for seed in UInt64(1)...400 {
            let course = simulator.course(for: fourthLine, regimen: "trastuzumab-capecitabine", patient: seed)
            for entry in course.events {
                if case .progression(_, let brain) = entry.event, brain == .active { brainEvents += 1 }
            }
        }
        #expect(brainEvents > 20 && brainEvents < 90, "\(brainEvents) of 400")
    }

    @Test func historyGainsTheLine() {
        let step = simulator.advance(fourthLine, choosing: "kadcyla", patient: 77, decisionIndex: 0, scripted: [])
        let entry = step.state.history.last
        #expect(step.state.history.count == fourthLine.history.count + 1)
        #expect(entry?.regimen == "tdm1")
        #expect(entry?.months == step.course.months)
        #expect(entry?.stopped == step.course.stopReason)
        #expect(step.months == step.course.months)
        #expect(step.events == step.course.events)
        #expect(zip(step.events, step.events.dropFirst()).allSatisfy { $0.month <= $1.month })
    }

    @Test func diseaseCourseConformanceMatchesAdvance() {
        let course: any DiseaseCourse = simulator
        let outcome = course.advance(fourthLine, choosing: "tdm1", seed: 5, decisionIndex: 2, scripted: [], months: nil)
        let step = simulator.advance(fourthLine, choosing: "tdm1", patient: 5, decisionIndex: 2, scripted: [])
        #expect(outcome.state == step.state)
        #expect(outcome.months == step.months)
        #expect(outcome.events == step.events)
    }
}
