import Foundation
import GRDB
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// Records written by the previous version (schema v3, with management events) still load,
/// report and re-grade.
@Suite("Records: a schema v3 file with management decisions from the previous version")
struct OldRecordsTests {
    typealias Support = RecordsTestSupport

    static let fixture = Support.repositoryRoot
        .appendingPathComponent("Tests/Her2SimRecordsTests/Fixtures/v3-management-records.sql")

    /// The fixture's dump restored into a new records file.
    static func database(_ name: String = #function) throws -> URL {
        let url = Support.scratchDatabase(name)
        let dump = try String(contentsOf: fixture, encoding: .utf8)
        let queue = try DatabaseQueue(path: url.path)
        try queue.inDatabase { db in try db.execute(sql: dump) }
        try queue.close()
        return url
    }

    @Test("it opens, its management events decode, and the report carries them as recorded")
    func loadsAndReports() throws {
        let store = try RecordStore(url: try Self.database())
        defer { try? store.close() }
        let recorded = try store.recordedSessions()
        #expect(recorded.count == 3)
        let managed = recorded.flatMap { session in
            session.events.compactMap { event -> String? in
                if case .managed(_, let action, _, _, _, _) = event { action } else { nil }
            }
        }
        #expect(managed == ["hold", "reduce", "discontinue"])

        let builder = ManagementRecordsTests.builder
        let report = try builder.report(store: store)
        let notes = report.sessions.compactMap(\.note)
        #expect(report.sessions.allSatisfy { $0.replayed }, "\(notes)")
        #expect(report.sessions.map { $0.managements.map(\.action) } == [["hold"], ["reduce"], ["discontinue"]])
        #expect(
            report.sessions.map { $0.managements.map(\.tier) } == [[.conditional], [.preferred], [.notRecommended]])
        #expect(report.sessions.flatMap(\.managements).allSatisfy { $0.row == "her2climb-hfs-3" && $0.turnID == "t2" })
        // The unfinished session's score so far counts its management decision (10 + 4).
        #expect(report.sessions[0].score == 14 && report.sessions[0].maximum == 20)
        #expect(report.sessions[1].score == 34 && report.sessions[2].score == 28)
        #expect(report.sessions[1].decisions.first?.confidence == 80)
        // hfs-grading: five regimen decisions (t1 ×3, t3 ×2) and three management decisions.
        let figure = try #require(report.cohort.objectives.first { $0.objective.id == "hfs-grading" })
        #expect(figure.decisions == 8)
        #expect(report.cohort.management.decisions == 3)
    }

    @Test("every decision replays and re-grades with today's tables; none has changed")
    func regrades() throws {
        let store = try RecordStore(url: try Self.database())
        defer { try? store.close() }
        let builder = ManagementRecordsTests.builder
        let result = builder.regrade(try store.recordedSessions())
        #expect(result.notReplayed.isEmpty)
        #expect(result.checked == 10)
        #expect(result.checkedManagements == 3)
        #expect(result.changed.isEmpty, "\(result.changed)")
    }

    @Test("report --regrade and --format csv read it through the command line")
    func commandLine() throws {
        let binary = try #require(Support.product("her2sim"))
        let root = Support.repositoryRoot
        let options = [
            "--db", try Self.database().path, "--scoring", root.appendingPathComponent("Scoring").path,
            "--cases", root.appendingPathComponent("Cases").path,
        ]
        let regrade = try Support.run(binary, ["report", "--regrade"] + options)
        #expect(regrade.status == 0, "\(regrade.stderr)")
        #expect(
            regrade.stdout.hasPrefix("Re-graded 10 recorded decisions (3 management) with today's rules"),
            "\(regrade.stdout)")
        let csv = try Support.run(binary, ["report", "--format", "csv"] + options)
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.components(separatedBy: "\r\n").filter {
            $0.hasSuffix(",") || $0.contains(",management,")
        }
        let management = rows.filter { $0.contains(",management,") }
        #expect(management.count == 3, "\(csv.stdout)")
        #expect(management.contains { $0.hasSuffix(",management,discontinue,") })
    }
}
