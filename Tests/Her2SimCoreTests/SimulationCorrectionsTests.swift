import Testing

@testable import Her2SimCore

/// The clinical review's corrections to the simulator (issue 12, deliverable 4), each checked
/// through simulated courses so that a wrong implementation fails.
@Suite("Simulation: clinical corrections (version 2)")
struct SimulationCorrectionsTests {
    let simulator = SimulationFixture.simulator
    /// Second line after THP: T-DXd starts from DESTINY-Breast03.
    let secondLine = TestSupport.state(history: TestSupport.progressed("thp"))

    static func events(_ toxicity: Toxicity, in course: TreatmentCourse) -> [(month: Double, grade: Int)] {
        course.events.compactMap { entry in
            if case .toxicity(let found, let grade) = entry.event, found == toxicity { return (entry.month, grade) }
            return nil
        }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    // MARK: - ILD on T-DXd

    /// DESTINY-Breast03: median onset 181 days; most ILD grade 1-2, grade 2 more often than
    /// grade 1, grade >= 3 rare (0.8 % of 10.5 %).
    @Test func ildOnT_DXdComesAtAboutSixMonthsWithDestinyBreast03sGradeMix() {
        var onsets: [Double] = []
        var grades = [Int](repeating: 0, count: 5)
        for seed in UInt64(1)...10_000 {
            for event in Self.events(.ild, in: simulator.course(for: secondLine, regimen: "tdxd", patient: seed)) {
                onsets.append(event.month)
                grades[event.grade] += 1
            }
        }
        #expect(onsets.count > 600, "\(onsets.count) ILD events in 10,000 courses")
        let median = Self.median(onsets)
        #expect(median >= 5.0 && median <= 6.5, "median ILD onset \(median) months")
        let severe = Double(grades[3] + grades[4]) / Double(onsets.count)
        #expect(severe > 0 && severe < 0.12, "grade >= 3 share \(severe)")
        let grade2 = Double(grades[2]) / Double(grades[1] + grades[2])
        #expect(grade2 > 0.62 && grade2 < 0.82, "grade 2 share of grade 1-2 ILD \(grade2)")
    }

    // MARK: - LVEF (CTCAE v5 "ejection fraction decreased")

    /// CTCAE v5, written out independently of the simulator: no grade 1; grade 2 for 40-50 % or
    /// a fall of 10-19 points; grade 3 for 20-39 % or a fall of 20 points or more; grade 4 below 20 %.
    static func ctcaeGrade(baseline: Int, value: Int) -> Int {
        let fall = baseline - value
        if value < 20 { return 4 }
        if value < 40 || fall >= 20 { return 3 }
        if value <= 50 || fall >= 10 { return 2 }
        return 0
    }

    @Test func lvefDeclineHasNoGrade1AndTheValueIsGradedAsTheDecline() {
        for baseline in 50...75 {
            for grade in 2...4 {
                let value = simulator.lvef(afterDeclineOf: grade, from: baseline)
                #expect(
                    Self.ctcaeGrade(baseline: baseline, value: value) == grade,
                    "grade \(grade) from \(baseline)% gives \(value)%")
            }
        }
        var declines = 0
        for seed in UInt64(1)...10_000 {
            for regimen: RegimenID in ["thp", "lapatinib-capecitabine"] {
                let course = simulator.course(
                    for: TestSupport.state(lvef: 55 + Int(seed % 16)), regimen: regimen, patient: seed)
                let grades = Self.events(.lvefDecline, in: course).map(\.grade)
                declines += grades.count
                #expect(!grades.contains(1), "\(regimen) patient \(seed): grade 1 LVEF decline")
                for entry in course.events {
                    if case .lvef(let value) = entry.event, let grade = grades.first {
                        #expect(Self.ctcaeGrade(baseline: 55 + Int(seed % 16), value: value) == grade)
                    }
                }
            }
        }
        #expect(declines > 100, "\(declines) LVEF declines")
    }

