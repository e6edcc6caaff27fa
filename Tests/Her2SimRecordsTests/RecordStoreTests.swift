import Foundation
import GRDB
import Her2SimCore
import Testing

@testable import Her2SimRecords

@Suite("Records: the store")
struct RecordStoreTests {
    typealias Support = RecordsTestSupport

    private func bytes(_ url: URL) throws -> Data { try Data(contentsOf: url) }

    // MARK: - Opening and migrating

    @Test("a new file (in a directory that does not exist yet) gets the schema, WAL mode and the marker")
    func migratesEmptyDatabase() throws {
        let url = Support.scratchDirectory().appendingPathComponent("deep/er/records.sqlite")
        let store = try RecordStore(url: url)
        #expect(FileManager.default.fileExists(atPath: url.path))
        try store.close()

        let queue = try DatabaseQueue(path: url.path)
        try queue.read { db in
            #expect(try Int.fetchOne(db, sql: "PRAGMA user_version") == RecordStore.schemaVersion)
            #expect(try Int32.fetchOne(db, sql: "PRAGMA application_id") == Schema.applicationID)
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            for table in ["learners", "sessions", "events", "grdb_migrations"] {
                #expect(try db.tableExists(table), "\(table)")
            }
            #expect(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") == ["v1", "v2", "v3"])
            // (session, sequence) is unique.
            let indexes = try db.indexes(on: "events")
            #expect(indexes.contains { $0.isUnique && $0.columns == ["session_id", "sequence"] })
        }
    }

    @Test("an empty (zero-byte) file becomes a records database")
    func emptyFile() throws {
        let url = Support.scratchDatabase()
        #expect(FileManager.default.createFile(atPath: url.path, contents: Data()))
        let store = try RecordStore(url: url)
        let id = try store.startSession(caseID: "hb-401", seed: 1, learner: nil, at: Support.march1)
        #expect(try store.events(of: id).count == 1)
    }

