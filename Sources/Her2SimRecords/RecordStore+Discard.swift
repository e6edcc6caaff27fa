import Foundation
import GRDB

extension RecordStore {
    /// Removes session `id` when its log is still only its `started` event — a case started and
    /// left before any decision (`restart`, or `start` of another case), which would otherwise
    /// sit in reports as "unfinished, no decision yet". Returns whether it was removed; a session
    /// with a decision is never touched.
    @discardableResult
    public func discardUnplayedSession(_ id: SessionID) throws(RecordsError) -> Bool {
        try writing { db in
            let count =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM events WHERE session_id = ?",
                    arguments: [id.rawValue]) ?? 0
            guard count == 1 else { return false }
            try db.execute(sql: "DELETE FROM events WHERE session_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id.rawValue])
            return db.changesCount > 0
        }
    }

    /// Every unfinished session, most recently started first, with its learner — what
    /// `her2sim resume` lists when it does not know whose session to continue.
    public func unfinishedSessions(limit: Int = 20) throws(RecordsError) -> [StoredSession] {
        let ids = try reading { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM sessions WHERE score IS NULL ORDER BY id DESC LIMIT ?",
                arguments: [limit])
        }
        var sessions: [StoredSession] = []
        for id in ids {
            if let session = try session(SessionID(id)) { sessions.append(session) }
        }
        return sessions
    }
}
