import Foundation
import GRDB
import Her2SimCore

/// An event whose xAPI statement waits in the outbox, with its session.
public struct QueuedEvent: Hashable, Sendable {
    /// The outbox row: `markSent` takes these.
    public var outboxID: Int64
    public var session: StoredSession
    public var sequence: Int
    public var event: SessionEvent
}

extension RecordStore {
    /// This file's random id (made by the schema's version 2): with the session number and
    /// event sequence it names a statement uniquely across machines.
    public func recordsID() throws(RecordsError) -> String {
        try reading { db in
            try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = 'records-id'")
        } ?? "unknown"
    }

    /// How many statements wait to be sent.
    public func queuedCount() throws(RecordsError) -> Int {
        try reading { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox") ?? 0 }
    }

    /// The oldest `limit` queued events, in the order they were recorded.
    public func queuedEvents(limit: Int) throws(RecordsError) -> [QueuedEvent] {
        let (rows, sessions) = try reading { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT o.id, o.session_id, o.sequence, e.payload FROM outbox o
                    JOIN events e ON e.session_id = o.session_id AND e.sequence = o.sequence
                    ORDER BY o.id LIMIT ?
                    """, arguments: [limit])
            let ids = Set(rows.map { $0["session_id"] as Int64 })
            let list = ids.map(String.init).joined(separator: ",")
            let sessions = ids.isEmpty ? [] : try Self.fetchSessions(db, where: "s.id IN (\(list))", [])
            return (rows, sessions)
        }
        let byID = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var queued: [QueuedEvent] = []
        for row in rows {
            let id = SessionID(row["session_id"] as Int64)
            guard let session = byID[id] else { continue }
            queued.append(
                QueuedEvent(
                    outboxID: row["id"], session: session, sequence: row["sequence"],
                    event: try decode(row, session: id)))
        }
        return queued
    }

    /// Removes sent statements from the outbox (after the LRS acknowledged them).
    public func markSent(_ outboxIDs: [Int64]) throws(RecordsError) {
        guard !outboxIDs.isEmpty else { return }
        try writing { db in
            try db.execute(sql: "DELETE FROM outbox WHERE id IN (\(outboxIDs.map(String.init).joined(separator: ",")))")
        }
    }

    /// Records the knowledge base's fingerprint a session is played with.
    public func setKnowledgeBase(_ fingerprint: String, for id: SessionID) throws(RecordsError) {
        try writing { db in
            try db.execute(
                sql: "UPDATE sessions SET knowledge_base = ? WHERE id = ?", arguments: [fingerprint, id.rawValue])
        }
    }
}
