/// One arm of a pivotal trial with its published figures (months and percent).
public struct TrialArm: Hashable, Sendable {
    public var label: String
    /// The canonical regimen this arm calibrates, if any.
    /// The model (`model.yaml`) and `trials.yaml` key arms by this text; `RegimenID(rawValue:)` types it.
    public var regimen: String?
    public var patients: Int?
    /// Figure name (`median-pfs`, `pfs-12-month`, `orr`…) to its published value.
    public var figures: [String: Double]
    /// Figures marked `(r)`: kept but not re-verified against the primary paper.
    public var unverified: Set<String>

    public func figure(_ name: String) -> Double? { figures[name] }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        label: String, regimen: String? = nil, patients: Int? = nil, figures: [String: Double],
        unverified: Set<String>
    ) {
        self.label = label
        self.regimen = regimen
        self.patients = patients
        self.figures = figures
        self.unverified = unverified
    }
}

/// A pivotal trial the engine cites and the simulator calibrates against.
public struct Trial: Hashable, Sendable, Identifiable {
    public var id: TrialID
    /// The short form a fellow can look up ("Cortés, NEJM 2022"): as written, or the first paper's.
    public var citation: String
    /// The published papers, main report first (later ones: overall survival, updates).
    public var papers: [Paper] = []
    public var population: String
    /// Line of therapy of the population (3 means third or later).
    public var line: Int
    public var brainMetastases: Bool
    public var hazardRatioPFS: Double?
    public var unverified: Set<String>
    public var notes: String?
    public var arms: [TrialArm]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: TrialID, citation: String, papers: [Paper] = [], population: String, line: Int, brainMetastases: Bool,
        hazardRatioPFS: Double? = nil, unverified: Set<String>, notes: String? = nil, arms: [TrialArm]
    ) {
        self.id = id
        self.citation = citation
        self.papers = papers
        self.population = population
        self.line = line
        self.brainMetastases = brainMetastases
        self.hazardRatioPFS = hazardRatioPFS
        self.unverified = unverified
        self.notes = notes
        self.arms = arms
    }
}

/// A citable source that is not a trial: a guideline, a label, the expert panel.
public struct Reference: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var kind: String
    /// The short form shown with the id ("Giordano, JCO 2022", "Enhertu label"), if any.
    public var citation: String? = nil
    /// The published paper behind a guideline or an early-setting trial, if any.
    public var papers: [Paper] = []

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, title: String, kind: String, citation: String? = nil, papers: [Paper] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.citation = citation
        self.papers = papers
    }
}
