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
/// -- version 2:
/// settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)     -- 'records-id': this file's random id
/// outbox   (id INTEGER PRIMARY KEY AUTOINCREMENT,          -- events whose xAPI statement waits
///           session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
///           sequence INTEGER NOT NULL, UNIQUE (session_id, sequence))
///           -- filled by a trigger on events (started|chose|assessed|ended), emptied by `sync`
/// sessions.knowledge_base TEXT                             -- SHA-256 of Scoring/ when played
/// confidences (session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
///              turn INTEGER NOT NULL, value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100),
///              PRIMARY KEY (session_id, turn))             -- "How sure are you?" per decision
/// -- version 3:
/// events.kind also 'managed' (a toxicity-management decision), queued for xAPI like 'assessed'
/// ```
///
/// A her2sim file is marked with `PRAGMA application_id` (`Schema.applicationID`) and carries
/// its schema version in `PRAGMA user_version`; a file from a newer her2sim is refused.
enum Schema {
    /// 'H2SR' — her2sim records.
    static let applicationID: Int32 = 0x4832_5352
    /// The schema this build writes; files with a higher `user_version` are refused.
    static let version = 3

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
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
        // xAPI: an outbox of statements to send, this file's id for statement ids, and the
        // knowledge base each session was played with. Events stored before it are queued too.
        migrator.registerMigration("v2") { db in
            try db.execute(
                sql: """
                    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    INSERT INTO settings (key, value) VALUES ('records-id', lower(hex(randomblob(16))));
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        sequence INTEGER NOT NULL,
                        UNIQUE (session_id, sequence)
                    );
                    INSERT INTO outbox (session_id, sequence)
                        SELECT session_id, sequence FROM events
                        WHERE kind IN ('started', 'chose', 'assessed', 'ended') ORDER BY session_id, sequence;
                    CREATE TRIGGER events_outbox AFTER INSERT ON events
                        WHEN NEW.kind IN ('started', 'chose', 'assessed', 'ended')
                        BEGIN INSERT OR IGNORE INTO outbox (session_id, sequence) VALUES (NEW.session_id, NEW.sequence); END;
                    ALTER TABLE sessions ADD COLUMN knowledge_base TEXT;
                    CREATE TABLE confidences (
                        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        turn INTEGER NOT NULL CHECK (turn >= 0),
                        value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 100),
                        PRIMARY KEY (session_id, turn)
                    );
                    PRAGMA user_version = 2;
                    """)
        }
        // Toxicity-management decisions: a new event kind. SQLite cannot change a CHECK, so the
        // events table is rebuilt with the same rows (its trigger with it).
        migrator.registerMigration("v3") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events_v3 (
                        id INTEGER PRIMARY KEY,
                        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                        sequence INTEGER NOT NULL CHECK (sequence >= 0),
                        kind TEXT NOT NULL CHECK (kind IN ('started', 'chose', 'assessed', 'advanced', 'managed', 'ended')),
                        payload TEXT NOT NULL,
                        UNIQUE (session_id, sequence)
                    );
                    INSERT INTO events_v3 (id, session_id, sequence, kind, payload)
                        SELECT id, session_id, sequence, kind, payload FROM events;
                    DROP TRIGGER IF EXISTS events_outbox;
                    DROP TABLE events;
                    ALTER TABLE events_v3 RENAME TO events;
                    CREATE TRIGGER events_outbox AFTER INSERT ON events
                        WHEN NEW.kind IN ('started', 'chose', 'assessed', 'managed', 'ended')
                        BEGIN INSERT OR IGNORE INTO outbox (session_id, sequence) VALUES (NEW.session_id, NEW.sequence); END;
                    PRAGMA user_version = 3;
                    """)
        }
        // Later schema changes: register "v4"… here, each ending with `PRAGMA user_version = N`,
        // and raise `version`. Never edit a registered migration.
        return migrator
    }()

    /// The tables her2sim itself creates (everything else in a file makes it foreign).
    static let ownTables: Set<String> = [
        "learners", "sessions", "events", "grdb_migrations", "sqlite_sequence",
        "settings", "outbox", "confidences",
    ]
}
