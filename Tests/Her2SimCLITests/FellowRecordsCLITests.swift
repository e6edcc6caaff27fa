import Foundation
import Testing

/// A fellow's records from the REPL: restart leaves no empty session, `progress` shows hers,
/// leaving mid-case names the command that resumes it, and `resume` without a learner lists
/// what can be resumed.
@Suite("A fellow's records in the REPL")
struct FellowRecordsCLITests {
    final class Scratch {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-fellow-\(UUID().uuidString)")
        var database: String { directory.appendingPathComponent("records.sqlite").path }
        init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: directory) }

        func script(_ name: String, _ lines: String) throws -> String {
            let url = directory.appendingPathComponent(name)
            try lines.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }

        func sessions(learner: String? = nil) throws -> [[String: Any]] {
            let report = try CLI.run(
                ["report", "--db", database, "--format", "json"] + (learner.map { ["--learner", $0] } ?? []))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
            return try #require(json["sessions"] as? [[String: Any]])
        }
    }

    @Test("restart and starting another case leave no session without a decision behind")
    func restartLeavesNoEmptySession() throws {
        let scratch = try Scratch()
        let script = try scratch.script(
            "s", "restart\nrestart\nchoose tdm1\nrestart\nstart hb-403 seed 2\nstart hb-407 seed 3\nchoose tdxd\nquit\n"
        )
        let played = try CLI.run([
            "play", "hb-401", "--seed", "5", "--learner", "ana", "--db", scratch.database, "--script", script,
        ])
        #expect(played.status == 0, "\(played.stderr)")
        let sessions = try scratch.sessions()
        // hb-401 with tdm1 (then restarted: that one had a decision, so it stays), hb-407 with tdxd.
        #expect(sessions.compactMap { $0["case"] as? String } == ["hb-401", "hb-407"], "\(sessions)")
        #expect(sessions.allSatisfy { ($0["decisions"] as? [Any])?.isEmpty == false })
        #expect(
            played.stdout.hasSuffix(
                "to continue where you stopped:\n  her2sim resume \(sessions.last?["id"].map { "\($0)" } ?? "?") --db \(scratch.database)\n"
            ),
            "\(played.stdout.suffix(200))")
    }

    @Test("progress in the REPL lists the learner's sessions by case, and means per case and objective")
    func progressInTheRepl() throws {
        let scratch = try Scratch()
        let first = try scratch.script("a", "choose tdm1\nchoose clinical-trial\nchoose trastuzumab-eribulin\nquit\n")
        _ = try CLI.run([
            "play", "hb-401", "--seed", "5", "--learner", "ana", "--db", scratch.database, "--script", first,
        ])
        _ = try CLI.run([
            "play", "hb-403", "--seed", "5", "--learner", "ben", "--db", scratch.database,
            "--script", try scratch.script("b", "choose tdxd\nquit\n"),
        ])
        let shown = try CLI.run([
            "play", "--learner", "ana", "--db", scratch.database,
            "--script", try scratch.script("c", "progress\nreport\nquit\n"),
        ])
        #expect(shown.status == 0, "\(shown.stderr)")
        let text = try #require(shown.stdout.components(separatedBy: "her2sim> progress\n").dropFirst().first)
        #expect(text.contains("Progress of ana — 1 session, 1 finished"), "\(text)")
        #expect(text.contains("hb-401"))
        #expect(!text.contains("hb-403"), "another learner's session is not hers")
        #expect(text.contains("Mean score per case"))
        #expect(text.contains("Mean score per objective"))
        #expect(text.contains("Offer a clinical trial to a heavily pretreated patient"))
        #expect(text.components(separatedBy: "Progress of ana").count == 3, "report is progress too")
        #expect(ScreenWidthTests.overWide(text).isEmpty)
    }

    @Test("resume without a learner lists the unfinished sessions and how to resume one")
    func resumeListsUnfinished() throws {
        let scratch = try Scratch()
        let one = try scratch.script("one", "choose tdm1\nquit\n")
        _ = try CLI.run([
            "play", "hb-401", "--seed", "5", "--learner", "ana", "--db", scratch.database, "--script", one,
        ])
        _ = try CLI.run([
            "play", "hb-402", "--seed", "5", "--learner", "ben", "--db", scratch.database, "--script", one,
        ])
        let result = try CLI.run(["resume", "--db", scratch.database], environment: ["HER2SIM_LEARNER": ""])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("error: no unfinished session without a learner name in ") == true,
            "\(result.stderr)")
        #expect(
            lines.contains {
                $0.contains("learner") && $0.contains("case") && $0.contains("turn") && $0.contains("started")
            })
        #expect(
            lines.contains { $0.contains("#2") && $0.contains("ben") && $0.contains("hb-402") && $0.contains("t2") })
        #expect(
            lines.contains { $0.contains("#1") && $0.contains("ana") && $0.contains("hb-401") && $0.contains("t2") })
        #expect(
            lines.last
                == "Resume one with: her2sim resume 2 --db \(scratch.database) (or: her2sim resume --learner ben)")
        // The suggested command works.
        let resumed = try CLI.run([
            "resume", "2", "--db", scratch.database, "--script", try scratch.script("q", "quit\n"),
        ])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("Resuming hb-402 (seed 5) after 1 decision"))
    }
}
