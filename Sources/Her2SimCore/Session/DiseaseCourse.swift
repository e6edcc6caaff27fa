/// How the disease responds to a regimen. The simulator implements it; sessions only need this.
public protocol DiseaseCourse: Sendable {
    /// The course on `regimen` from `state` until the next decision. `scripted` events take
    /// precedence over simulated ones of the same kind; `months` (a case's `after-months`) fixes
    /// the duration. Deterministic in `seed` and `decisionIndex`.
    func advance(
        _ state: PatientState, choosing regimen: RegimenID, seed: UInt64, decisionIndex: Int,
        scripted: [ClinicalEvent], months: Double?
    ) -> CourseOutcome
    /// The sentences an interval is written with (none: no interval paragraph).
    var narration: Narration { get }
    /// The toxicities `regimen` can cause in this course (`nil`: its profile in the knowledge).
    func toxicities(of regimen: RegimenID) -> Set<Toxicity>?
}

extension DiseaseCourse {
    public var narration: Narration { Narration() }
    public func toxicities(of regimen: RegimenID) -> Set<Toxicity>? { nil }
}
