import Testing

@testable import Her2SimCore

@Suite("Simulation calibration")
struct SimulationCalibrationTests {
    static let arms = SimulationFixture.simulator.calibrationArms

    /// `her2sim calibrate --patients 20000 --seed 1`, arm by arm, through the Core API.
    @Test(arguments: arms)
    func armIsWithinTolerance(_ arm: CalibrationArm) {
        let result = SimulationFixture.simulator.calibrate(arm, patients: 20_000, seed: 1)
        let outside = result.checks.filter { !$0.passed }
            .map { "\($0.figure): published \($0.published), simulated \($0.simulated.map { String($0) } ?? "none")" }
        #expect(result.withinTolerance, "\(arm.id) outside tolerance: \(outside.joined(separator: "; "))")
        #expect(
            result.checks.contains {
                $0.figure == arm.endpoint || ($0.figure == "pfs-12-month" && arm.endpoint == "pfs-12-month")
            })
        #expect(result.patients == 20_000)
    }

    /// Every calibrated arm of trials.yaml is checked — none silently dropped.
    @Test func everyArmWithARegimenIsCalibrated() {
        let expected = TestSupport.knowledge.trials.flatMap { trial in
            trial.arms.compactMap { $0.regimen == nil ? nil : "\(trial.id)/\($0.label)" }
        }
        #expect(Self.arms.map(\.id) == expected)
        #expect(Self.arms.count == 32)
        #expect(Self.arms.first { $0.trial == "NALA" }?.endpoint == "pfs-12-month")
        #expect(Self.arms.first { $0.trial == "EGF100151" }?.endpoint == "median-ttp")
    }

    /// The checks can fail: a tolerance of zero flags every figure that is not hit exactly.
    @Test func checksFailOutsideTolerance() throws {
        let arm = try #require(Self.arms.first { $0.trial == "HER2CLIMB" })
        let strict = SimulationFixture.simulator.calibrate(
            arm, patients: 500, seed: 3,
            tolerance: CalibrationTolerance(medianRelative: 0, ratePoints: 0))
        #expect(!strict.withinTolerance)
        #expect(strict.checks.contains { !$0.passed && $0.figure == "median-pfs" })
    }

    @Test func sameSeedSameFiguresOtherSeedOtherFigures() throws {
        let arm = try #require(Self.arms.first { $0.trial == "DESTINY-Breast12" })
        let a = SimulationFixture.simulator.calibrate(arm, patients: 3_000, seed: 7)
        let b = SimulationFixture.simulator.calibrate(arm, patients: 3_000, seed: 7)
        let c = SimulationFixture.simulator.calibrate(arm, patients: 3_000, seed: 8)
        #expect(a.simulated == b.simulated)
        #expect(a.kaplanMeier == b.kaplanMeier)
        #expect(a.simulated != c.simulated)
    }

    /// Censoring is real: long-PFS arms have patients censored at follow-up, and the KM still
    /// recovers the median (DESTINY-Breast09's 40.7 months is past the 24-month minimum follow-up).
    @Test func censoredArmsStillHitTheirMedian() throws {
        let arm = try #require(Self.arms.first { $0.regimen == "tdxd-pertuzumab" })
        let result = SimulationFixture.simulator.calibrate(arm, patients: 20_000, seed: 11)
        let censored = result.kaplanMeier.count - result.kaplanMeier.events.reduce(0, +)
        #expect(censored > 5_000)
        let median = try #require(result.simulated.median)
        #expect(abs(median / 40.7 - 1) < 0.05)
    }

    /// Above `exactUpTo` patients the curve comes from a fixed-resolution histogram: memory
    /// independent of the number of patients, figures the same to the printed 0.1 (issue 16).
    @Test(
        "histogram calibration: bounded curve, the exact figures to the printed precision",
        arguments: ["DESTINY-Breast12", "HER2CLIMB", "DESTINY-Breast09", "NALA"])
    func histogramMatchesExact(trial: String) throws {
        let arm = try #require(Self.arms.first { $0.trial == trial })
        let exact = SimulationFixture.simulator.calibrate(arm, patients: 20_000, seed: 5)
        let binned = SimulationFixture.simulator.calibrate(arm, patients: 20_000, seed: 5, exactUpTo: 0)
        #expect(exact.kaplanMeier.times.count > 5_000, "the exact curve has a step per event")
        let horizon = SimulationFixture.simulator.model.calibration.followUpMaximum
        #expect(binned.kaplanMeier.times.count <= Int(horizon * 512) + 2)
        #expect(binned.kaplanMeier.count == exact.kaplanMeier.count)
        #expect(binned.simulated.orr == exact.simulated.orr)
        #expect(binned.simulated.toxicities == exact.simulated.toxicities)
        if let a = exact.simulated.median, let b = binned.simulated.median {
            #expect(abs(a - b) < 2.0 / 512, "median \(a) exact, \(b) binned")
        } else {
            #expect(exact.simulated.median == binned.simulated.median)
        }
        let pfs = (exact.simulated.pfs12Month ?? 0, binned.simulated.pfs12Month ?? 0)
        #expect(abs(pfs.0 - pfs.1) < 0.02, "12-month PFS \(pfs.0) exact, \(pfs.1) binned")
        for month in stride(from: 0.0, through: horizon, by: 3) {
            #expect(abs(exact.kaplanMeier.survival(at: month) - binned.kaplanMeier.survival(at: month)) < 0.001)
        }
    }

    /// The calibration's radix sort orders times exactly like a comparison sort, ties included.
    @Test func radixSortMatchesSort() {
        var generator = SeededGenerator(seed: 4)
        for count in [0, 1, 7, 513, 5_000] {
            var values = (0..<count).map { _ in (generator.unit() * 600).rounded() / 10 }
            if count > 3 {
                values[1] = 0
                values[2] = 240
            }
            var radix = values
            RadixSort.sort(&radix)
            #expect(radix == values.sorted(), "\(count) values")
        }
    }

    /// The hot path draws exactly the patients `Simulator.course` draws: same progression,
    /// same end of treatment, same response, same toxicities.
    @Test func hotPathAgreesWithTheFullCourse() throws {
        let simulator = SimulationFixture.simulator
        for (trial, regimen, line) in [
            ("DESTINY-Breast03", "tdxd", 2), ("HER2CLIMB", "tucatinib-trastuzumab-capecitabine", 3),
            ("EMILIA", "lapatinib-capecitabine", 2), ("TH3RESA", "tdm1", 3),
        ] {
            let arm = try #require(simulator.calibrationArms.first { $0.trial == trial && $0.regimen == regimen })
            let sampler = ArmSampler(simulator: simulator, arm: arm)
            let buffer = UnsafeMutableBufferPointer<ArmSampler.Onset>.allocate(
                capacity: max(1, sampler.toxicities.count))
            defer { buffer.deallocate() }
            let state = PatientState(ecog: 1)
            for patient in 0..<300 {
                let seed = Streams.key(99, UInt64(patient))
                let draw = sampler.sample(patientSeed: seed, onsets: buffer)
                let course = simulator.course(for: state, regimen: RegimenID(regimen), patient: seed, line: line)
                #expect(course.basis.trial == trial, "\(regimen) line \(line) starts from \(course.basis.trial)")
                #expect(abs(course.progressionMonths - draw.progression) < 1e-9)
                #expect(abs(course.months - draw.stop) < 1e-9, "\(regimen) patient \(patient)")
                let responded = course.response == .partial || course.response == .complete
                #expect(responded == draw.responded, "\(regimen) patient \(patient)")
                var struck: [Toxicity: Int] = [:]
                for entry in course.events {
                    if case .toxicity(let toxicity, let grade) = entry.event { struck[toxicity] = grade }
                }
                var drawn: [Toxicity: Int] = [:]
                for index in 0..<draw.struck where buffer[index].month <= draw.stop {
                    drawn[sampler.toxicities[buffer[index].toxicity].toxicity] = buffer[index].grade
                }
                #expect(struck == drawn, "\(regimen) patient \(patient)")
            }
        }
    }
}