    @Test("reopening keeps every session and event, and migrating twice changes nothing")
    func reopen() throws {
        let url = Support.scratchDatabase()
        var id: SessionID
        do {
            let store = try RecordStore(url: url)
            id = try store.startSession(caseID: "hb-401", seed: 42, learner: "Alice", at: Support.march1)
            try store.append(.chose(turn: 0, regimen: "tdm1"), to: id)
            try store.close()
        }
        let store = try RecordStore(url: url)
        #expect(
            try store.events(of: id) == [
                .started(caseID: "hb-401", seed: 42, learner: "Alice"), .chose(turn: 0, regimen: "tdm1"),
            ])
        #expect(try store.append(.chose(turn: 1, regimen: "tdxd"), to: id) == 2)
        #expect(try store.learners() == ["Alice"])
        // A third opening while the second is still open.
        let again = try RecordStore(url: url)
        #expect(try again.events(of: id).count == 3)
        #expect(try again.integrityProblems().isEmpty)
    }

    @Test("the default file is $XDG_DATA_HOME/her2sim/records.sqlite, else under ~/.local/share")
    func defaultLocation() {
        #expect(
            RecordStore.defaultURL(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/f"]).path
                == "/data/her2sim/records.sqlite")
        #expect(
            RecordStore.defaultURL(environment: ["HOME": "/home/f"]).path
                == "/home/f/.local/share/her2sim/records.sqlite")
    }

    // MARK: - Files that are not ours

    @Test("a file of random bytes is refused by name and left byte-identical")
    func randomBytes() throws {
        let url = Support.scratchDirectory().appendingPathComponent("notes.sqlite")
        var rng = SeededGenerator(seed: 7)
        let data = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &rng) })
        try data.write(to: url)
        let error = #expect(throws: RecordsError.self) { try RecordStore(url: url) }
        #expect(error == .notADatabase(path: url.path))
        #expect(error?.description.contains(url.path) == true)
        #expect(error?.description.contains("not an SQLite file") == true)
        #expect(try bytes(url) == data)
        #expect(!FileManager.default.fileExists(atPath: url.path + "-wal"))
    }

    @Test("a short text file is refused too")
    func textFile() throws {
        let url = Support.scratchDirectory().appendingPathComponent("records.sqlite")
        let data = Data("hello\n".utf8)
        try data.write(to: url)
        #expect(throws: RecordsError.notADatabase(path: url.path)) { try RecordStore(url: url) }
        #expect(try bytes(url) == data)
    }

    @Test("another program's SQLite database is refused by name, with its tables, and left byte-identical")
    func foreignSQLite() throws {
        let url = Support.scratchDirectory().appendingPathComponent("other.db")
        do {
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in
                try db.execute(
                    sql: "CREATE TABLE sessions (id INTEGER PRIMARY KEY, who TEXT); CREATE TABLE invoices (n INTEGER)")
                try db.execute(sql: "INSERT INTO sessions (who) VALUES ('x')")
            }
            try queue.close()
        }
        let before = try bytes(url)
        let error = #expect(throws: RecordsError.self) { try RecordStore(url: url) }
        #expect(error == .foreignDatabase(path: url.path, tables: ["invoices", "sessions"]))
        let message = error?.description ?? ""
        #expect(message.hasPrefix(url.path + ": error: "))
        #expect(message.contains("not her2sim's records"))
        #expect(message.contains("left it untouched"))
        #expect(try bytes(url) == before)
    }

    @Test("a records file from a newer her2sim is refused and left byte-identical")
    func newerSchema() throws {
        let url = Support.scratchDatabase()
        do {
            let store = try RecordStore(url: url)
            try store.startSession(caseID: "hb-401", seed: 1, learner: nil, at: Support.march1)
            try store.close()
            let queue = try DatabaseQueue(path: url.path)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA user_version = 7; PRAGMA journal_mode = DELETE")
            }
            try queue.close()
        }
        let before = try bytes(url)
        let error = #expect(throws: RecordsError.self) { try RecordStore(url: url) }
        #expect(error == .newerSchema(path: url.path, found: 7, supported: RecordStore.schemaVersion))
        #expect(error?.description.contains("newer her2sim") == true)
        #expect(error?.description.contains(url.path) == true)
        #expect(try bytes(url) == before)
    }

    @Test("a newer migration (unknown to this build) is refused too")
    func unknownMigration() throws {
        let url = Support.scratchDatabase()
        do {
            let store = try RecordStore(url: url)
            try store.close()
            let queue = try DatabaseQueue(path: url.path)
            try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v2-future')") }
            try queue.close()
        }
        #expect(
            throws: RecordsError.newerSchema(
                path: url.path, found: RecordStore.schemaVersion + 1, supported: RecordStore.schemaVersion)
        ) {
            try RecordStore(url: url)
        }
    }

    @Test("a damaged records file gives a clear error, never a crash, and is not rewritten")
    func damagedFile() throws {
        let url = Support.scratchDatabase()
        do {
            let store = try RecordStore(url: url)
            for index in 0..<40 {
                let id = try store.startSession(
                    caseID: "hb-40\(index % 9)", seed: UInt64(index), learner: "fellow \(index % 5)", at: Support.march1
                )
                for turn in 0..<10 {
                    try store.append(.chose(turn: turn, regimen: RegimenID(String(repeating: "x", count: 200))), to: id)
                }
            }
            try store.close()
        }
        // Overwrite every page but the first with garbage.
        var data = try bytes(url)
        #expect(data.count > 8192)
        var rng = SeededGenerator(seed: 3)
        for index in 4096..<data.count { data[index] = UInt8.random(in: 0...255, using: &rng) }
        try data.write(to: url)
        do {
            let store = try RecordStore(url: url)
            _ = try store.recordedSessions()
            Issue.record("a damaged file was read without complaint")
        } catch {
            let message = error.description
            #expect(message.contains(url.path), "\(message)")
            switch error {
            case .corrupt, .notADatabase, .foreignDatabase: break
            default: Issue.record("unexpected error: \(error)")
            }
        }
        #expect(try bytes(url) == data)
    }

    @Test("a directory, or a path under a file, is a clear error")
    func badPaths() throws {
        let directory = Support.scratchDirectory()
        #expect(throws: RecordsError.isDirectory(path: directory.path)) { try RecordStore(url: directory) }
        let file = directory.appendingPathComponent("plain.txt")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: RecordsError.self) {
            try RecordStore(url: file.appendingPathComponent("sub/records.sqlite"))
        }
        #expect(error?.description.contains("is a file, not a directory") == true)
    }

    // A read-only directory: HostileDiskTests runs `her2sim play --db` on a real read-only tmpfs,
    // which holds as root too (file permissions do not).

    @Test("a full disk is a clear error, and what was committed before stays")
    func diskFull() throws {
        let url = Support.scratchDatabase()
        let store = try RecordStore(url: url, options: .init(maximumPageCount: 22))
        let id = try store.startSession(caseID: "hb-401", seed: 1, learner: nil, at: Support.march1)
        var stored = 1
        var failure: RecordsError?
        for turn in 0..<1_000 {
            do {
                try store.append(.chose(turn: turn, regimen: RegimenID(String(repeating: "r", count: 900))), to: id)
                stored += 1
            } catch {
                failure = error
                break
            }
        }
        #expect(failure == .diskFull(path: url.path))
        #expect(failure?.description.contains("the disk is full") == true)
        #expect(try store.events(of: id).count == stored)
        #expect(try store.integrityProblems().isEmpty)
    }

    // MARK: - Sessions and events

    @Test("events get consecutive sequence numbers; the log reads back in order")
    func appendAndRead() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let id = try store.startSession(caseID: "hb-401", seed: UInt64.max, learner: "alice", at: Support.march1)
        let events: [SessionEvent] = [
            .chose(turn: 0, regimen: "tdm1"),
            .assessed(turn: 0, regimen: "tdm1", tier: .preferred, points: 4, unsafe: false, reference: "tdm1"),
            .advanced(
                turn: 0, months: 4.2, events: [TimedEvent(month: 2.1, event: .toxicity(.thrombocytopenia, grade: 2))]),
            .ended(score: 4, maximum: 4),
        ]
        for (index, event) in events.enumerated() {
            #expect(try store.append(event, to: id) == index + 1)
        }
        #expect(try store.events(of: id) == [.started(caseID: "hb-401", seed: .max, learner: "alice")] + events)
        let session = try #require(try store.session(id))
        #expect(session.seed == .max)
        #expect(session.caseID == "hb-401")
        #expect(session.learner == "alice")
        #expect(session.started == Support.march1)
        #expect(session.startedText == "2025-03-01T09:00:00Z")
        #expect(session.score == 4 && session.maximum == 4 && session.isFinished)
        #expect(session.eventCount == 5)
    }

    @Test("nothing follows 'ended'; unknown sessions and a second 'started' are refused")
    func appendRules() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let id = try store.startSession(caseID: "hb-401", seed: 5, learner: nil, at: Support.march1)
        // The session's own started event again: nothing to do.
        #expect(try store.append(.started(caseID: "hb-401", seed: 5, learner: nil), to: id) == 0)
        #expect(throws: RecordsError.self) {
            try store.append(.started(caseID: "hb-402", seed: 5, learner: nil), to: id)
        }
        try store.append(.ended(score: 0, maximum: 0), to: id)
        #expect(throws: RecordsError.sessionEnded(id)) { try store.append(.chose(turn: 0, regimen: "tdm1"), to: id) }
        #expect(throws: RecordsError.unknownSession(SessionID(999))) {
            try store.append(.chose(turn: 0, regimen: "tdm1"), to: SessionID(999))
        }
        #expect(throws: RecordsError.unknownSession(SessionID(999))) { try store.events(of: SessionID(999)) }
        #expect(try store.session(SessionID(999)) == nil)
        #expect(try store.events(of: id).count == 2)
    }

    @Test("synchronize appends what the stored log lacks (a turn cut short by a crash) and refuses a different log")
    func synchronize() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let session = Support.play(Support.script("hb-401"), seed: 11, learner: "bea") { recommendation, _ in
            recommendation.first.regimen
        }
        let log = session.log
        #expect(log.count > 4)
        let id = try store.insertSession(log: Array(log.prefix(3)), at: Support.march1) // started, chose, assessed
        #expect(try store.synchronize(log, to: id) == log.count - 3)
        #expect(try store.events(of: id) == log)
        #expect(try store.synchronize(log, to: id) == 0)
        #expect(try store.session(id)?.isFinished == true)

        let other = try store.insertSession(log: Array(log.prefix(2)), at: Support.march1)
        var changed = log
        changed[1] = .chose(turn: 0, regimen: "best-supportive-care")
        #expect(throws: RecordsError.logMismatch(other, sequence: 1)) { try store.synchronize(changed, to: other) }
        #expect(try store.events(of: other).count == 2)
    }

    @Test("learners: names are trimmed and case-insensitive; none, empty or 'anonymous' is anonymous")
    func learners() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let a1 = try store.startSession(caseID: "hb-401", seed: 1, learner: "Alice", at: Support.march1)
        let a2 = try store.startSession(caseID: "hb-402", seed: 2, learner: " alice ", at: Support.march1 + Support.day)
        let n1 = try store.startSession(caseID: "hb-401", seed: 3, learner: nil, at: Support.march1 + 2 * Support.day)
        let n2 = try store.startSession(caseID: "hb-401", seed: 4, learner: "", at: Support.march1 + 3 * Support.day)
        let n3 = try store.startSession(
            caseID: "hb-403", seed: 5, learner: "Anonymous", at: Support.march1 + 4 * Support.day)
        let b1 = try store.startSession(caseID: "hb-401", seed: 6, learner: "Bo", at: Support.march1 + 5 * Support.day)

        #expect(try store.learners() == ["Alice", "Bo"])
        #expect(try store.sessions().map(\.id) == [a1, a2, n1, n2, n3, b1])
        #expect(try store.sessions(learner: "ALICE").map(\.id) == [a1, a2])
        #expect(try store.sessions(learner: "anonymous").map(\.id) == [n1, n2, n3])
        #expect(
            try store.sessions(learner: "anonymous").allSatisfy { $0.learner == nil && $0.learnerName == "anonymous" })
        #expect(try store.sessions(caseID: "hb-401").map(\.id) == [a1, n1, n2, b1])
        #expect(try store.sessions(since: Support.march1 + 2 * Support.day).map(\.id) == [n1, n2, n3, b1])
        #expect(try store.sessions(learner: "nobody").isEmpty)
        // The log keeps the learner exactly as the session had it.
        #expect(try store.events(of: a2).first == .started(caseID: "hb-402", seed: 2, learner: " alice "))
    }

    @Test("latestUnfinishedSession: the learner's most recent session that has not ended")
    func latestUnfinished() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        #expect(try store.latestUnfinishedSession(learner: "alice") == nil)
        let first = try store.startSession(caseID: "hb-401", seed: 1, learner: "alice", at: Support.march1)
        let second = try store.startSession(caseID: "hb-402", seed: 2, learner: "alice", at: Support.march1 + 60)
        let anonymous = try store.startSession(caseID: "hb-403", seed: 3, learner: nil, at: Support.march1 + 120)
        _ = try store.startSession(caseID: "hb-404", seed: 4, learner: "bo", at: Support.march1 + 180)
        #expect(try store.latestUnfinishedSession(learner: "Alice")?.id == second)
        try store.append(.ended(score: 0, maximum: 0), to: second)
        #expect(try store.latestUnfinishedSession(learner: "alice")?.id == first)
        #expect(try store.latestUnfinishedSession(learner: nil)?.id == anonymous)
        #expect(try store.latestUnfinishedSession(learner: "anonymous")?.id == anonymous)
    }

    @Test("a stored log replays the session it came from")
    func replayFromStore() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let script = Support.script("hb-402")
        let session = Support.play(script, seed: 99, learner: "cy") { recommendation, index in
            recommendation.options[min(index * 3, recommendation.options.count - 1)].regimen
        }
        let id = try store.insertSession(log: session.log, at: Support.march1)
        let log = try store.events(of: id)
        #expect(log == session.log)
        let replayed = try #require(Session.replay(log, script: script, context: Support.context))
        #expect(replayed.log == session.log)
        #expect(replayed.score == session.score)
    }

    @Test("insertSession refuses a log that does not begin with 'started'")
    func insertRules() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        #expect(throws: RecordsError.self) {
            try store.insertSession(log: [.chose(turn: 0, regimen: "tdm1")], at: Support.march1)
        }
        #expect(throws: RecordsError.self) { try store.insertSession(log: [], at: Support.march1) }
        #expect(throws: RecordsError.self) {
            try store.insertSession(
                log: [
                    .started(caseID: "a", seed: 1, learner: nil), .ended(score: 0, maximum: 0),
                    .chose(turn: 0, regimen: "tdm1"),
                ], at: Support.march1)
        }
        #expect(try store.sessions().isEmpty)
    }
}

