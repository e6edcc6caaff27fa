import Foundation
import GRDB
import Her2SimCore
import Her2SimLoading

/// The training records: learners, sessions and their event logs in one SQLite file.
///
/// Every write is its own committed transaction (WAL mode, `synchronous = FULL`) before the call
/// returns, so a caller that shows a decision only after `append` returns never shows one that a
/// crash can lose. Several processes may write one file at once: writers wait for each other up
/// to `busyTimeout` seconds. A file that is not her2sim's records — not SQLite, another
/// program's database, or a newer her2sim's schema — is refused with a `RecordsError` naming it,
/// and is never written to.
public final class RecordStore: Sendable {
    /// How reports name sessions without a learner; `--learner anonymous` selects them.
    public static let anonymous = "anonymous"
    public static let fileName = "records.sqlite"
    /// The schema version this build reads and writes (`PRAGMA user_version`).
    public static let schemaVersion = Schema.version

    /// The database file.
    public let url: URL
    /// Seconds a writer waits for another one before giving up.
    public let busyTimeout: Double
    private let pool: DatabasePool

    /// Test hooks.
    struct Options: Sendable {
        var busyTimeout: Double = 5
        /// Caps the file's size in pages (`PRAGMA max_page_count`), to simulate a full disk.
        var maximumPageCount: Int?
    }

    /// `$XDG_DATA_HOME/her2sim/records.sqlite` (else `~/.local/share/her2sim/records.sqlite`).
    public static func defaultURL(environment: [String: String]) -> URL {
        DataDirectory.url(environment: environment).appendingPathComponent(fileName)
    }

    /// Opens `path` (`--db PATH`), or the default file when `path` is nil.
    public convenience init(path: String?, environment: [String: String]) throws(RecordsError) {
        if let path { try Self.checkPath(path) }
        let url = path.map { URL(fileURLWithPath: $0) } ?? Self.defaultURL(environment: environment)
        try self.init(url: url)
    }

    /// Opens the records file at `url`, creating it (and its directory) when it does not exist,
    /// and bringing an older her2sim's schema up to date.
    public convenience init(url: URL) throws(RecordsError) {
        try self.init(url: url, options: Options())
    }

    /// Refuses a `--db` value that SQLite would not open as a plain file (`:memory:`, a `file:`
    /// URI, an empty path) — before it becomes a URL, where it would name a file of that name.
    public static func checkPath(_ path: String) throws(RecordsError) {
        try DatabaseFile.checkName(path)
    }

    /// Whether something is at `path` (a broken or looping symbolic link counts: opening it
    /// says what is wrong, where "no records yet" would hide it).
    public static func exists(atPath path: String) -> Bool {
        DatabaseFile.entryExists(path)
    }

