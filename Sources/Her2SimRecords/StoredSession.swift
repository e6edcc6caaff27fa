import Foundation
import Her2SimCore

/// A session's number in the records database (`her2sim resume 12`).
public struct SessionID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: Int64

    public init(rawValue: Int64) { self.rawValue = rawValue }
    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// Parses `12` or `#12`.
    public init?(_ text: String) {
        let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
        guard let value = Int64(digits), value > 0 else { return nil }
        self.rawValue = value
    }

    public var description: String { "#\(rawValue)" }

    public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One row of the `sessions` table: who played which case, with which seed, when.
public struct StoredSession: Hashable, Sendable {
    public var id: SessionID
    /// The learner's name; `nil` for an anonymous session.
    public var learner: String?
    public var caseID: String
    public var seed: UInt64
    /// When the session started (from the caller's clock), to the second.
    public var started: Date
    /// The final score and its maximum, once the `ended` event is stored.
    public var score: Int?
    public var maximum: Int?
    /// How many events the log holds.
    public var eventCount: Int
    /// The knowledge base's fingerprint (SHA-256 of `Scoring/*.yaml`) the session was played
    /// with; nil for sessions recorded before her2sim kept it.
    public var knowledgeBase: String? = nil

    public var isFinished: Bool { score != nil }

    /// The learner as reports name them (`anonymous` without one).
    public var learnerName: String { learner ?? RecordStore.anonymous }

    /// `started` as stored: ISO 8601 in UTC, e.g. `2025-03-01T14:05:00Z`.
    public var startedText: String { RecordStore.timestamp(started) }
}

/// A stored session with its whole event log, oldest first.
public struct RecordedSession: Hashable, Sendable {
    public var session: StoredSession
    public var events: [SessionEvent]

    public init(session: StoredSession, events: [SessionEvent]) {
        self.session = session
        self.events = events
    }
}
