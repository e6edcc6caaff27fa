/// A drug and the classes rules select it by (taxane, tki, anti-her2-antibody…).
public struct Agent: Hashable, Sendable {
    public var id: String
    public var name: String
    public var classes: [String]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, name: String, classes: [String]) {
        self.id = id
        self.name = name
        self.classes = classes
    }
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

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(strength: String, trials: [String]) {
        self.strength = strength
        self.trials = trials
    }
}

/// Any-grade and grade ≥ 3 incidence in percent, from one trial.
public struct ToxicityRate: Hashable, Sendable {
    /// `nil` when the trial reported only the grade ≥ 3 rate.
    public var anyGrade: Double?
    public var grade3OrHigher: Double?

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(anyGrade: Double? = nil, grade3OrHigher: Double? = nil) {
        self.anyGrade = anyGrade
        self.grade3OrHigher = grade3OrHigher
    }
}

/// A regimen's known adverse-event profile and where the figures come from.
public struct ToxicityProfile: Hashable, Sendable {
    public var trial: String?
    public var rates: [Toxicity: ToxicityRate]
    public var unverified: [Toxicity]
    public var notes: String?

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(trial: String? = nil, rates: [Toxicity: ToxicityRate], unverified: [Toxicity], notes: String? = nil) {
        self.trial = trial
        self.rates = rates
        self.unverified = unverified
        self.notes = notes
    }
}

/// A canonical regimen of the knowledge base.
public struct Regimen: Hashable, Sendable, Identifiable {
    public var id: RegimenID
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

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: RegimenID, name: String, aliases: [String], agents: [Agent], route: Route, visits: VisitFrequency,
        schedule: String, dose: String, tags: Set<String>, evidence: EvidenceLevel, toxicities: ToxicityProfile
    ) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.agents = agents
        self.route = route
        self.visits = visits
        self.schedule = schedule
        self.dose = dose
        self.tags = tags
        self.evidence = evidence
        self.toxicities = toxicities
    }
}

extension Regimen {
    /// The name as a sentence gives it mid-way: "tucatinib + trastuzumab + capecitabine
    /// (HER2CLIMB)", but "T-DXd (trastuzumab deruxtecan)" and "THP" keep their capitals.
    public var nameInSentence: String {
        let characters = Array(name)
        guard characters.count > 1, characters[0].isUppercase, characters[1].isLowercase else { return name }
        return characters[0].lowercased() + String(characters.dropFirst())
    }
}
