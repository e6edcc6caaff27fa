/// A set of regimens as a bit mask over the knowledge base's regimen indices.
public struct RegimenSet: Hashable, Sendable {
    public var bits: UInt64

    public init(bits: UInt64 = 0) { self.bits = bits }

    public static let empty = RegimenSet()

    public func contains(_ index: Int) -> Bool { bits & (1 << UInt64(index)) != 0 }

    public mutating func insert(_ index: Int) { bits |= 1 << UInt64(index) }

    public var isEmpty: Bool { bits == 0 }

    public func intersects(_ other: RegimenSet) -> Bool { bits & other.bits != 0 }

    public func union(_ other: RegimenSet) -> RegimenSet { RegimenSet(bits: bits | other.bits) }

    public func subtracting(_ other: RegimenSet) -> RegimenSet { RegimenSet(bits: bits & ~other.bits) }
}

/// When a rule (or one of its effects) applies. Regimen sets are resolved at load time, so
/// evaluating a condition never touches strings.
public indirect enum Condition: Hashable, Sendable {
    case always
    case all([Condition])
    case any([Condition])
    case not(Condition)
    case line(ClosedRange<Int>)
    case ecog(ClosedRange<Int>)
    case lvef(ClosedRange<Int>)
    case heartFailure(Bool)
    case dpdDeficiency(Set<DPDDeficiency>)
    case visceralCrisis(Bool)
    /// Every metastatic site (the brain too, when she has brain metastases) is one of these.
    case sitesAllIn(Set<String>)
    case trialAvailable(Bool)
    case hepaticImpairment(Set<HepaticImpairment>)
    case hormoneReceptor(HormoneReceptor)
    case brainMetastases(Set<BrainMetastases>)
    case toxicityGrade(Toxicity, ClosedRange<Int>)
    /// A history entry stopped for this toxicity at this grade or worse.
    case stoppedForToxicity(Toxicity, minimumGrade: Int)
    /// Every one of these regimens has this tier or a worse one, after every other rule
    /// (a fallback such as chemotherapy alone). Rules using it are applied last.
    case tiersAtMost(RegimenSet, Tier)
    /// One of these regimens was stopped for one of these toxicities at its grade or worse.
    case stoppedOn(RegimenSet, [ToxicityThreshold])
    /// Progressed on one of these regimens (metastatic) after at most this many months on it.
    case progressedWithin(RegimenSet, months: Double)
    case preference(Preference)
    case received(RegimenSet)
    case progressedOn(RegimenSet)
    /// The regimen being judged was progressed on / received / stopped for grade ≥ 3 toxicity.
    case selfProgressedOn(Bool)
    case selfReceived(Bool)
    case selfStoppedForToxicity(Bool)
    /// The regimen being judged was stopped for one of these toxicities at its grade or worse.
    case selfStoppedFor([ToxicityThreshold])
}

/// A toxicity (nil: any toxicity) at a grade or worse, as a history entry's stop reason.
public struct ToxicityThreshold: Hashable, Sendable {
    public var toxicity: Toxicity?
    public var grade: Int

    public init(toxicity: Toxicity?, grade: Int) {
        self.toxicity = toxicity
        self.grade = grade
    }

    public func matches(_ toxicity: Toxicity, grade: Int) -> Bool {
        (self.toxicity == nil || self.toxicity == toxicity) && grade >= self.grade
    }
}

extension Condition {
    /// True when the condition reads the tiers the other rules gave (applied in a second pass).
    public var isDeferred: Bool {
        switch self {
        case .tiersAtMost: true
        case .all(let parts), .any(let parts): parts.contains { $0.isDeferred }
        case .not(let part): part.isDeferred
        default: false
        }
    }

    /// True when the condition depends on the regimen being judged, not only on the patient.
    public var isPerRegimen: Bool {
        switch self {
        case .selfProgressedOn, .selfReceived, .selfStoppedForToxicity, .selfStoppedFor: true
        case .all(let parts), .any(let parts): parts.contains { $0.isPerRegimen }
        case .not(let part): part.isPerRegimen
        default: false
        }
    }
}

