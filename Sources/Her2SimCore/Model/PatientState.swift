/// Whether the tumour expresses hormone receptors (ER and/or PR).
public enum HormoneReceptor: String, CaseIterable, Sendable, Hashable, Codable {
    case positive, negative
}

/// Brain metastases: none, treated and stable, or active (untreated or progressing).
public enum BrainMetastases: String, CaseIterable, Sendable, Hashable, Codable {
    case none
    case treatedStable = "treated-stable"
    case active
}

/// Hepatic impairment as Child-Pugh class: mild A, moderate B, severe C.
public enum HepaticImpairment: String, CaseIterable, Sendable, Hashable, Codable {
    case none, mild, moderate, severe
}

/// DPD (DPYD) deficiency: partial (intermediate metabolizer, activity score 1–1.5) or
/// complete (activity score 0–0.5). State files may say `false` (none) or `true` (complete).
public enum DPDDeficiency: String, CaseIterable, Sendable, Hashable, Codable {
    case none, partial, complete
}

/// What the patient has told us matters to her; it orders options within a tier.
public enum Preference: String, CaseIterable, Sendable, Hashable, Codable {
    case oral
    case avoidAlopecia = "avoid-alopecia"
    case fewerVisits = "fewer-visits"
    case chemotherapyFree = "chemotherapy-free"
}

/// The patient as the reference engine sees her at a decision point.
public struct PatientState: Hashable, Sendable {
    public var age: Int
    /// ECOG performance status, 0 (fully active) to 4 (bedbound).
    public var ecog: Int
    public var hormoneReceptor: HormoneReceptor
    /// Metastatic sites other than the brain (the brain has its own field).
    public var sites: [String]
    public var brainMetastases: BrainMetastases
    /// Left-ventricular ejection fraction, percent.
    public var lvef: Int
    public var heartFailure: Bool
    public var dpdDeficiency: DPDDeficiency
    /// ESMO ABC visceral crisis: severe organ dysfunction from rapidly progressing disease.
    public var visceralCrisis: Bool
    public var hepaticImpairment: HepaticImpairment
    /// Residual toxicities now.
    public var toxicities: ToxicityGrades
    public var preferences: [Preference]
    public var trialAvailable: Bool
    /// Lines of therapy, oldest first.
    public var history: [TherapyLine]

    public init(
        age: Int = 55, ecog: Int = 1, hormoneReceptor: HormoneReceptor = .positive,
        sites: [String] = [], brainMetastases: BrainMetastases = .none, lvef: Int = 60,
        heartFailure: Bool = false, dpdDeficiency: DPDDeficiency = .none, visceralCrisis: Bool = false,
        hepaticImpairment: HepaticImpairment = .none,
        toxicities: ToxicityGrades = ToxicityGrades(), preferences: [Preference] = [],
        trialAvailable: Bool = false, history: [TherapyLine] = []
    ) {
        self.age = age
        self.ecog = ecog
        self.hormoneReceptor = hormoneReceptor
        self.sites = sites
        self.brainMetastases = brainMetastases
        self.lvef = lvef
        self.heartFailure = heartFailure
        self.dpdDeficiency = dpdDeficiency
        self.visceralCrisis = visceralCrisis
        self.hepaticImpairment = hepaticImpairment
        self.toxicities = toxicities
        self.preferences = preferences
        self.trialAvailable = trialAvailable
        self.history = history
    }

    public func prefers(_ preference: Preference) -> Bool { preferences.contains(preference) }
}
