import Foundation

/// A trial arm `her2sim calibrate` checks: an arm of `trials.yaml` mapped to a regimen.
public struct CalibrationArm: Hashable, Sendable, Identifiable {
    public var trial: String
    public var armLabel: String
    public var regimen: String
    /// The trial population's line of therapy (3 = third or later).
    public var line: Int
    public var brainMetastases: Bool
    /// `median-pfs`, `median-ttp` or `pfs-12-month`: what the curve was fitted to.
    public var endpoint: String

    public var id: String { "\(trial)/\(armLabel)" }
}

/// How close simulated figures must come to published ones.
public struct CalibrationTolerance: Hashable, Sendable {
    /// Median PFS/TTP: relative error (0.10 = ±10 %).
    public var medianRelative: Double
    /// 12-month PFS, ORR and toxicity rates: percentage points.
    public var ratePoints: Double

    public init(medianRelative: Double = 0.10, ratePoints: Double = 5) {
        self.medianRelative = medianRelative
        self.ratePoints = ratePoints
    }

    public static let standard = CalibrationTolerance()
}

/// A toxicity's any-grade and grade ≥ 3 rates in percent (`nil` when not published).
public struct ToxicityFigure: Hashable, Sendable {
    public var toxicity: Toxicity
    public var anyGrade: Double?
    public var grade3OrHigher: Double?
}

/// The figures of one arm: published or simulated. Months and percent.
public struct CalibrationFigures: Hashable, Sendable {
    /// Median PFS, or median TTP for arms whose endpoint was time to progression.
    public var median: Double?
    public var pfs12Month: Double?
    public var orr: Double?
    public var toxicities: [ToxicityFigure]
}

/// One published figure against its simulated value.
public struct CalibrationCheck: Hashable, Sendable {
    public enum Measure: String, Hashable, Sendable {
        /// (simulated − published) / published.
        case relative
        /// simulated − published, in percentage points.
        case points
    }

    /// `median-pfs`, `median-ttp`, `pfs-12-month`, `orr`, `<toxicity>-any`, `<toxicity>-grade3`.
    public var figure: String
    public var published: Double
    /// `nil` when the simulation never reached it (a median beyond follow-up).
    public var simulated: Double?
    public var measure: Measure
    public var error: Double?
    public var tolerance: Double
    public var passed: Bool
}

/// The outcome of calibrating one arm.
public struct ArmCalibration: Sendable {
    public var arm: CalibrationArm
    public var patients: Int
    public var published: CalibrationFigures
    public var simulated: CalibrationFigures
    public var checks: [CalibrationCheck]
    public var withinTolerance: Bool
    /// The simulated PFS curve (for plots).
    public var kaplanMeier: KaplanMeier
    /// The trial the toxicity rates were published in.
    public var toxicityTrial: String?
}

extension Simulator {
    /// Patients per arm up to which `calibrate` keeps every time (an exact curve, a few MB).
    public static let exactCalibrationLimit = 100_000

    /// Every arm `her2sim calibrate` checks, in `trials.yaml` order.
    public var calibrationArms: [CalibrationArm] {
        model.pfs.arms.filter(\.isCalibrated).map {
            CalibrationArm(
                trial: $0.trial, armLabel: $0.armLabel, regimen: $0.regimen, line: $0.line,
                brainMetastases: $0.brainMetastases, endpoint: $0.endpoint)
        }
    }