@Suite("Records: the REPL's recorder")
struct SessionRecorderTests {
    typealias Support = RecordsTestSupport

    @Test("record keeps the stored log equal to the session's, event by event; attach resumes")
    func recordAndResume() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let recorder = SessionRecorder(store: store, now: { Support.march1 })
        let script = Support.script("hb-401")
        var session = Session(script: script, seed: 77, learner: "eve", context: Support.context)
        for event in session.log { try recorder.record(session, event) }
        let id = try #require(recorder.current)
        // Two decisions, each recorded as the REPL does: the hook gets the session after the
        // decision and each new event in turn. The first call stores the whole decision at once
        // (one transaction), the others find nothing left to do.
        for _ in 0..<2 {
            let before = session.log.count
            session.choose(Support.context.engine.rank(session.state).first.regimen)
            for event in session.log[before...] {
                try recorder.record(session, event)
                #expect(try store.events(of: id) == session.log)
            }
        }
        #expect(try store.events(of: id) == session.log)

        // The process dies; the log replays; a new recorder carries on in the same session.
        let stored = try store.events(of: id)
        var resumed = try #require(Session.replay(stored, script: script, context: Support.context))
        let later = SessionRecorder(store: store)
        try later.attach(id, to: resumed)
        while !resumed.isOver {
            let before = resumed.log.count
            resumed.choose(Support.context.engine.rank(resumed.state).first.regimen)
            for event in resumed.log[before...] { try later.record(resumed, event) }
        }
        #expect(try store.events(of: id) == resumed.log)
        #expect(try store.session(id)?.isFinished == true)
        #expect(try store.sessions().count == 1)

        // A restart is a new session.
        let again = Session(script: script, seed: 77, learner: "eve", context: Support.context)
        try later.record(again, again.log[0])
        #expect(later.current != id)
        #expect(try store.sessions().count == 2)
    }
}
