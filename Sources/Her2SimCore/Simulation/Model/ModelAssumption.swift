/// How firm a model assumption is, so teaching text can say so honestly.
public enum AssumptionBasis: String, CaseIterable, Sendable, Hashable {
    /// Computed at load time from trial figures.
    case derived
    /// A prescribing-information rule.
    case label
    /// A modelling choice; its sources are the nearest data, not proof.
    case assumption
}

/// One documented assumption of `Scoring/model.yaml`: every number the simulator uses cites one.
public struct ModelAssumption: Hashable, Sendable, Identifiable {
    public var id: String
    public var basis: AssumptionBasis
    public var text: String
    /// Trial and reference ids from `trials.yaml`.
    public var sources: [String]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, basis: AssumptionBasis, text: String, sources: [String]) {
        self.id = id
        self.basis = basis
        self.text = text
        self.sources = sources
    }
}