    // MARK: - Alopecia

    @Test func alopeciaNeverExceedsGrade2() {
        var struck = 0
        for seed in UInt64(1)...10_000 {
            for regimen: RegimenID in ["thp", "tdxd"] {
                let grades = Self.events(
                    .alopecia, in: simulator.course(for: secondLine, regimen: regimen, patient: seed)
                ).map(\.grade)
                struck += grades.count
                #expect(grades.allSatisfy { $0 <= 2 }, "\(regimen) patient \(seed): alopecia grade \(grades)")
            }
        }
        #expect(struck > 3_000)
        // Residual alopecia does not worsen past grade 2 either.
        var bald = secondLine
        bald.toxicities[.alopecia] = 2
        for seed in UInt64(1)...500 {
            let grades = Self.events(.alopecia, in: simulator.course(for: bald, regimen: "thp", patient: seed)).map(
                \.grade)
            #expect(grades.allSatisfy { $0 == 2 })
        }
    }

    // MARK: - T-DM1 per label

    /// A T-DM1 patient whose simulated course has the toxicity before progression: a scripted
    /// grade lands at that month.
    func tdm1Seed(with toxicity: Toxicity) throws -> UInt64 {
        try #require(
            (UInt64(1)..<5_000).first { seed in
                let course = simulator.course(for: secondLine, regimen: "tdm1", patient: seed)
                return course.stopReason == .progression && !Self.events(toxicity, in: course).isEmpty
            })
    }

    @Test func tdm1ThrombocytopeniaGrade3HoldsAtTheSameDoseGrade4Reduces() throws {
        let seed = try tdm1Seed(with: .thrombocytopenia)
        let grade3 = simulator.advance(
            secondLine, choosing: "tdm1", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.thrombocytopenia, grade: 3)])
        #expect(grade3.course.stopReason == .progression)
        #expect(
            grade3.course.doseModifications.contains { $0.rule == "tdm1-platelets-grade3" && $0.action == .interrupt })
        #expect(!grade3.course.doseModifications.contains { $0.action == .reduce })
        let grade4 = simulator.advance(
            secondLine, choosing: "tdm1", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.thrombocytopenia, grade: 4)])
        #expect(grade4.course.doseModifications.contains { $0.rule == "tdm1-platelets-grade4" && $0.action == .reduce })
        // Over many simulated courses, grade 3 thrombocytopenia never stops T-DM1.
        for seed in UInt64(1)...5_000 {
            let course = simulator.course(for: secondLine, regimen: "tdm1", patient: seed)
            #expect(course.stoppingToxicity != ToxicityGrade(.thrombocytopenia, 3), "patient \(seed)")
            for change in course.doseModifications where change.toxicity == ToxicityGrade(.thrombocytopenia, 3) {
                #expect(change.action == .interrupt)
            }
        }
        // Another regimen's grade 3 thrombocytopenia keeps the general rule (hold, then reduce).
        let tdxd = simulator.advance(
            secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.thrombocytopenia, grade: 3)])
        #expect(!tdxd.course.doseModifications.contains { $0.rule.hasPrefix("tdm1-") })
    }

    @Test func tdm1TransaminasesGrade3HoldThenReduceGrade4Discontinues() throws {
        let seed = try tdm1Seed(with: .hepatotoxicity)
        let grade3 = simulator.advance(
            secondLine, choosing: "tdm1", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.hepatotoxicity, grade: 3)])
        #expect(grade3.course.stopReason == .progression)
        #expect(grade3.course.doseModifications.contains { $0.rule == "tdm1-liver-grade3" && $0.action == .reduce })
        let grade4 = simulator.advance(
            secondLine, choosing: "tdm1", patient: seed, decisionIndex: 0,
            scripted: [.toxicity(.hepatotoxicity, grade: 4)])
        #expect(grade4.course.stopReason == .toxicity)
        #expect(grade4.course.stoppingToxicity == ToxicityGrade(.hepatotoxicity, 4))
        #expect(grade4.course.doseModifications.last?.rule == "tdm1-liver-grade4")
    }

    // MARK: - T-DM1 after T-DXd

    /// About 3 months (model.yaml: tdm1-after-tdxd), far below EMILIA's 9.6: at the third line
    /// after THP and T-DXd, and at the second line after first-line T-DXd + pertuzumab.
    @Test func tdm1AfterTDXdControlsTheDiseaseForAboutThreeMonths() {
        let target = 3.0
        for history in [TestSupport.progressed("thp", "tdxd"), TestSupport.progressed("tdxd-pertuzumab")] {
            let state = TestSupport.state(history: history)
            let months = (UInt64(1)...4_000).map {
                simulator.course(for: state, regimen: "tdm1", patient: $0).progressionMonths
            }
            let median = Self.median(months)
            #expect(abs(median / target - 1) < 0.15, "after \(history.map(\.regimen)): median \(median) months")
            #expect(
                simulator.course(for: state, regimen: "tdm1", patient: 1).basis.adjustments
                    .contains { $0.assumption == "tdm1-after-tdxd" })
        }
        // Without T-DXd before, T-DM1 keeps its trial's figure (TH3RESA at the third line).
        let naive = TestSupport.state(history: TestSupport.progressed("thp", "tucatinib-trastuzumab-capecitabine"))
        let months = (UInt64(1)...4_000).map {
            simulator.course(for: naive, regimen: "tdm1", patient: $0).progressionMonths
        }
        #expect(Self.median(months) > 5)
    }

    // MARK: - New arms: TAnDEM, monarcHER

    /// Endocrine + HER2 therapy starts from TAnDEM at every line, moved by the line hazard, never
    /// from PATINA's first-line maintenance figure (29.1 months).
    @Test func endocrineHER2StartsFromTAnDEMNotPATINA() {
        for history in [[], TestSupport.progressed("thp"), TestSupport.progressed("thp", "tdxd")] {
            let state = TestSupport.state(history: history)
            let course = simulator.course(for: state, regimen: "endocrine-her2", patient: 1)
            #expect(course.basis.trial == "TAnDEM", "line \(history.count + 1)")
        }
        let third = TestSupport.state(history: TestSupport.progressed("thp", "tdxd"))
        let months = (UInt64(1)...4_000).map {
            simulator.course(for: third, regimen: "endocrine-her2", patient: $0).progressionMonths
        }
        let expected =
            4.8 / (simulator.model.lineOfTherapy.hazardRatioPerLine * simulator.model.lineOfTherapy.hazardRatioPerLine)
        #expect(abs(Self.median(months) / expected - 1) < 0.1, "median \(Self.median(months)) months at the third line")
        let abemaciclib = simulator.course(for: third, regimen: "abemaciclib-trastuzumab-fulvestrant", patient: 1)
        #expect(abemaciclib.basis.trial == "monarcHER")
        #expect(abemaciclib.basis.adjustments.isEmpty)
    }

    /// `calibrate` checks the monarcHER and TAnDEM arms, and they are within tolerance.
    @Test func calibrateIncludesMonarcHERAndTAnDEM() throws {
        for (trial, regimen) in [
            ("monarcHER", "abemaciclib-trastuzumab-fulvestrant"), ("TAnDEM", "endocrine-her2"),
            ("EORTC-75111", "trastuzumab-pertuzumab"), ("GBG-26", "chemotherapy-alone"),
            ("EGF100151", "chemotherapy-alone"),
        ] {
            let arm = try #require(
                simulator.calibrationArms.first { $0.trial == trial && $0.regimen == regimen }, "\(trial)")
            let result = simulator.calibrate(arm, patients: 4_000, seed: 2)
            #expect(result.withinTolerance, "\(trial) \(regimen): \(result.checks.filter { !$0.passed })")
        }
    }
}