    init(url: URL, options: Options) throws(RecordsError) {
        self.url = url.standardizedFileURL
        self.busyTimeout = options.busyTimeout
        let path = self.url.path
        let busyTimeout = options.busyTimeout
        let started = Date()

        if try DatabaseFile.examine(path) {
            try DatabaseFile.checkWritable(path)
            try DatabaseFile.checkLeftoverLog(path)
            let existed = DatabaseFile.sidecars(of: path).map { FileManager.default.fileExists(atPath: $0) }
            do throws(RecordsError) {
                try Self.inspect(path: path, busyTimeout: busyTimeout)
            } catch {
                DatabaseFile.removeCreatedSidecars(of: path, existedBefore: existed)
                throw error
            }
        } else {
            let directory = self.url.deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw Self.directoryError(directory, error)
            }
            if !FileManager.default.isWritableFile(atPath: directory.path) { throw .readOnly(path: path) }
        }

        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "her2sim records"
        configuration.prepareDatabase { db in
            db.add(function: Self.learnerIdentityFunction)
        }
        // Switching a brand-new file to WAL does not wait on SQLite's busy handler: when another
        // process is creating the same file at that moment, retry until the busy timeout.
        var opened: DatabasePool?
        while opened == nil {
            do {
                let candidate = try DatabasePool(path: path, configuration: configuration)
                try candidate.writeWithoutTransaction { db in
                    // Durable across power loss too, not only a killed process.
                    try db.execute(sql: "PRAGMA synchronous = FULL")
                    if let pages = options.maximumPageCount {
                        try db.execute(sql: "PRAGMA max_page_count = \(pages)")
                    }
                }
                opened = candidate
            } catch let error as DatabaseError
                where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED)
                && Date().timeIntervalSince(started) < busyTimeout
            {
                // Bounded by the clock, not by attempts: each attempt may itself wait in SQLite's
                // busy handler (100 attempts of 5 s each once made an 8-minute hang).
                usleep(UInt32(Self.retryInterval * 1_000_000))
            } catch {
                throw RecordsError.from(error, path: path, busyTimeout: busyTimeout)
            }
        }
        pool = opened!
        try migrate(started: started)
    }

    /// Pause between attempts when another process holds the file while creating it.
    static let retryInterval = 0.05

    /// Closes the file; the store cannot be used afterwards.
    public func close() throws(RecordsError) {
        do { try pool.close() } catch { throw map(error) }
    }

    public var path: String { url.path }

    // MARK: - Opening

    /// Refuses a file that is not ours before anything writes to it (a pool would switch it to
    /// WAL mode). Read-only: the file is left byte-for-byte as it was.
    private static func inspect(path: String, busyTimeout: Double) throws(RecordsError) {
        let header: Data
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            header = try handle.read(upToCount: 100) ?? Data()
        } catch {
            let reason = (error as NSError).localizedDescription
            if !FileManager.default.isReadableFile(atPath: path) {
                throw .cannotOpen(path: path, reason: "permission denied")
            }
            throw .cannotOpen(path: path, reason: reason)
        }
        if header.isEmpty { return } // An empty file is an empty database: SQLite starts it afresh.
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw .notADatabase(path: path)
        }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(busyTimeout)
        struct Facts {
            var applicationID: Int32, version: Int, tables: [String], superseded: Bool, migrations: Int
            var problems: [String]
        }
        let facts: Facts
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            facts = try queue.read { db in
                Facts(
                    applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                    version: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                    tables: try String.fetchAll(
                        db, sql: "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"),
                    superseded: try Schema.migrator.hasBeenSuperseded(db),
                    migrations: try db.tableExists("grdb_migrations")
                        ? Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") ?? 0 : 0,
                    problems: try Self.integrityProblems(db))
            }
            try queue.close()
        } catch {
            throw RecordsError.from(error, path: path, busyTimeout: busyTimeout)
        }
        // A damaged file is refused before anything writes to it (it would only get worse).
        if !facts.problems.isEmpty {
            throw .corrupt(path: path, detail: facts.problems.prefix(2).joined(separator: "; "))
        }
        if facts.applicationID == Schema.applicationID {
            if facts.version > Schema.version || facts.superseded {
                throw .newerSchema(path: path, found: max(facts.version, Schema.version + 1), supported: Schema.version)
            }
            return
        }
        if facts.applicationID == 0, facts.tables.isEmpty { return }
        // Another her2sim creating this file at this moment: GRDB creates its migrations table,
        // empty, before the transaction that creates the schema. `migrate` waits for that one.
        if facts.applicationID == 0, facts.tables == ["grdb_migrations"], facts.migrations == 0 { return }
        throw .foreignDatabase(path: path, tables: facts.tables.filter { !$0.hasPrefix("sqlite_") })
    }

    /// Applies pending migrations. Two processes opening a new file at once both try; the
    /// loser's transaction rolls back and it finds the winner's schema.
    private func migrate(started: Date) throws(RecordsError) {
        // Up to date already (the usual case): a read, which another program's write lock does
        // not block — so `report` reads while a database browser holds pending edits.
        if (try? pool.read({ db in try Schema.migrator.hasCompletedMigrations(db) })) == true { return }
        while true {
            do {
                try Schema.migrator.migrate(pool)
                return
            } catch {
                let done = (try? pool.read { db in try Schema.migrator.hasCompletedMigrations(db) }) ?? false
                if done { return }
                if Date().timeIntervalSince(started) >= busyTimeout {
                    let mapped = map(error)
                    try? pool.close()
                    throw mapped
                }
                usleep(UInt32(Self.retryInterval * 1_000_000))
            }
        }
    }

    private static func directoryError(_ directory: URL, _ error: any Error) -> RecordsError {
        var existing = directory
        while !FileManager.default.fileExists(atPath: existing.path), existing.path != "/" {
            existing = existing.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: existing.path, isDirectory: &isDirectory)
        if !isDirectory.boolValue {
            return .cannotCreateDirectory(path: directory.path, reason: "\(existing.path) is a file, not a directory")
        }
        if !FileManager.default.isWritableFile(atPath: existing.path) {
            return .cannotCreateDirectory(path: directory.path, reason: "\(existing.path) is read-only")
        }
        return .cannotCreateDirectory(path: directory.path, reason: (error as NSError).localizedDescription)
    }

    // MARK: - Access

    func map(_ error: any Error) -> RecordsError {
        RecordsError.from(error, path: path, busyTimeout: busyTimeout)
    }

    func reading<T>(_ body: (Database) throws -> T) throws(RecordsError) -> T {
        do { return try pool.read(body) } catch { throw map(error) }
    }

    /// One committed (IMMEDIATE) transaction, into a file checked sound first (cheaply:
    /// `PRAGMA quick_check` while the file is small) — a file damaged under a live session
    /// gets no more writes.
    func writing<T>(_ body: (Database) throws -> T) throws(RecordsError) -> T {
        do {
            return try pool.write { db in
                let problems = try Self.integrityProblems(db)
                if !problems.isEmpty {
                    throw RecordsError.corrupt(path: path, detail: problems.prefix(2).joined(separator: "; "))
                }
                return try body(db)
            }
        } catch { throw map(error) }
    }

    /// `PRAGMA quick_check` when the file is small enough for it to take milliseconds.
    static func integrityProblems(_ db: Database) throws -> [String] {
        let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        guard pages * pageSize <= DatabaseFile.checkedSize else { return [] }
        do {
            // Read the pages from the file, not from this connection's cache: the file may
            // have been damaged under it.
            try db.execute(sql: "PRAGMA shrink_memory")
            let lines = try String.fetchAll(db, sql: "PRAGMA quick_check")
            return lines == ["ok"] ? [] : lines
        } catch let error as DatabaseError
            where error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
        {
            return [error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"]
        }
    }

    /// `her2sim_learner(name)`: the identity of a learner name (`LearnerName.identity`), for queries.
    static let learnerIdentityFunction = DatabaseFunction("her2sim_learner", argumentCount: 1, pure: true) { values in
        guard let name = String.fromDatabaseValue(values[0]) else { return nil }
        return LearnerName.identity(name)
    }

    /// `PRAGMA integrity_check`: empty when the file is intact, else SQLite's complaints.
    public func integrityProblems() throws(RecordsError) -> [String] {
        let lines = try reading { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
        return lines == ["ok"] ? [] : lines
    }

    // MARK: - Time

    /// ISO 8601 in UTC, to the second: `2025-03-01T14:05:00Z`. Sorts as text.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    static func date(fromTimestamp text: String) -> Date? {
        try? Date.ISO8601FormatStyle().parse(text)
    }
}
