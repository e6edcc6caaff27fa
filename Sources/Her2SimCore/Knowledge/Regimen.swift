/// A drug and the classes rules select it by (taxane, tki, anti-her2-antibody…).
public struct Agent: Hashable, Sendable {
    public var id: String
    public var name: String
    public var classes: [String]
}

/// How a regimen is given, which decides patient preferences such as `oral`.
public enum Route: String, CaseIterable, Sendable, Hashable {
    case iv, oral, sc
    case ivOral = "iv+oral"
    case none
}

/// How often the patient comes in for treatment (the `fewer-visits` preference).
public enum VisitFrequency: String, CaseIterable, Sendable, Hashable {
    case weekly
    case everyThreeWeeks = "every-3-weeks"
    case none
}

/// How strong the evidence behind a regimen is; orders regimens within a tier.
public struct EvidenceLevel: Hashable, Sendable {
    /// One of `rules.yaml`'s `evidence-order` values, e.g. `randomized-os`.
    public var strength: String
    public var trials: [String]
}

/// Any-grade and grade ≥ 3 incidence in percent, from one trial.
public struct ToxicityRate: Hashable, Sendable {
    /// `nil` when the trial reported only the grade ≥ 3 rate.
    public var anyGrade: Double?
    public var grade3OrHigher: Double?
}

/// A regimen's known adverse-event profile and where the figures come from.
public struct ToxicityProfile: Hashable, Sendable {
    public var trial: String?
    public var rates: [Toxicity: ToxicityRate]
    public var unverified: [Toxicity]
    public var notes: String?
}

/// A canonical regimen of the knowledge base.
public struct Regimen: Hashable, Sendable, Identifiable {
    public var id: String
    public var name: String
    public var aliases: [String]
    public var agents: [Agent]
    public var route: Route
    public var visits: VisitFrequency
    public var schedule: String
    public var dose: String
    /// Agent ids, agent classes and the regimen's own tags: what rules select on.
    public var tags: Set<String>
    public var evidence: EvidenceLevel
    public var toxicities: ToxicityProfile

    public func has(_ tag: String) -> Bool { tags.contains(tag) }
}
