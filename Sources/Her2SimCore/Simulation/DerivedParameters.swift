import Foundation

/// A trial arm's PFS curve, fitted to its own published figures (or a proxy arm standing in for
/// a regimen with none). Derived at load, never written by hand.
public struct ArmFit: Hashable, Sendable {
    public var trial: String
    public var armLabel: String
    /// The regimen this curve simulates.
    public var regimen: String
    /// The trial population's line of therapy (3 = third or later).
    public var line: Int
    public var brainMetastases: Bool
    /// PFS of the arm's population (a proxy's hazard ratio included).
    public var pfs: Weibull
    /// The figure the median was fitted to: `median-pfs`, `median-ttp`, or `pfs-12-month` alone.
    public var endpoint: String
    /// Objective response rate, 0–1, and where it came from (`arm`, another trial's id, `default`).
    public var orr: Double
    public var orrSource: String
    /// The proxy assumption id when this arm stands in for another regimen, else `nil`.
    public var proxy: String?

    /// True when `her2sim calibrate` checks this arm (a trial arm mapped to its regimen).
    public var isCalibrated: Bool { proxy == nil }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        trial: String, armLabel: String, regimen: String, line: Int, brainMetastases: Bool, pfs: Weibull,
        endpoint: String, orr: Double, orrSource: String, proxy: String? = nil
    ) {
        self.trial = trial
        self.armLabel = armLabel
        self.regimen = regimen
        self.line = line
        self.brainMetastases = brainMetastases
        self.pfs = pfs
        self.endpoint = endpoint
        self.orr = orr
        self.orrSource = orrSource
        self.proxy = proxy
    }
}

/// A regimen's toxicity as the simulator draws it, derived from its profile in `regimens.yaml`.
public struct ToxicityParameters: Hashable, Sendable {
    public var toxicity: Toxicity
    /// Probability that the toxicity can strike this patient at all (her susceptibility);
    /// calibrated so that the observed rate in the profile's trial matches the published one.
    public var susceptibility: Double
    /// Share of events that are grade ≥ 3.
    public var severeShare: Double
    public var grades: GradeMix
    public var onset: Weibull
    /// The published rates it was calibrated to; `nil` fields were not published.
    public var published: ToxicityRate
    /// The profile's trial.
    public var trial: String?
    /// The toxicity-proxy assumption id when borrowed from another regimen.
    public var borrowedVia: String?

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        toxicity: Toxicity, susceptibility: Double, severeShare: Double, grades: GradeMix, onset: Weibull,
        published: ToxicityRate, trial: String? = nil, borrowedVia: String? = nil
    ) {
        self.toxicity = toxicity
        self.susceptibility = susceptibility
        self.severeShare = severeShare
        self.grades = grades
        self.onset = onset
        self.published = published
        self.trial = trial
        self.borrowedVia = borrowedVia
    }
}

extension SimulationModel {
    /// Observed share of patients whose onset (drawn from `onset`) comes before progression
    /// on `pfs` and before administrative censoring between the follow-up bounds.
    ///
    /// Integrates over onset quantiles with the midpoint rule: the integrand is smooth and
    /// bounded, so 400 steps agree with 20,000 to 1e-4 (a test checks every derived share), and
    /// every start-up derives about a hundred of these.
    package static func observedShare(
        onset: Weibull, pfs: Weibull, followUp: ClosedRange<Double>, steps: Int = 400
    ) -> Double {
        var total = 0.0
        for step in 0..<steps {
            let quantile = (Double(step) + 0.5) / Double(steps)
            let time = onset.quantile(survival: 1 - quantile)
            total += pfs.survival(at: time) * censoringSurvival(at: time, followUp: followUp)
        }
        return total / Double(steps)
    }

    /// Probability that follow-up is still running at `time` (uniform censoring in `followUp`).
    static func censoringSurvival(at time: Double, followUp: ClosedRange<Double>) -> Double {
        if time <= followUp.lowerBound { return 1 }
        if time >= followUp.upperBound { return 0 }
        return (followUp.upperBound - time) / (followUp.upperBound - followUp.lowerBound)
    }
}
