/// A clinical event and the month (since the regimen started) it happened in.
public struct TimedEvent: Hashable, Sendable {
    public var month: Double
    public var event: ClinicalEvent

    public init(month: Double, event: ClinicalEvent) {
        self.month = month
        self.event = event
    }
}

/// What a regimen did between two decisions: the input to the next turn.
public struct CourseOutcome: Hashable, Sendable {
    /// The state at the next decision (history extended, toxicities and sites updated).
    public var state: PatientState
    /// Months from the decision to the next one.
    public var months: Double
    /// What happened, in time order; scripted events included.
    public var events: [TimedEvent]
    /// Indices into `events` of the events a case scripted (the rest were simulated).
    public var scriptedEvents: [Int]

    /// A grade 5 toxicity happened: she died of it.
    public var isFatal: Bool {
        events.contains { if case .toxicity(_, let grade) = $0.event { grade >= 5 } else { false } }
    }

    public init(state: PatientState, months: Double, events: [TimedEvent], scriptedEvents: [Int] = []) {
        self.state = state
        self.months = months
        self.events = events
        self.scriptedEvents = scriptedEvents
    }
}

/// A session is its event log: replaying the log rebuilds the session exactly.
public enum SessionEvent: Hashable, Sendable {
    case started(caseID: String, seed: UInt64, learner: String?)
    case chose(turn: Int, regimen: RegimenID)
    case assessed(turn: Int, regimen: RegimenID, tier: Tier, points: Int, unsafe: Bool, reference: RegimenID)
    case advanced(turn: Int, months: Double, events: [TimedEvent])
    /// A toxicity-management decision at `turn`: the action chosen (`hold`, `omit-capecitabine`…),
    /// its tier and points, and the label's own action.
    case managed(turn: Int, action: String, tier: Tier, points: Int, unsafe: Bool, reference: String)
    case ended(score: Int, maximum: Int)
}
