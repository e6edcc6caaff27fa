import Foundation

/// An xAPI 1.0.3 statement, as much of it as her2sim writes. Encoded with sorted keys, so the
/// same statement always gives the same bytes.
public struct XAPIStatement: Codable, Hashable, Sendable {
    public struct LanguageMap: Codable, Hashable, Sendable {
        public var enUS: String
        enum CodingKeys: String, CodingKey { case enUS = "en-US" }
    }

    public struct Account: Codable, Hashable, Sendable {
        public var homePage: String
        public var name: String
    }

    /// An Agent identified by an account (learner name under the IRI base) or an mbox.
    public struct Agent: Codable, Hashable, Sendable {
        public var objectType = "Agent"
        public var name: String?
        public var mbox: String?
        public var account: Account?
    }

    public struct Verb: Codable, Hashable, Sendable {
        public var id: String
        public var display: LanguageMap
    }

    public struct Definition: Codable, Hashable, Sendable {
        public var type: String
        public var name: LanguageMap
        public var interactionType: String?
    }

    public struct Activity: Codable, Hashable, Sendable {
        public var objectType = "Activity"
        public var id: String
        public var definition: Definition?
    }

    public struct Score: Codable, Hashable, Sendable {
        public var raw: Double
        public var min: Double
        public var max: Double
        public var scaled: Double?
    }

    public struct Result: Codable, Hashable, Sendable {
        public var score: Score?
        public var success: Bool?
        public var completion: Bool?
        public var response: String?
        public var extensions: [String: ExtensionValue]?
    }

    public struct ContextActivities: Codable, Hashable, Sendable {
        public var parent: [Activity]?
        public var grouping: [Activity]?
        public var category: [Activity]?
    }

    public struct Context: Codable, Hashable, Sendable {
        public var registration: String
        public var contextActivities: ContextActivities
        public var platform: String
        public var language: String
        public var extensions: [String: ExtensionValue]?
    }

    /// An extension's value: text, a number, a flag or nothing.
    public enum ExtensionValue: Codable, Hashable, Sendable {
        case text(String)
        case number(Int)
        case flag(Bool)
        case null

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let flag = try? container.decode(Bool.self) {
                self = .flag(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .flag(let flag): try container.encode(flag)
            case .null: try container.encodeNil()
            }
        }
    }

    public var id: String
    public var actor: Agent
    public var verb: Verb
    public var object: Activity
    public var result: Result?
    public var context: Context
    public var timestamp: String
}

extension XAPIStatement {
    /// Compact JSON, keys sorted.
    public static func json(_ statements: [XAPIStatement], pretty: Bool = false) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty
            ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(statements)
    }
}