    /// Simulates `patients` patients of the arm's trial population (its line; brain metastases
    /// when the trial enrolled them; ECOG 1; no exposure the trial excluded), follows them with
    /// administrative censoring, and compares Kaplan–Meier median and 12-month PFS, ORR and
    /// toxicity rates with the published figures.
    ///
    /// Patient `i` has seed `Streams.key(seed, i)` — the same in every arm, so the arms of one
    /// trial are compared on the same patients. `progress` is called with the number of
    /// patients done, now and then.
    ///
    /// Up to `exactUpTo` patients the Kaplan–Meier curve is exact (every time kept and sorted).
    /// Above, memory does not grow with the number of patients: times are counted in bins of
    /// 1/512 month (`KaplanMeierHistogram`): 12 months is a bin edge, and the median is placed
    /// within its bin (about 1e-4 month from the exact one at 300 000 patients) — the same
    /// figures to the printed 0.1; JSON's two decimals differ only when the exact median lies
    /// that close to a rounding edge.
    public func calibrate(
        _ arm: CalibrationArm, patients: Int, seed: UInt64, tolerance: CalibrationTolerance = .standard,
        exactUpTo: Int = Simulator.exactCalibrationLimit, progress: (Int) -> Void = { _ in }
    ) -> ArmCalibration {
        let sampler = ArmSampler(simulator: self, arm: arm)
        let count = max(1, patients)
        let exact = count <= exactUpTo
        var histogram = exact ? nil : KaplanMeierHistogram(horizon: model.calibration.followUpMaximum)
        var eventTimes: [Double] = []
        var censorTimes: [Double] = []
        if exact {
            eventTimes.reserveCapacity(count)
            censorTimes.reserveCapacity(count)
        }
        var anyCounts = [Int](repeating: 0, count: sampler.toxicities.count)
        var severeCounts = [Int](repeating: 0, count: sampler.toxicities.count)
        var responders = 0
        let buffer = UnsafeMutableBufferPointer<ArmSampler.Onset>.allocate(capacity: max(1, sampler.toxicities.count))
        defer { buffer.deallocate() }
        for patient in 0..<count {
            let draw = sampler.sample(patientSeed: Streams.key(seed, UInt64(patient)), onsets: buffer)
            if draw.progression <= draw.censor {
                if exact { eventTimes.append(draw.progression) } else { histogram!.addEvent(draw.progression) }
            } else {
                if exact { censorTimes.append(draw.censor) } else { histogram!.addCensored(draw.censor) }
            }
            if draw.responded { responders += 1 }
            for index in 0..<draw.struck {
                let onset = buffer[index]
                guard onset.month <= draw.stop, onset.month < draw.censor else { continue }
                anyCounts[onset.toxicity] += 1
                if onset.grade >= 3 { severeCounts[onset.toxicity] += 1 }
            }
            if patient & 0xFFFF == 0xFFFF { progress(patient + 1) }
        }
        progress(count)
        let curve: KaplanMeier
        var median: Double?
        if let histogram {
            curve = histogram.curve
            median = histogram.quantileTime(0.5)
        } else {
            RadixSort.sort(&eventTimes)
            RadixSort.sort(&censorTimes)
            curve = KaplanMeier(sortedEventTimes: eventTimes, sortedCensorTimes: censorTimes)
            median = curve.median
        }
        return summarize(
            arm, sampler: sampler, patients: count, curve: curve, median: median, responders: responders,
            anyCounts: anyCounts, severeCounts: severeCounts, tolerance: tolerance)
    }

    private func summarize(
        _ arm: CalibrationArm, sampler: ArmSampler, patients: Int, curve: KaplanMeier, median: Double?, responders: Int,
        anyCounts: [Int], severeCounts: [Int], tolerance: CalibrationTolerance
    ) -> ArmCalibration {
        let trialArm = knowledge.trial(TrialID(arm.trial))?.arms.first { $0.label == arm.armLabel }
        let medianKey = arm.endpoint == "median-ttp" ? "median-ttp" : "median-pfs"
        let n = Double(patients)
        var publishedToxicities: [ToxicityFigure] = []
        var simulatedToxicities: [ToxicityFigure] = []
        for (index, parameters) in sampler.toxicities.enumerated() {
            simulatedToxicities.append(
                ToxicityFigure(
                    toxicity: parameters.toxicity, anyGrade: Double(anyCounts[index]) / n * 100,
                    grade3OrHigher: Double(severeCounts[index]) / n * 100))
            if parameters.borrowedVia == nil {
                publishedToxicities.append(
                    ToxicityFigure(
                        toxicity: parameters.toxicity, anyGrade: parameters.published.anyGrade,
                        grade3OrHigher: parameters.published.grade3OrHigher))
            }
        }
        let published = CalibrationFigures(
            median: trialArm?.figure(medianKey), pfs12Month: trialArm?.figure("pfs-12-month"),
            orr: trialArm?.figure("orr"), toxicities: publishedToxicities)
        let simulated = CalibrationFigures(
            median: median, pfs12Month: curve.survival(at: 12) * 100,
            orr: Double(responders) / n * 100, toxicities: simulatedToxicities)

        var checks: [CalibrationCheck] = []
        func check(_ figure: String, _ published: Double?, _ simulated: Double?, relative: Bool) {
            guard let published else { return }
            let limit = relative ? tolerance.medianRelative : tolerance.ratePoints
            let error = simulated.map { relative ? ($0 - published) / published : $0 - published }
            checks.append(
                CalibrationCheck(
                    figure: figure, published: published, simulated: simulated,
                    measure: relative ? .relative : .points, error: error, tolerance: limit,
                    passed: error.map { abs($0) <= limit + 1e-9 } ?? false))
        }
        check(medianKey, published.median, simulated.median, relative: true)
        check("pfs-12-month", published.pfs12Month, simulated.pfs12Month, relative: false)
        check("orr", published.orr, simulated.orr, relative: false)
        for figure in publishedToxicities {
            let own = simulatedToxicities.first { $0.toxicity == figure.toxicity }
            check("\(figure.toxicity.rawValue)-any", figure.anyGrade, own?.anyGrade, relative: false)
            check("\(figure.toxicity.rawValue)-grade3", figure.grade3OrHigher, own?.grade3OrHigher, relative: false)
        }
        return ArmCalibration(
            arm: arm, patients: patients, published: published, simulated: simulated, checks: checks,
            withinTolerance: checks.allSatisfy(\.passed), kaplanMeier: curve,
            toxicityTrial: sampler.toxicities.first { $0.borrowedVia == nil }?.trial)
    }
}

