/// The id of a canonical regimen of `Scoring/regimens.yaml` (`tdxd`, `thp`…). A type of its own so
/// that a trial id, a rule id or a drug name cannot be passed where a regimen is meant; text
/// formats (JSON, YAML, SQL, xAPI) take `rawValue` explicitly.
public struct RegimenID: TextIdentifier {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// The id of a pivotal trial of `Scoring/trials.yaml` (`destiny-breast03`…), kept apart from
/// regimen ids for the same reason as `RegimenID`.
public struct TrialID: TextIdentifier {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// What `RegimenID` and `TrialID` share: an id written as text, ordered and shown as that text
/// (in a list or an optional, as a `String` would be, so messages read as before).
public protocol TextIdentifier: Hashable, Comparable, Sendable, RawRepresentable, CustomStringConvertible,
    CustomDebugStringConvertible, ExpressibleByStringLiteral
where RawValue == String {
    init(rawValue: String)
}

extension TextIdentifier {
    public init(_ rawValue: String) { self.init(rawValue: rawValue) }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public var description: String { rawValue }
    public var debugDescription: String { rawValue.debugDescription }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
