/// A rule as cited in an explanation: shared by reference, so ranking copies no strings.
public final class Citation: Sendable, Hashable {
    public let rule: String
    public let text: String
    public let sources: [String]

    public init(rule: String, text: String, sources: [String]) {
        self.rule = rule
        self.text = text
        self.sources = sources
    }

    public static func == (lhs: Citation, rhs: Citation) -> Bool {
        lhs.rule == rhs.rule && lhs.text == rhs.text && lhs.sources == rhs.sources
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(rule) }

    /// "rule-id: rationale [SRC-1, SRC-2]" — how every screen and export cites a rule.
    public var plainText: String {
        "\(rule): \(text)" + (sources.isEmpty ? "" : " [\(sources.joined(separator: ", "))]")
    }
}

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

    public let citation: Citation
    public var role: Role
    /// The tier this rule gave, for tier and overridden reasons.
    public var tier: Tier?

    public init(citation: Citation, role: Role, tier: Tier?) {
        self.citation = citation
        self.role = role
        self.tier = tier
    }

    public var rule: String { citation.rule }
    /// The rationale a fellow reads.
    public var text: String { citation.text }
    public var sources: [String] { citation.sources }
}

/// One regimen as ranked for one patient.
public struct RankedOption: Hashable, Sendable {
    public var regimen: RegimenID
    public var tier: Tier
    /// 1-based; follows tier first.
    public var rank: Int
    public var reasons: [Reason]

    /// The reasons that set the tier or the order (what `recommend` prints), each rule once.
    public var placingReasons: [Reason] {
        var seen: Set<String> = []
        return reasons.filter { $0.role != .overridden && seen.insert($0.rule).inserted }
    }
}

/// The reference engine's answer for one patient: every regimen once, best first.
public struct Recommendation: Hashable, Sendable {
    public var line: Int
    public var options: [RankedOption]

    public func option(for regimen: RegimenID) -> RankedOption? {
        options.first { $0.regimen == regimen }
    }

    /// The reference's first choice.
    public var first: RankedOption { options[0] }

    /// Every option sharing the best tier, in rank order (the acceptable best answers).
    public var bestTier: [RankedOption] {
        options.prefix { $0.tier == options[0].tier }.map { $0 }
    }
}
