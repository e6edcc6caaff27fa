/// How the reference engine judges a regimen for a patient, best first.
public enum Tier: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case preferred
    case recommended
    case conditional
    case notRecommended = "not-recommended"
    case contraindicated

    /// 0 for the best tier; comparisons read "better than" as `<`.
    public var order: Int {
        switch self {
        case .preferred: 0
        case .recommended: 1
        case .conditional: 2
        case .notRecommended: 3
        case .contraindicated: 4
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.order < rhs.order }

    /// The worse of two tiers (restrictions combine this way).
    public func worse(_ other: Tier) -> Tier { max(self, other) }

    /// The better of two tiers (promotions combine this way).
    public func better(_ other: Tier) -> Tier { min(self, other) }
}
