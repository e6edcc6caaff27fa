/// What a guard can see of the path actually played: the previous decision and everything she
/// has received, so a case's drug-dependent text follows the fellow's choices.
public struct PathFacts: Hashable, Sendable {
    /// The regimen chosen at the previous decision (canonical id), `nil` before the first.
    public var chosen: RegimenID?
    /// The tier of that choice.
    public var tier: Tier?
    /// Every regimen she has received on this path, history included (canonical ids).
    public var received: Set<RegimenID>
    /// What the simulator did on this path (toxicities, how the last line ended).
    public var course = CourseFacts()

    public init(chosen: RegimenID? = nil, tier: Tier? = nil, received: Set<RegimenID> = []) {
        self.chosen = chosen
        self.tier = tier
        self.received = received
    }
}

/// A turn's `when:` condition; every listed key must hold. An empty guard always holds.
public struct TurnGuard: Hashable, Sendable {
    public static let keys = ["chosen", "received", "received-all", "not-received", "tier"] + PathConditions.keys

    /// The previous decision's regimen is one of these.
    public var chosen: Set<RegimenID>?
    /// She has received at least one of these.
    public var received: Set<RegimenID>?
    /// She has received every one of these (`received-all:`, "both T-DXd and T-DM1").
    public var receivedAll: Set<RegimenID>?
    /// She has received none of these.
    public var notReceived: Set<RegimenID>?
    /// The previous choice had one of these tiers.
    public var tiers: Set<Tier>?
    /// `had`, `stopped`, `response`, `months`: what the simulator did (PathConditions.swift).
    public var conditions: PathConditions?
    public var location: SourceLocation?

    public init(
        chosen: Set<RegimenID>? = nil, received: Set<RegimenID>? = nil, receivedAll: Set<RegimenID>? = nil,
        notReceived: Set<RegimenID>? = nil, tiers: Set<Tier>? = nil, location: SourceLocation? = nil
    ) {
        self.chosen = chosen
        self.received = received
        self.receivedAll = receivedAll
        self.notReceived = notReceived
        self.tiers = tiers
        self.location = location
    }

    public func holds(on path: PathFacts) -> Bool {
        if let chosen, !(path.chosen.map(chosen.contains) ?? false) { return false }
        if let received, received.isDisjoint(with: path.received) { return false }
        if let receivedAll, !receivedAll.isSubset(of: path.received) { return false }
        if let notReceived, !notReceived.isDisjoint(with: path.received) { return false }
        if let tiers, !(path.tier.map(tiers.contains) ?? false) { return false }
        if let conditions, !conditions.holds(on: path.course) { return false }
        return true
    }

    /// The regimens this guard names, for checks that a text names only drugs she received.
    public var regimens: Set<RegimenID> { (chosen ?? []).union(received ?? []).union(receivedAll ?? []) }
}

/// One alternative of a guarded field: the value applies where its guard holds (always,
/// without a guard).
public struct Guarded<Value: Hashable & Sendable>: Hashable, Sendable {
    public var when: TurnGuard?
    public var value: Value
    public var location: SourceLocation

    public init(when: TurnGuard?, value: Value, location: SourceLocation) {
        self.when = when
        self.value = value
        self.location = location
    }
}

extension Array {
    /// The first alternative whose guard holds, else the first unguarded one; `nil` if none.
    public func select<Value>(on path: PathFacts) -> Value? where Element == Guarded<Value> {
        first { $0.when?.holds(on: path) ?? false }?.value ?? first { $0.when == nil }?.value
    }
}

/// A scripted event of a turn: drug-dependent ones carry a guard; `atMonth` places a
/// drug-independent one in the interval (else it happens when the interval ends).
public struct ScriptedEvent: Hashable, Sendable {
    public var when: TurnGuard?
    public var event: ClinicalEvent
    public var atMonth: Double?
    public var location: SourceLocation?

    public init(when: TurnGuard? = nil, event: ClinicalEvent, atMonth: Double? = nil, location: SourceLocation? = nil) {
        self.when = when
        self.event = event
        self.atMonth = atMonth
        self.location = location
    }

    /// Whether the event depends on the drug given (a toxicity or a response).
    public var isDrugDependent: Bool {
        switch event {
        case .toxicity, .response: true
        default: false
        }
    }
}
