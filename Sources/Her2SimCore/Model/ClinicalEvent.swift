/// Something that happens to a patient between decisions — scripted by a case or drawn by the
/// simulator. Both speak this one vocabulary, so scripted events can override simulated ones.
public enum ClinicalEvent: Hashable, Sendable {
    /// A toxicity reaches this CTCAE grade (0 = resolved).
    case toxicity(Toxicity, grade: Int)
    /// The disease progresses, possibly to new sites and the brain.
    case progression(newSites: [String], brainMetastases: BrainMetastases?)
    /// Restaging shows this response.
    case response(Response)
    case lvef(Int)
    case ecog(Int)
    case trialAvailable(Bool)
    /// The patient states a new preference.
    case preference(Preference)
    /// The patient drops a preference.
    case preferenceWithdrawn(Preference)
    case hepaticImpairment(HepaticImpairment)
    case heartFailure(Bool)

    /// Which kind of event this is, for "scripted overrides simulated" merging.
    public var kind: Kind {
        switch self {
        case .toxicity(let toxicity, _): .toxicity(toxicity)
        case .progression: .progression
        case .response: .response
        case .lvef: .lvef
        case .ecog: .ecog
        case .trialAvailable: .trialAvailable
        case .preference(let preference), .preferenceWithdrawn(let preference): .preference(preference)
        case .hepaticImpairment: .hepaticImpairment
        case .heartFailure: .heartFailure
        }
    }

    public enum Kind: Hashable, Sendable {
        case toxicity(Toxicity)
        case progression, response, lvef, ecog, trialAvailable, hepaticImpairment, heartFailure
        case preference(Preference)
    }
}

extension PatientState {
    /// The state after `event`; pure, so a session can be replayed from its events.
    public func applying(_ event: ClinicalEvent) -> PatientState {
        var next = self
        switch event {
        case .toxicity(let toxicity, let grade):
            next.toxicities[toxicity] = grade
        case .progression(let newSites, let brain):
            for site in newSites where !next.sites.contains(site) { next.sites.append(site) }
            if let brain { next.brainMetastases = brain }
        case .response:
            break
        case .lvef(let value):
            next.lvef = value
        case .ecog(let value):
            next.ecog = value
        case .trialAvailable(let value):
            next.trialAvailable = value
        case .preference(let preference):
            if !next.preferences.contains(preference) { next.preferences.append(preference) }
        case .preferenceWithdrawn(let preference):
            next.preferences.removeAll { $0 == preference }
        case .hepaticImpairment(let value):
            next.hepaticImpairment = value
        case .heartFailure(let value):
            next.heartFailure = value
        }
        return next
    }

    public func applying(_ events: [ClinicalEvent]) -> PatientState {
        events.reduce(self) { $0.applying($1) }
    }
}
