import Foundation
import GRDB
import Her2SimCore

extension RecordStore {
    /// The learner a name refers to: trimmed, NFC; empty, nil or `anonymous` (any case) is
    /// nobody (`LearnerName`, the one rule for names).
    public static func learnerName(_ name: String?) -> String? {
        LearnerName.normalized(name)
    }

    // MARK: - Writing

    /// Creates a session and stores its `started` event (sequence 0) in one transaction.
    /// `learner` nil, empty or `anonymous` makes it anonymous; `date` is the caller's clock.
    @discardableResult
    public func startSession(caseID: String, seed: UInt64, learner: String?, at date: Date) throws(RecordsError)
        -> SessionID
    {
        try insertSession(log: [.started(caseID: caseID, seed: seed, learner: learner)], at: date)
    }

    /// Stores a whole log as a new session in one transaction (imports, generated cohorts, or
    /// a session already under way). The log must begin with its `started` event. `knowledgeBase`
    /// is the fingerprint of the knowledge base it is played with (`KnowledgeFingerprint`).
    @discardableResult
    public func insertSession(log: [SessionEvent], at date: Date, knowledgeBase: String? = nil) throws(RecordsError)
        -> SessionID
    {
        guard case .started(let caseID, let seed, let learner)? = log.first else {
            throw .invalidEvent("a session's log must begin with its 'started' event")
        }
        if let extra = log.dropFirst().first(where: { if case .started = $0 { true } else { false } }) {
            throw .invalidEvent("a session's log has one 'started' event, found another: \(extra)")
        }
        if let end = log.firstIndex(where: { if case .ended = $0 { true } else { false } }), end != log.count - 1 {
            throw .invalidEvent("events follow the 'ended' event of the log")
        }
        let payloads = try encode(log)
        return try writing { db in
            let learnerID = try Self.learnerID(for: learner, in: db)
            try db.execute(
                sql: "INSERT INTO sessions (learner_id, case_id, seed, started, knowledge_base) VALUES (?, ?, ?, ?, ?)",
                arguments: [learnerID, caseID, Int64(bitPattern: seed), Self.timestamp(date), knowledgeBase])
            let id = SessionID(db.lastInsertedRowID)
            for (sequence, event) in log.enumerated() {
                try Self.insert(event, payload: payloads[sequence], sequence: sequence, session: id, in: db)
            }
            return id
        }
    }