/// The calibration hot path: every parameter of an arm precomputed, one patient drawn with
/// arithmetic only — no allocation, no events — from the same streams and the same `Draw`
/// functions as `Simulator.course`, so it simulates exactly the patients a case would meet.
struct ArmSampler {
    /// A toxicity that struck: when, which (index into `toxicities`), how badly.
    struct Onset {
        var month: Double
        var toxicity: Int
        var grade: Int
    }

    /// What one simulated patient did.
    struct Sample {
        /// Latent progression time.
        var progression: Double
        /// End of treatment: progression or a toxicity that stopped it.
        var stop: Double
        /// Administrative censoring time.
        var censor: Double
        var responded: Bool
        /// How many entries of the onset buffer are filled (in onset order).
        var struck: Int
    }

    let scale: Double
    let inverseShape: Double
    let restaging: Double
    let correlation: Double
    let threshold: Double
    let followUpMinimum: Double
    /// `longest-course`: no course runs longer (beyond follow-up, so no calibrated figure moves).
    let longestCourse: Double
    let followUpSpan: Double
    let maximumReductions: Int
    let toxicities: [ToxicityParameters]
    // Flat copies of the toxicity parameters: no struct (and no string) copied per patient.
    let streams: [UInt64]
    let susceptibilities: [Double]
    let severeShares: [Double]
    let grade4Shares: [Double]
    let grade2Shares: [Double]
    let onsetScales: [Double]
    let onsetInverseShapes: [Double]
    /// Per toxicity index × 5 + grade.
    let actions: [DoseAction]
    /// Per toxicity index × 5 + grade: whose dose levels a reduction uses (0: the regimen's,
    /// 1…7: one agent's, as the rule's `agent` says).
    let owners: [Int]
    let progressionFirstWithin: Double

