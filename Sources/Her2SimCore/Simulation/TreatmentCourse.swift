/// A toxicity at a CTCAE grade (hashable, unlike the tuple `TherapyLine` exposes).
public struct ToxicityGrade: Hashable, Sendable {
    public var toxicity: Toxicity
    public var grade: Int

    public init(_ toxicity: Toxicity, _ grade: Int) {
        self.toxicity = toxicity
        self.grade = grade
    }
}

/// What treatment did about a toxicity, and which `model.yaml` rule said so (for teaching).
public struct DoseModification: Hashable, Sendable {
    public var month: Double
    public var toxicity: ToxicityGrade
    public var action: DoseAction
    /// The dose-modification rule id; `dose-levels` when a reduction had no level left.
    public var rule: String
}

/// One factor applied to the starting arm's hazard, with the assumption behind it.
public struct HazardAdjustment: Hashable, Sendable {
    public var assumption: String
    public var ratio: Double
}

/// Where a course's PFS came from: the trial arm it started from and the patient factors.
public struct CourseBasis: Hashable, Sendable {
    public var trial: String
    public var armLabel: String
    /// Set when the arm stands in for the regimen (a proxy assumption id).
    public var proxy: String?
    public var adjustments: [HazardAdjustment]

    /// The product of all adjustments: 1 for the arm's own population.
    public var hazardRatio: Double { adjustments.reduce(1) { $0 * $1.ratio } }
}

/// One line of therapy as it unfolds for a patient: how long she stays on it, why it stops,
/// how the disease responds and what happens on the way, month by month.
public struct TreatmentCourse: Hashable, Sendable {
    public var regimen: RegimenID
    public var line: Int
    /// Months on treatment until it stopped (or until a scripted turn came).
    public var months: Double
    /// `progression` or `toxicity`; `completed` when a scripted turn came first.
    public var stopReason: StopReason
    /// The toxicity that stopped it, when `stopReason` is `toxicity`.
    public var stoppingToxicity: ToxicityGrade?
    /// Best response; `nil` when treatment stopped before the first restaging.
    public var response: Response?
    /// Time-ordered, months from the start of the line; up to and including the event that
    /// stopped it. Scripted events are included (`scriptedEvents` says which).
    public var events: [TimedEvent]
    /// Indices into `events` of the events a case scripted.
    public var scriptedEvents: [Int]
    public var doseModifications: [DoseModification]
    /// When the disease progresses on this regimen, had it been continued (months).
    public var progressionMonths: Double
    public var basis: CourseBasis
}

/// What `Simulator.advance` returns: the patient at the next decision and how she got there.
public struct Advance: Hashable, Sendable {
    /// The state at the next decision: history gains the line, toxicities are the residual
    /// ones, LVEF, ECOG, sites and brain metastases as the events left them.
    public var state: PatientState
    /// Months from this decision to the next.
    public var months: Double
    /// Everything that happened, simulated and scripted, in time order.
    public var events: [TimedEvent]
    /// The line as it ran, scripted events included.
    public var course: TreatmentCourse
}
