import Foundation
import GRDB

extension RecordStore {
    /// Stores how sure the fellow was (0–100) of the decision at `turn` of session `id`
    /// (a second answer replaces the first). Kept beside the event log, which stays as Core
    /// writes it: older logs and replays are unchanged.
    public func setConfidence(_ value: Int, turn: Int, session id: SessionID) throws(RecordsError) {
        guard (0...100).contains(value) else { throw .invalidEvent("confidence \(value) is not between 0 and 100") }
        try writing { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [id.rawValue]) == true
            else {
                throw RecordsError.unknownSession(id)
            }
            try db.execute(
                sql: """
                    INSERT INTO confidences (session_id, turn, value) VALUES (?, ?, ?)
                    ON CONFLICT (session_id, turn) DO UPDATE SET value = excluded.value
                    """, arguments: [id.rawValue, turn, value])
        }
    }

    /// Every stored confidence: session → turn → 0–100.
    public func confidences() throws(RecordsError) -> [SessionID: [Int: Int]] {
        let rows = try reading { db in try Row.fetchAll(db, sql: "SELECT session_id, turn, value FROM confidences") }
        var result: [SessionID: [Int: Int]] = [:]
        for row in rows { result[SessionID(row["session_id"] as Int64), default: [:]][row["turn"]] = row["value"] }
        return result
    }
}
