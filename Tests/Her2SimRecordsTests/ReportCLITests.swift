import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// `her2sim report` end to end, with the built binary.
@Suite("Records: her2sim report")
struct ReportCLITests {
    typealias Support = RecordsTestSupport

    static let binary = Support.product("her2sim")

    func report(_ arguments: [String]) throws -> Support.Output {
        let binary = try #require(Self.binary, "the her2sim binary is not beside the test bundle")
        let root = Support.repositoryRoot
        return try Support.run(
            binary,
            ["report"] + arguments + [
                "--scoring", root.appendingPathComponent("Scoring").path, "--cases",
                root.appendingPathComponent("Cases").path,
            ], environment: ["HER2SIM_LEARNER": "", "XDG_DATA_HOME": Support.scratchDirectory("xdg").path])
    }

    /// Two sessions of Alice (one cut after two decisions, as by kill -9) and one of Bo.
    func database() throws -> (url: URL, alice: [Session]) {
        let url = Support.scratchDatabase("cli")
        let store = try RecordStore(url: url)
        let script = Support.script("hb-401")
        let one = Support.play(script, seed: 7, learner: "alice") { recommendation, _ in recommendation.first.regimen }
        let two = Support.play(script, seed: 8, learner: "alice") { recommendation, _ in
            recommendation.options[2].regimen
        }
        let bo = Support.play(Support.script("hb-402"), seed: 9, learner: "bo") { recommendation, _ in
            recommendation.options.last!.regimen
        }
        try store.insertSession(log: one.log, at: Support.march1)
        // Two decisions shown (chose, assessed, advanced twice), then the process died.
        var shown = 0
        var cut = two.log.count
        for (index, event) in two.log.enumerated() {
            if case .advanced = event {
                shown += 1
                if shown == 2 {
                    cut = index + 1
                    break
                }
            }
        }
        try store.insertSession(log: Array(two.log.prefix(cut)), at: Support.march1 + Support.day)
        try store.insertSession(log: bo.log, at: Support.march1 + 2 * Support.day)
        try store.close()
        return (url, [one, two])
    }

    @Test("--format json: the documented shape, each decision listed")
    func json() throws {
        let (url, alice) = try database()
        let output = try report(["--db", url.path, "--learner", "alice", "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let sessions = try #require(object["sessions"] as? [[String: Any]])
        #expect(sessions.count == 2)
        for key in ["id", "learner", "case", "seed", "started", "score", "decisions"] {
            #expect(sessions.allSatisfy { $0[key] != nil }, "\(key)")
        }
        #expect(sessions.map { $0["learner"] as? String } == ["alice", "alice"])
        #expect(sessions.map { $0["started"] as? String } == ["2025-03-01T09:00:00Z", "2025-03-02T09:00:00Z"])
        let cut = try #require(sessions[1]["decisions"] as? [[String: Any]])
        #expect(cut.count == 2)
        for key in ["turn", "choice", "tier", "points", "reference"] {
            #expect(cut.allSatisfy { $0[key] != nil }, "\(key)")
        }
        let expected = alice[1].decisions.prefix(2)
        #expect(cut.map { $0["choice"] as? String } == expected.map(\.assessment.choice.rawValue))
        #expect(cut.map { $0["points"] as? Int } == expected.map(\.assessment.points))
        #expect(cut.map { $0["turn"] as? Int } == expected.map { $0.turn + 1 })
        #expect(sessions[0]["score"] as? Int == alice[0].score)
        let cohort = try #require(object["cohort"] as? [String: Any])
        for key in ["cases", "objectives", "missed-rules", "unsafe-choices", "progress"] {
            #expect(cohort[key] != nil, "\(key)")
        }
    }

    @Test("--format csv: a header and one row per decision")
    func csv() throws {
        let (url, alice) = try database()
        let output = try report(["--db", url.path, "--format", "csv", "--learner", "alice"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\r\n")
        #expect(lines.first?.hasPrefix("session,learner,case,seed,started,finished,score,maximum,turn,") == true)
        #expect(lines.count == 1 + alice[0].decisions.count + 2)
    }

    @Test("text: sessions per learner, then the cohort")
    func text() throws {
        let (url, _) = try database()
        let output = try report(["--db", url.path])
        #expect(output.status == 0, "\(output.stderr)")
        for heading in [
            "Sessions", "alice", "bo", "Cohort", "Mean score per case", "Mean score per objective",
            "Rules most often missed", "Unsafe choices", "Progress",
        ] {
            #expect(output.stdout.contains(heading), "\(heading)")
        }
        #expect(!output.stdout.contains("\u{1B}["))
    }

    @Test("--since filters by day and refuses anything but YYYY-MM-DD")
    func since() throws {
        let (url, _) = try database()
        let later = try report(["--db", url.path, "--since", "2025-03-02", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as? [String: Any])
        #expect((object["sessions"] as? [Any])?.count == 2)
        for bad in ["2025-02-30", "March 1", "2025-3-1", "yesterday"] {
            let output = try report(["--db", url.path, "--since", bad])
            #expect(output.status == 64, "\(bad)")
            #expect(output.stderr.contains("--since expects a day as YYYY-MM-DD"), "\(output.stderr)")
        }
    }

    @Test("a foreign file: exit 1, named, untouched; a missing file: an empty report, nothing created")
    func badDatabases() throws {
        let directory = Support.scratchDirectory()
        let foreign = directory.appendingPathComponent("thesis.docx")
        let data = Data("PK\u{3}\u{4} not a database at all, but somebody's thesis".utf8)
        try data.write(to: foreign)
        let output = try report(["--db", foreign.path])
        #expect(output.status == 1)
        #expect(output.stderr.contains(foreign.path))
        #expect(try Data(contentsOf: foreign) == data)

        let missing = directory.appendingPathComponent("none/records.sqlite")
        let empty = try report(["--db", missing.path, "--format", "json"])
        #expect(empty.status == 0)
        #expect(empty.stdout.hasPrefix(#"{"sessions": [], "cohort": {"#))
        #expect(!FileManager.default.fileExists(atPath: missing.path))
    }
}
