import GRDB

/// The records schema and its migrations.
///
/// ```sql
/// learners (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE)
/// sessions (id INTEGER PRIMARY KEY AUTOINCREMENT,
///           learner_id INTEGER REFERENCES learners(id),   -- NULL: anonymous
///           case_id TEXT NOT NULL, seed INTEGER NOT NULL,  -- seed: the UInt64's bit pattern
///           started TEXT NOT NULL,                         -- ISO 8601 UTC, from the caller's clock
///           score INTEGER, maximum INTEGER)                -- set by the `ended` event
/// events   (id INTEGER PRIMARY KEY,
///           session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
///           sequence INTEGER NOT NULL,                     -- 0 is the `started` event
///           kind TEXT NOT NULL,                            -- started|chose|assessed|advanced|ended
///           payload TEXT NOT NULL,                         -- the event as JSON (EventJSON)
///           UNIQUE (session_id, sequence))
/// ```
///
/// A her2sim file is marked with `PRAGMA application_id` (`Schema.applicationID`) and carries
/// its schema version in `PRAGMA user_version`; a file from a newer her2sim is refused.
enum Schema {
    /// 'H2SR' — her2sim records.
    static let applicationID: Int32 = 0x4832_5352
    /// The schema this build writes; files with a higher `user_version` are refused.
    static let version = 1

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE learners (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> '')
                );
                CREATE TABLE sessions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    learner_id INTEGER REFERENCES learners(id),
                    case_id TEXT NOT NULL,
                    seed INTEGER NOT NULL,
                    started TEXT NOT NULL,
                    score INTEGER,
                    maximum INTEGER
                );
                CREATE INDEX sessions_by_learner ON sessions(learner_id, started);
                CREATE INDEX sessions_by_started ON sessions(started);
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    sequence INTEGER NOT NULL CHECK (sequence >= 0),
                    kind TEXT NOT NULL CHECK (kind IN ('started', 'chose', 'assessed', 'advanced', 'ended')),
                    payload TEXT NOT NULL,
                    UNIQUE (session_id, sequence)
                );
                PRAGMA application_id = \(applicationID);
                PRAGMA user_version = 1;
                """)
        }
        // Later schema changes: register "v2"… here, each ending with `PRAGMA user_version = N`,
        // and raise `version`. Never edit a registered migration.
        return migrator
    }()

    /// The tables her2sim itself creates (everything else in a file makes it foreign).
    static let ownTables: Set<String> = ["learners", "sessions", "events", "grdb_migrations", "sqlite_sequence"]
}