    init(simulator: Simulator, arm: CalibrationArm) {
        let model = simulator.model
        let knowledge = simulator.knowledge
        guard
            let fit = model.pfs.arms.first(where: {
                $0.trial == arm.trial && $0.armLabel == arm.armLabel && $0.proxy == nil
            }),
            let regimenIndex = knowledge.regimenIndex(named: arm.regimen)
        else {
            preconditionFailure("calibrate: \(arm.id) is not a calibrated arm of this model")
        }
        // The trial's own population: every patient factor is 1 by construction; computed
        // through the same code the cases use, so a factor that leaked in would show.
        let population = PatientState(ecog: 1, brainMetastases: arm.brainMetastases ? .treatedStable : .none)
        let facts = PatientFacts(state: population, knowledge: knowledge)
        let hazard = simulator.basis(
            of: fit, regimenIndex: regimenIndex, state: population, facts: facts, line: arm.line
        )
        .hazardRatio
        let pfs = fit.pfs.scalingHazard(by: hazard)
        scale = pfs.scale
        inverseShape = 1 / pfs.shape
        restaging = model.response.firstRestagingMonths
        correlation = model.response.pfsCorrelation
        let orr = fit.orr > 0 ? pow(fit.orr, hazard) : 0
        threshold = Draw.responseThreshold(orr: orr, early: 1 - pfs.survival(at: restaging), correlation: correlation)
        followUpMinimum = model.calibration.followUpMinimum
        longestCourse = model.longestCourse.months
        followUpSpan = model.calibration.followUpMaximum - model.calibration.followUpMinimum
        maximumReductions = model.doseModifications.maximumReductions
        toxicities = simulator.toxicitiesByRegimen[regimenIndex]
        streams = toxicities.map { Streams.toxicityBase + UInt64(Simulator.index(of: $0.toxicity)) }
        susceptibilities = toxicities.map(\.susceptibility)
        severeShares = toxicities.map(\.severeShare)
        grade4Shares = toxicities.map(\.grades.grade4Share)
        grade2Shares = toxicities.map(\.grades.grade2Share)
        onsetScales = toxicities.map(\.onset.scale)
        onsetInverseShapes = toxicities.map { 1 / $0.onset.shape }
        var actions: [DoseAction] = []
        var owners: [Int] = []
        var agents: [String] = []
        for parameters in toxicities {
            for grade in 0...4 {
                let rule =
                    grade == 0
                    ? -1 : simulator.ruleTable[regimenIndex][Simulator.index(of: parameters.toxicity) * 5 + grade]
                actions.append(rule >= 0 ? model.doseModifications.rules[rule].action : .continue)
                var owner = 0
                if rule >= 0, let agent = model.doseModifications.rules[rule].agent {
                    if !agents.contains(agent) { agents.append(agent) }
                    owner = min(agents.firstIndex(of: agent)! + 1, 7)
                }
                owners.append(owner)
            }
        }
        self.actions = actions
        self.owners = owners
        progressionFirstWithin = model.doseModifications.progressionFirstWithinMonths
    }

    /// One patient of the arm's population; struck toxicities land in `onsets`, sorted.
    @inline(__always)
    func sample(patientSeed: UInt64, onsets: UnsafeMutableBufferPointer<Onset>) -> Sample {
        let courseKey = Streams.key(patientSeed, 0)
        var main = Streams.generator(courseKey, Streams.course)
        let percentile = main.unit()
        let mix = main.unit()
        let chance = main.unit()
        let progression = min(Draw.weibull(percentile, scale: scale, inverseShape: inverseShape), longestCourse)
        var follow = Streams.generator(patientSeed, Streams.censoring)
        let censor = followUpMinimum + followUpSpan * follow.unit()

        var struck = 0
        for index in 0..<streams.count {
            var generator = Streams.generator(courseKey, streams[index])
            let susceptibility = generator.unit()
            let onsetDraw = generator.unit()
            let grade = Draw.grade(
                susceptibility, susceptibility: susceptibilities[index], severeShare: severeShares[index],
                grade4Share: grade4Shares[index], grade2Share: grade2Shares[index])
            guard grade > 0 else { continue }
            let month = Draw.weibull(onsetDraw, scale: onsetScales[index], inverseShape: onsetInverseShapes[index])
            // Insertion in onset order (ties keep canonical order, as the course does).
            var slot = struck
            while slot > 0, onsets[slot - 1].month > month {
                onsets[slot] = onsets[slot - 1]
                slot -= 1
            }
            onsets[slot] = Onset(month: month, toxicity: index, grade: grade)
            struck += 1
        }
        var stop = progression
        var reductions = SIMD8<Int32>()
        for index in 0..<struck {
            let onset = onsets[index]
            if onset.month >= progression { break }
            var action = actions[onset.toxicity * 5 + onset.grade]
            var exhausted = false
            if action == .reduce {
                let owner = owners[onset.toxicity * 5 + onset.grade]
                reductions[owner] += 1
                if Int(reductions[owner]) > maximumReductions {
                    action = .discontinue
                    exhausted = true
                }
            }
            if action == .discontinue {
                // Progression found at the restaging of a stop for want of a lower dose ends the
                // line there (as a course does); a label's stop stays a stop.
                if !exhausted || progression - onset.month > progressionFirstWithin { stop = onset.month }
                break
            }
        }
        let responded =
            progression >= restaging && restaging <= stop
            && Draw.responds(
                percentile: percentile, mix: mix, chance: chance, correlation: correlation, threshold: threshold)
        return Sample(progression: progression, stop: stop, censor: censor, responded: responded, struck: struck)
    }
}
