import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One session, one player: the her2sim playing a session holds a claim on it — a row naming
/// the process (pid, its start time, the host) and the learner. Another her2sim that wants the
/// session is told at once who has it. A claim whose process has ended (killed, crashed) is
/// void and taken over: no lease to renew while a fellow thinks.
///
/// ```sql
/// session_claims (session_id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, process TEXT NOT NULL,
///                 host TEXT NOT NULL, learner TEXT, since TEXT NOT NULL)
/// ```
/// Created when first needed, outside the versioned schema: older her2sims ignore it, and a
/// file with it is still schema 1.
public struct ProcessIdentity: Hashable, Sendable {
    public var pid: Int32
    /// What tells this process from a later one with the same pid: boot id and start time.
    public var process: String
    public var host: String

    public static let current: ProcessIdentity = {
        let pid = getpid()
        return ProcessIdentity(pid: pid, process: startMark(of: pid) ?? "", host: hostName())
    }()

    /// gethostname(2): no DNS lookup (Foundation's `hostName` may make one, and hang offline).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `/proc/sys/kernel/random/boot_id` and the start time in `/proc/PID/stat` (field 22).
    static func startMark(of pid: Int32) -> String? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After "pid (comm)": state is field 3, so start time (22) is index 19 here.
        guard fields.count > 19 else { return nil }
        let boot =
            (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return boot + "/" + fields[19]
    }

    /// Whether the process that made a claim still runs (on another host: assumed so).
    func isAlive() -> Bool {
        guard host == ProcessIdentity.current.host else { return true }
        if pid == ProcessIdentity.current.pid { return process == ProcessIdentity.current.process }
        if kill(pid, 0) != 0, errno == ESRCH { return false }
        guard let mark = Self.startMark(of: pid) else { return true } // No /proc: the pid answers.
        return process.isEmpty || mark == process
    }
}

extension RecordStore {
    static let claimsTable = """
        CREATE TABLE IF NOT EXISTS session_claims (
            session_id INTEGER PRIMARY KEY, pid INTEGER NOT NULL, process TEXT NOT NULL,
            host TEXT NOT NULL, learner TEXT, since TEXT NOT NULL)
        """

    /// Claims session `id` for this process (`RecordsError.sessionInUse` naming the holder when
    /// another live her2sim has it). Claiming again what this process holds does nothing.
    public func claim(_ id: SessionID, learner: String?, at date: Date = Date()) throws(RecordsError) {
        try writing { db in try Self.claim(id, learner: learner, at: date, in: db) }
    }

    static func claim(_ id: SessionID, learner: String?, at date: Date, in db: Database) throws {
        try db.execute(sql: claimsTable)
        let me = ProcessIdentity.current
        if let row = try Row.fetchOne(
            db, sql: "SELECT pid, process, host, learner, since FROM session_claims WHERE session_id = ?",
            arguments: [id.rawValue])
        {
            let holder = ProcessIdentity(pid: row["pid"], process: row["process"], host: row["host"])
            if holder == me { return }
            if holder.isAlive() {
                let who =
                    (row["learner"] as String?).map { TerminalText.escaped($0, limit: 40) } ?? "an anonymous player"
                let since: String = row["since"]
                let place = holder.host == me.host ? "" : " on \(holder.host)"
                throw RecordsError.sessionInUse(
                    id, holder: "\(who) (her2sim pid \(holder.pid)\(place), since \(since))")
            }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO session_claims (session_id, pid, process, host, learner, since) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [id.rawValue, me.pid, me.process, me.host, learner, timestamp(date)])
    }

    /// Gives up this process's claim on `id` (a session ended, or the program ends).
    public func releaseClaim(_ id: SessionID) throws(RecordsError) {
        let me = ProcessIdentity.current
        try writing { db in
            guard try db.tableExists("session_claims") else { return }
            try db.execute(
                sql: "DELETE FROM session_claims WHERE session_id = ? AND pid = ? AND process = ? AND host = ?",
                arguments: [id.rawValue, me.pid, me.process, me.host])
        }
    }
}
