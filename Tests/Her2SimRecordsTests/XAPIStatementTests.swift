import Foundation
import GRDB
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// Statements built from stored sessions: verbs, ids, actor and results.
@Suite("Records: xAPI statements")
struct XAPIStatementTests {
    typealias Support = RecordsTestSupport

    func recorded(learner: String? = "ana", seed: UInt64 = 7) -> RecordedSession {
        let session = Support.play(Support.script("hb-401"), seed: seed, learner: learner) { rec, _ in rec.first.regimen
        }
        let stored = StoredSession(
            id: SessionID(3), learner: learner, caseID: "hb-401", seed: seed, started: Support.march1,
            score: nil, maximum: nil, eventCount: session.log.count, knowledgeBase: "ab12")
        return RecordedSession(session: stored, events: session.log)
    }

    @Test("version 5 UUIDs match RFC 9562 (the value Python's uuid.uuid5 gives)")
    func nameUUID() {
        #expect(NameUUID.v5("https://her2sim.invalid/x") == "820ba800-7234-5802-b302-588a2673e2ef")
        #expect(
            SHA1.digest(Array("abc".utf8)).map { String(format: "%02x", $0) }.joined()
                == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test("a session gives launched, experienced and answered per decision, then completed")
    func verbs() throws {
        let session = recorded()
        let statements = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r1").statements(for: session)
        let verbs = statements.map { $0.statement.verb.display.enUS }
        let decisions = session.events.filter { if case .assessed = $0 { true } else { false } }.count
        #expect(decisions >= 2)
        #expect(
            verbs == ["launched"] + Array(repeating: ["experienced", "answered"], count: decisions).flatMap { $0 } + [
                "completed"
            ])
        let answered = try #require(statements.first { $0.statement.verb.id == XAPIVocabulary.answered }).statement
        guard
            case .assessed(_, let regimen, let tier, let points, _, let reference)? =
                session.events.first(where: { if case .assessed = $0 { true } else { false } })
        else {
            Issue.record("no assessment")
            return
        }
        let extensions = try #require(answered.result?.extensions)
        let base = "https://her2sim.invalid/xapi/extensions/"
        #expect(extensions[base + "choice"] == .text(regimen.rawValue))
        #expect(extensions[base + "tier"] == .text(tier.rawValue))
        #expect(extensions[base + "points"] == .number(points))
        #expect(extensions[base + "reference-choice"] == .text(reference.rawValue))
        #expect(extensions[base + "knowledge-base"] == .text("ab12"))
        #expect(answered.object.id == "https://her2sim.invalid/cases/hb-401/turns/turn-1")
        #expect(answered.context.contextActivities.parent?.first?.id == "https://her2sim.invalid/cases/hb-401")
        let completed = try #require(statements.last?.statement)
        guard case .ended(let score, let maximum)? = session.events.last else {
            Issue.record("not ended")
            return
        }
        #expect(completed.result?.score?.raw == Double(score))
        #expect(completed.result?.score?.max == Double(maximum))
        #expect(Set(statements.map(\.statement.context.registration)).count == 1)
    }

    @Test("statement ids are fixed by records id, session, event and IRI base, and differ otherwise")
    func ids() {
        let session = recorded()
        let builder = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r1")
        let first = builder.statements(for: session).map(\.statement.id)
        #expect(first == builder.statements(for: session).map(\.statement.id))
        #expect(Set(first).count == first.count)
        let otherFile = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r2").statements(for: session)
        #expect(Set(first).isDisjoint(with: otherFile.map(\.statement.id)))
        let otherBase = XAPIStatementBuilder(
            profile: XAPIProfile(iriBase: "https://program.example/h/"), recordsID: "r1"
        )
        .statements(for: session)
        #expect(Set(first).isDisjoint(with: otherBase.map(\.statement.id)))
        #expect(otherBase[0].statement.object.id == "https://program.example/h/cases/hb-401")
    }

    @Test("the actor: an account under the IRI base, or an mbox from the template; turn ids from the library")
    func actor() throws {
        let session = recorded(learner: "Ana María")
        let account = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r").statements(for: session)[0].statement
            .actor
        #expect(account.account == XAPIStatement.Account(homePage: "https://her2sim.invalid", name: "Ana María"))
        #expect(account.mbox == nil)
        let mailed = XAPIStatementBuilder(
            profile: XAPIProfile(mbox: "mailto:{learner}@program.example"), recordsID: "r",
            turnIDs: ["hb-401": ["t1", "t2", "t3"]])
        let statements = mailed.statements(for: session)
        #expect(statements[0].statement.actor.mbox == "mailto:ana.mar%C3%ADa@program.example")
        #expect(statements[0].statement.actor.account == nil)
        #expect(statements[1].statement.object.id == "https://her2sim.invalid/cases/hb-401/turns/t1")
        let anonymous = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r").statements(
            for: recorded(learner: nil))
        #expect(anonymous[0].statement.actor.account?.name == "anonymous")
    }

    @Test("JSON is stable: the same statements give the same bytes")
    func json() throws {
        let statements = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r").statements(for: recorded()).map(
            \.statement)
        let data = try XAPIStatement.json(statements)
        #expect(data == (try XAPIStatement.json(statements)))
        let decoded = try JSONDecoder().decode([XAPIStatement].self, from: data)
        #expect(decoded == statements)
        #expect(String(decoding: data, as: UTF8.self).contains("\"X\"") == false)
    }
}

