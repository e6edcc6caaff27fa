/// Why a regimen sits where it does: one rule, its rationale and its sources.
public struct Reason: Hashable, Sendable {
    /// What the rule did to this regimen.
    public enum Role: String, Hashable, Sendable {
        /// Set the regimen's tier (a binding restriction, the winning promotion, or the default).
        case tier
        /// Moved it within its tier.
        case order
        /// Would have promoted it, but a restriction took precedence.
        case overridden
    }

    public var rule: String
    public var text: String
    public var sources: [String]
    public var role: Role
    /// The tier this rule gave, for tier and overridden reasons.
    public var tier: Tier?
}

/// One regimen as ranked for one patient.
public struct RankedOption: Hashable, Sendable {
    public var regimen: String
    public var tier: Tier
    /// 1-based; follows tier first.
    public var rank: Int
    public var reasons: [Reason]

    /// The reasons that set the tier or the order (what `recommend` prints).
    public var placingReasons: [Reason] { reasons.filter { $0.role != .overridden } }
}

/// The reference engine's answer for one patient: every regimen once, best first.
public struct Recommendation: Hashable, Sendable {
    public var line: Int
    public var options: [RankedOption]

    public func option(for regimen: String) -> RankedOption? {
        options.first { $0.regimen == regimen }
    }

    /// The reference's first choice.
    public var first: RankedOption { options[0] }

    /// Every option sharing the best tier, in rank order (the acceptable best answers).
    public var bestTier: [RankedOption] {
        options.prefix { $0.tier == options[0].tier }.map { $0 }
    }
}
