import Foundation
import Her2SimCore
import Testing

@testable import Her2SimLRS
@testable import Her2SimLRSClient
@testable import Her2SimRecords

/// CI must run the LRS tests: without Ralph there (`make lrs`, then HER2SIM_TEST_RALPH), fail.
@Suite("LRS: the Ralph tests run in CI")
struct LRSRequirementTests {
    @Test("in CI (CI=true), HER2SIM_TEST_RALPH names Ralph's virtual environment")
    func ciRunsRalph() {
        let environment = ProcessInfo.processInfo.environment
        if environment["CI"] == "true" {
            #expect(RalphServer.venv != nil, "CI=true but HER2SIM_TEST_RALPH is not set: run 'make lrs' (.ci/run does)")
        }
    }
}

/// Sending to a real LRS: Ralph on loopback, with its filesystem backend.
@Suite("LRS: a real Ralph", .serialized, .enabled(if: RalphServer.venv != nil, "set HER2SIM_TEST_RALPH (make lrs)"))
struct LRSTests {
    typealias Support = RecordsTestSupport

    /// `count` sessions of several learners and cases, some unfinished.
    func cohort(_ count: Int, at url: URL) throws -> RecordStore {
        let store = try RecordStore(url: url)
        let cases = ["hb-401", "hb-402", "hb-403"]
        for index in 0..<count {
            let script = Support.script(cases[index % cases.count])
            let session = Support.play(script, seed: UInt64(100 + index), learner: "fellow-\(index % 7)") { rec, turn in
                (index + turn) % 3 == 0 ? rec.options.last!.regimen : rec.first.regimen
            }
            // Every fifth session stopped after its first decision.
            let log = index % 5 == 4 ? Array(session.log.prefix(4)) : session.log
            try store.insertSession(
                log: log, at: Support.march1 + Double(index) * 3600, knowledgeBase: "kb-\(index % 2)")
        }
        return store
    }

    func expectedIDs(_ store: RecordStore, profile: XAPIProfile = XAPIProfile()) throws -> [String] {
        let builder = XAPIStatementBuilder(profile: profile, recordsID: try store.recordsID())
        return try store.recordedSessions().flatMap { builder.statements(for: $0).map(\.statement.id) }
    }

    @Test(
        "her2sim sync sends a cohort of 24 sessions; the LRS returns each once, Ralph validates them, a second sync sends nothing"
    )
    func cohortThroughTheCLI() throws {
        let server = try RalphServer(venv: try #require(RalphServer.venv))
        try server.start()
        let url = Support.scratchDatabase()
        let store = try cohort(24, at: url)
        let expected = try expectedIDs(store)
        #expect(expected.count > 24 * 4)
        #expect(try store.queuedCount() == expected.count)
        try store.close()

        let binary = try #require(Support.product("her2sim"))
        let root = Support.repositoryRoot
        let arguments = [
            "sync", "--lrs", server.endpoint.absoluteString, "--db", url.path, "--batch-size", "37",
            "--scoring", root.appendingPathComponent("Scoring").path,
            "--cases", root.appendingPathComponent("Cases").path,
        ]
        let credentials = ["HER2SIM_LRS_USER": RalphServer.user, "HER2SIM_LRS_PASSWORD": RalphServer.password]
        let first = try Support.run(binary, arguments, environment: credentials)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            first.stdout.hasPrefix("Sent \(expected.count) statements in \((expected.count + 36) / 37) batches"),
            "\(first.stdout)")
        #expect(first.stdout.hasSuffix("; 0 queued.\n"))

        let stored = try server.statements()
        let ids = stored.compactMap { $0["id"] as? String }
        #expect(ids.count == expected.count)
        #expect(Set(ids) == Set(expected))
        let verbs = Set(stored.compactMap { ($0["verb"] as? [String: Any])?["id"] as? String })
        #expect(
            verbs == [
                XAPIVocabulary.launched, XAPIVocabulary.experienced, XAPIVocabulary.answered, XAPIVocabulary.completed,
            ])
        let validation = try server.validate(stored)
        #expect(validation.status == 0, "\(validation.output)")
        #expect(validation.output.contains("valid \(expected.count)"), "\(validation.output)")

        let second = try Support.run(binary, arguments, environment: credentials)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("Sent 0 statements in 0 batches"), "\(second.stdout)")
        #expect(try server.statements().count == expected.count)

        // What report --format xapi prints is what was sent.
        let report = try Support.run(
            binary,
            [
                "report", "--format", "xapi", "--db", url.path,
                "--scoring", root.appendingPathComponent("Scoring").path,
                "--cases", root.appendingPathComponent("Cases").path,
            ], environment: [:])
        let printed = try JSONDecoder().decode([XAPIStatement].self, from: Data(report.stdout.utf8))
        #expect(printed.map(\.id) == expected)

        // A refused login: a clear error, exit 1, nothing leaves the queue.
        let reopened = try RecordStore(url: url)
        try reopened.insertSession(
            log: Support.play(Support.script("hb-401"), seed: 5) { rec, _ in rec.first.regimen }.log,
            at: Support.march1)
        let queued = try reopened.queuedCount()
        let refused = try Support.run(
            binary, arguments, environment: ["HER2SIM_LRS_USER": "her2sim", "HER2SIM_LRS_PASSWORD": "wrong"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("refused the login (HTTP 401)"), "\(refused.stderr)")
        #expect(try reopened.queuedCount() == queued)
    }

    @Test(
        "the LRS killed in the middle of a sync, and a crash between its answer and the outbox: nothing lost or doubled"
    )
    func killedMidSync() throws {
        let server = try RalphServer(venv: try #require(RalphServer.venv))
        try server.start()
        let store = try cohort(30, at: Support.scratchDatabase())
        let expected = try expectedIDs(store)
        let builder = XAPIStatementBuilder(profile: XAPIProfile(), recordsID: try store.recordsID())
        var sync = StatementSync(store: store, client: server.client, builder: builder, batchSize: 20)

        // The LRS dies once it has acknowledged the first batch.
        sync.acknowledged = { batch in if batch == 1 { server.kill() } }
        #expect(throws: LRSError.self) { try sync.run() }
        #expect(try store.queuedCount() == expected.count - 20)
        do {
            _ = try sync.run()
            Issue.record("sent to a dead LRS")
        } catch let error as LRSError {
            guard case .cannotConnect = error else {
                Issue.record("\(error)")
                return
            }
            #expect(error.description.contains("is it running?"))
        }
        #expect(try store.queuedCount() == expected.count - 20)

        // Back up; this time her2sim "crashes" after the LRS stored a batch but before the outbox
        // forgot it: the next sync sends that batch again.
        try server.start()
        sync.acknowledged = { batch in if batch == 2 { throw CancellationError() } }
        #expect(throws: CancellationError.self) { try sync.run() }
        #expect(try store.queuedCount() == expected.count - 40)
        sync.acknowledged = { _ in }
        let summary = try sync.run()
        #expect(summary.remaining == 0)
        #expect(summary.sent == expected.count - 40)

        let ids = try server.statements().compactMap { $0["id"] as? String }
        #expect(ids.count == expected.count)
        #expect(Set(ids) == Set(expected))
    }
}