/// The outbox: filled as events are stored, kept until sent, and made for older files too.
@Suite("Records: xAPI outbox")
struct OutboxTests {
    typealias Support = RecordsTestSupport

    @Test("stored events wait in the outbox in recording order; markSent removes them")
    func queue() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let one = Support.play(Support.script("hb-401"), seed: 1, learner: "ana") { rec, _ in rec.first.regimen }
        let id = try store.insertSession(log: one.log, at: Support.march1)
        let statementsPerSession = one.log.filter { if case .advanced = $0 { false } else { true } }.count
        #expect(try store.queuedCount() == statementsPerSession)
        let queued = try store.queuedEvents(limit: 1000)
        #expect(
            queued.map(\.sequence) == one.log.indices.filter { if case .advanced = one.log[$0] { false } else { true } }
        )
        #expect(queued.allSatisfy { $0.session.id == id })
        try store.markSent(queued.prefix(2).map(\.outboxID))
        #expect(try store.queuedEvents(limit: 1).first?.outboxID == queued[2].outboxID)
        #expect(try store.queuedCount() == statementsPerSession - 2)
        let recordsID = try store.recordsID()
        #expect(recordsID.count == 32)
        let other = try RecordStore(url: Support.scratchDatabase("other"))
        #expect(try other.recordsID() != recordsID)
    }

    @Test("a version 1 file opens, and its recorded events are queued for sending")
    func migratesVersion1() throws {
        let url = Support.scratchDatabase()
        let one = Support.play(Support.script("hb-402"), seed: 4, learner: "bo") { rec, _ in rec.first.regimen }
        do {
            // A file as her2sim wrote it before schema version 2.
            let queue = try DatabaseQueue(path: url.path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE learners (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''));
                        CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, learner_id INTEGER REFERENCES learners(id),
                            case_id TEXT NOT NULL, seed INTEGER NOT NULL, started TEXT NOT NULL, score INTEGER, maximum INTEGER);
                        CREATE INDEX sessions_by_learner ON sessions(learner_id, started);
                        CREATE INDEX sessions_by_started ON sessions(started);
                        CREATE TABLE events (id INTEGER PRIMARY KEY,
                            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                            sequence INTEGER NOT NULL CHECK (sequence >= 0),
                            kind TEXT NOT NULL CHECK (kind IN ('started', 'chose', 'assessed', 'advanced', 'ended')),
                            payload TEXT NOT NULL, UNIQUE (session_id, sequence));
                        PRAGMA application_id = \(Schema.applicationID);
                        PRAGMA user_version = 1;
                        """)
                try db.execute(sql: "INSERT INTO learners (name) VALUES ('bo')")
                try db.execute(
                    sql:
                        "INSERT INTO sessions (learner_id, case_id, seed, started) VALUES (1, 'hb-402', 4, '2025-03-01T09:00:00Z')"
                )
                for (sequence, event) in one.log.enumerated() {
                    try db.execute(
                        sql: "INSERT INTO events (session_id, sequence, kind, payload) VALUES (1, ?, ?, ?)",
                        arguments: [sequence, CodableSessionEvent.kind(of: event), try EventJSON.encode(event)])
                }
            }
            try migrator.migrate(queue)
            try queue.close()
        }
        let store = try RecordStore(url: url)
        #expect(try store.events(of: SessionID(1)) == one.log)
        #expect(try store.queuedCount() == one.log.filter { if case .advanced = $0 { false } else { true } }.count)
        #expect(try store.session(SessionID(1))?.knowledgeBase == nil)
        try store.setKnowledgeBase("abc", for: SessionID(1))
        #expect(try store.session(SessionID(1))?.knowledgeBase == "abc")
    }

    @Test("a discarded session leaves the outbox with it")
    func discard() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let id = try store.startSession(caseID: "hb-401", seed: 1, learner: "ana", at: Support.march1)
        #expect(try store.queuedCount() == 1)
        _ = try store.discardUnplayedSession(id)
        #expect(try store.queuedCount() == 0)
    }
}