/// How an effect combines with others on the same regimen.
public enum EffectKind: String, CaseIterable, Sendable, Hashable {
    /// The worst restriction wins (safety, failed therapy, caps).
    case restrict
    /// The best promotion wins (guideline order, trials, brain metastases).
    case promote
    /// Moves a regimen within its tier by `boost`; never across tiers.
    case order
    /// The tier of a regimen no promotion reached.
    case fallback = "default"
}

/// What a rule does to the regimens it targets.
public struct Effect: Hashable, Sendable {
    public var targets: RegimenSet
    public var condition: Condition
    public var kind: EffectKind
    public var tier: Tier?
    /// For `order` effects: positive moves earlier within the tier.
    public var boost: Int
    /// The reason shown for the regimens this effect places (the rule's rationale when nil).
    public var reason: EffectReason?
    /// Reasons for single regimens (by regimen index), over `reason`.
    public var regimenReasons: [Int: EffectReason]

    public init(
        targets: RegimenSet, condition: Condition, kind: EffectKind, tier: Tier?, boost: Int,
        reason: EffectReason? = nil, regimenReasons: [Int: EffectReason] = [:]
    ) {
        self.targets = targets
        self.condition = condition
        self.kind = kind
        self.tier = tier
        self.boost = boost
        self.reason = reason
        self.regimenReasons = regimenReasons
    }
}

/// A reason about the regimen an effect places: its own text and sources (the rule's when nil).
public struct EffectReason: Hashable, Sendable {
    public var text: String
    public var sources: [String]?

    public init(text: String, sources: [String]? = nil) {
        self.text = text
        self.sources = sources
    }
}

/// A reference rule: the unit of explanation. Every reason the engine gives names one.
public struct Rule: Hashable, Sendable, Identifiable {
    public var id: String
    /// safety | failed | line | modifier — the section of reference-rules.md it encodes.
    public var section: String
    /// The rule as a guideline would state it.
    public var text: String
    /// One sentence for fellows: why the rule exists.
    public var rationale: String
    /// Trial and reference ids.
    public var sources: [String]
    public var condition: Condition
    public var effects: [Effect]
    /// True for the rule that orders regimens within a tier by the strength of their evidence.
    public var ordersByEvidence: Bool

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, section: String, text: String, rationale: String, sources: [String], condition: Condition,
        effects: [Effect], ordersByEvidence: Bool
    ) {
        self.id = id
        self.section = section
        self.text = text
        self.rationale = rationale
        self.sources = sources
        self.condition = condition
        self.effects = effects
        self.ordersByEvidence = ordersByEvidence
    }
}

/// Rule 0: how the current line of therapy is counted, including early relapse.
public struct LineOfTherapyPolicy: Hashable, Sendable {
    public var id: String
    public var text: String
    public var sources: [String]
    /// Relapse within this many months of (neo)adjuvant HER2 therapy counts as a failed line.
    public var relapseWindowMonths: Double
    /// Longer windows when the early regimen contained an agent (pertuzumab: 12).
    public var relapseWindowWithAgent: [String: Double]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, text: String, sources: [String], relapseWindowMonths: Double,
        relapseWindowWithAgent: [String: Double]
    ) {
        self.id = id
        self.text = text
        self.sources = sources
        self.relapseWindowMonths = relapseWindowMonths
        self.relapseWindowWithAgent = relapseWindowWithAgent
    }
}

/// Points per tier and which tiers are flagged unsafe.
public struct Rubric: Hashable, Sendable {
    public var points: [Tier: Int]
    public var unsafe: Set<Tier>

    public var maximumPoints: Int { points.values.max() ?? 0 }

    public func points(for tier: Tier) -> Int { points[tier] ?? 0 }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(points: [Tier: Int], unsafe: Set<Tier>) {
        self.points = points
        self.unsafe = unsafe
    }
}