    /// Appends one event to a session's log, committed before this returns; the event's
    /// sequence number is returned. Appending the session's own `started` event again does
    /// nothing (it is stored by `startSession`); nothing can follow `ended`.
    @discardableResult
    public func append(_ event: SessionEvent, to id: SessionID) throws(RecordsError) -> Int {
        let payload = try encode([event])[0]
        return try writing { db in
            guard
                let last = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT sequence, kind, payload FROM events WHERE session_id = ? ORDER BY sequence DESC LIMIT 1
                        """, arguments: [id.rawValue])
            else { throw RecordsError.unknownSession(id) }
            if case .started = event {
                let first = try String.fetchOne(
                    db, sql: "SELECT payload FROM events WHERE session_id = ? AND sequence = 0",
                    arguments: [id.rawValue])
                if first == payload { return 0 }
                throw RecordsError.invalidEvent(
                    "session \(id) has started already; a 'started' event cannot be appended")
            }
            if (last["kind"] as String) == "ended" { throw RecordsError.sessionEnded(id) }
            let sequence = (last["sequence"] as Int) + 1
            try Self.insert(event, payload: payload, sequence: sequence, session: id, in: db)
            return sequence
        }
    }

    /// Makes the stored log of `id` equal to `log` by appending what it lacks, in one
    /// transaction — after a crash between a decision's events, or from a REPL hook that hands
    /// over the whole log each time. The stored events must be a prefix of `log`
    /// (`RecordsError.logMismatch` otherwise, and nothing changes). Returns how many were added.
    @discardableResult
    public func synchronize(_ log: [SessionEvent], to id: SessionID) throws(RecordsError) -> Int {
        let payloads = try encode(log)
        return try writing { db in
            let stored = try String.fetchAll(
                db, sql: "SELECT payload FROM events WHERE session_id = ? ORDER BY sequence",
                arguments: [id.rawValue])
            if stored.isEmpty { throw RecordsError.unknownSession(id) }
            for (sequence, payload) in stored.enumerated() where sequence >= log.count || payloads[sequence] != payload
            {
                // Compare decoded events too: the same event may have been stored by an older encoder.
                if sequence < log.count, (try? EventJSON.decode(payload)) == log[sequence] { continue }
                throw RecordsError.logMismatch(id, sequence: sequence)
            }
            guard log.count > stored.count else { return 0 }
            if case .ended = log[stored.count - 1] { throw RecordsError.sessionEnded(id) }
            for sequence in stored.count..<log.count {
                switch log[sequence] {
                case .started: throw RecordsError.logMismatch(id, sequence: sequence)
                case .ended where sequence != log.count - 1:
                    throw RecordsError.invalidEvent("events follow the 'ended' event of the log")
                default: break
                }
                try Self.insert(log[sequence], payload: payloads[sequence], sequence: sequence, session: id, in: db)
            }
            return log.count - stored.count
        }
    }

    private func encode(_ events: [SessionEvent]) throws(RecordsError) -> [String] {
        var payloads: [String] = []
        payloads.reserveCapacity(events.count)
        for event in events {
            do { payloads.append(try EventJSON.encode(event)) } catch {
                throw .invalidEvent("cannot encode \(event): \(error)")
            }
        }
        return payloads
    }

    private static func insert(
        _ event: SessionEvent, payload: String, sequence: Int, session: SessionID, in db: Database
    ) throws {
        try db.execute(
            sql: "INSERT INTO events (session_id, sequence, kind, payload) VALUES (?, ?, ?, ?)",
            arguments: [session.rawValue, sequence, CodableSessionEvent.kind(of: event), payload])
        if case .ended(let score, let maximum) = event {
            try db.execute(
                sql: "UPDATE sessions SET score = ?, maximum = ? WHERE id = ?",
                arguments: [score, maximum, session.rawValue])
        }
    }

    private static func learnerID(for name: String?, in db: Database) throws -> Int64? {
        guard let name = try LearnerName.validated(name) else { return nil }
        // One learner per identity (NFC, case-folded): `ÉMILE` joins `émile` (SQLite's NOCASE
        // folds ASCII only).
        if let id = try Int64.fetchOne(
            db, sql: "SELECT id FROM learners WHERE her2sim_learner(name) = ? ORDER BY id LIMIT 1",
            arguments: [LearnerName.identity(name)])
        {
            return id
        }
        try db.execute(sql: "INSERT INTO learners (name) VALUES (?) ON CONFLICT (name) DO NOTHING", arguments: [name])
        return try Int64.fetchOne(db, sql: "SELECT id FROM learners WHERE name = ?", arguments: [name])
    }

    // MARK: - Reading

    /// A session's log, oldest first (`RecordsError.unknownSession` when there is none).
    public func events(of id: SessionID) throws(RecordsError) -> [SessionEvent] {
        let rows = try reading { db in
            try Row.fetchAll(
                db, sql: "SELECT sequence, payload FROM events WHERE session_id = ? ORDER BY sequence",
                arguments: [id.rawValue])
        }
        if rows.isEmpty { throw .unknownSession(id) }
        return try rows.map { row throws(RecordsError) in try decode(row, session: id) }
    }

    /// One session, or nil.
    public func session(_ id: SessionID) throws(RecordsError) -> StoredSession? {
        try reading { db in try Self.fetchSessions(db, where: "s.id = ?", [id.rawValue]) }.first
    }

    /// Sessions oldest first. `learner` nil: everyone; `anonymous`: sessions without a learner;
    /// a name (any case): that learner's. `since`: started at or after that moment.
    public func sessions(learner: String? = nil, caseID: String? = nil, since: Date? = nil) throws(RecordsError)
        -> [StoredSession]
    {
        let (clause, arguments) = Self.filter(learner: learner, caseID: caseID, since: since)
        return try reading { db in try Self.fetchSessions(db, where: clause, arguments) }
    }

    /// Sessions with their logs, oldest first, read in one transaction (for reports).
    public func recordedSessions(learner: String? = nil, caseID: String? = nil, since: Date? = nil) throws(RecordsError)
        -> [RecordedSession]
    {
        let (clause, arguments) = Self.filter(learner: learner, caseID: caseID, since: since)
        let (sessions, rows) = try reading { db in
            let sessions = try Self.fetchSessions(db, where: clause, arguments)
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.session_id, e.sequence, e.payload FROM events e
                    JOIN sessions s ON s.id = e.session_id LEFT JOIN learners l ON l.id = s.learner_id
                    WHERE \(clause) ORDER BY e.session_id, e.sequence
                    """, arguments: StatementArguments(arguments))
            return (sessions, rows)
        }
        var logs: [SessionID: [SessionEvent]] = [:]
        for row in rows {
            let id = SessionID(row["session_id"] as Int64)
            logs[id, default: []].append(try decode(row, session: id))
        }
        return sessions.map { RecordedSession(session: $0, events: logs[$0.id] ?? []) }
    }

    /// The most recently started session of this learner that has not ended — what `resume`
    /// continues. `learner` nil (or `anonymous`) looks among anonymous sessions.
    public func latestUnfinishedSession(learner: String?) throws(RecordsError) -> StoredSession? {
        let name = Self.learnerName(learner)
        let clause = (name == nil ? "s.learner_id IS NULL" : "her2sim_learner(l.name) = ?") + " AND s.score IS NULL"
        return try reading { db in
            try Self.fetchSessions(
                db, where: clause, name.map { [LearnerName.identity($0)] } ?? [], order: "s.id DESC", limit: 1)
        }.first
    }

    /// Every learner's name, alphabetically.
    public func learners() throws(RecordsError) -> [String] {
        // One name per learner (`LearnerName.identity`), the first spelling stored.
        let names = try reading { db in try String.fetchAll(db, sql: "SELECT name FROM learners ORDER BY id") }
        var seen: Set<String> = []
        return names.filter { seen.insert(LearnerName.identity($0)).inserted }.sorted()
    }

    private static func filter(learner: String?, caseID: String?, since: Date?) -> (
        String, [(any DatabaseValueConvertible)?]
    ) {
        var clauses = ["1"]
        var arguments: [(any DatabaseValueConvertible)?] = []
        if let learner {
            if let name = learnerName(learner) {
                clauses.append("her2sim_learner(l.name) = ?")
                arguments.append(LearnerName.identity(name))
            } else {
                clauses.append("s.learner_id IS NULL")
            }
        }
        if let caseID {
            clauses.append("s.case_id = ?")
            arguments.append(caseID)
        }
        if let since {
            clauses.append("s.started >= ?")
            arguments.append(timestamp(since))
        }
        return (clauses.joined(separator: " AND "), arguments)
    }

    static func fetchSessions(
        _ db: Database, where clause: String, _ arguments: [(any DatabaseValueConvertible)?],
        order: String = "s.started, s.id", limit: Int? = nil
    ) throws -> [StoredSession] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT s.id, l.name AS learner, s.case_id, s.seed, s.started, s.score, s.maximum, s.knowledge_base,
                       (SELECT COUNT(*) FROM events e WHERE e.session_id = s.id) AS event_count
                FROM sessions s LEFT JOIN learners l ON l.id = s.learner_id
                WHERE \(clause) ORDER BY \(order)\(limit.map { " LIMIT \($0)" } ?? "")
                """, arguments: StatementArguments(arguments))
        return rows.map { row in
            let started: String = row["started"]
            return StoredSession(
                id: SessionID(row["id"] as Int64), learner: row["learner"], caseID: row["case_id"],
                seed: UInt64(bitPattern: row["seed"] as Int64),
                started: date(fromTimestamp: started) ?? Date(timeIntervalSince1970: 0),
                score: row["score"], maximum: row["maximum"], eventCount: row["event_count"],
                knowledgeBase: row["knowledge_base"])
        }
    }

    func decode(_ row: Row, session id: SessionID) throws(RecordsError) -> SessionEvent {
        let payload: String = row["payload"]
        do {
            return try EventJSON.decode(payload)
        } catch {
            let sequence: Int = row["sequence"]
            throw .corrupt(path: path, detail: "event \(sequence) of session \(id) cannot be read: \(error)")
        }
    }
}
