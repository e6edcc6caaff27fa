/// What happens to treatment when a toxicity strikes (label rules in `model.yaml`).
public enum DoseAction: String, CaseIterable, Sendable, Hashable {
    /// Nothing changes.
    case `continue`
    /// Held until it settles, resumed at the same dose.
    case interrupt
    /// Held, then resumed one dose level lower; stops when no level is left.
    case reduce
    /// The regimen stops; the next decision comes.
    case discontinue
}

/// A dose-modification rule: the first one matching an event decides its action.
public struct DoseRule: Hashable, Sendable {
    public var id: String
    /// Toxicities it applies to; `nil` for every toxicity (and not to LVEF values).
    public var toxicities: Set<Toxicity>?
    public var gradeAtLeast: Int
    /// Applies to LVEF values below this (for `.lvef` events) instead of a toxicity grade.
    public var lvefBelow: Int?
    public var regimens: RegimenSelector
    public var action: DoseAction
    /// The one drug of a combination whose dose the rule changes: its reductions count against
    /// its own dose levels (each drug has its own), not the regimen's. `nil`: the regimen's.
    public var agent: String? = nil

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, toxicities: Set<Toxicity>? = nil, gradeAtLeast: Int, lvefBelow: Int? = nil,
        regimens: RegimenSelector, action: DoseAction, agent: String? = nil
    ) {
        self.id = id
        self.toxicities = toxicities
        self.gradeAtLeast = gradeAtLeast
        self.lvefBelow = lvefBelow
        self.regimens = regimens
        self.action = action
        self.agent = agent
    }
}
