import Foundation
import Testing

/// `play` records every decision; `report` sees them; `resume` continues from the log.
@Suite("Play, records and resume end to end")
struct RecordsPlayCLITests {
    @Test func decisionsAreRecordedAndTheSessionResumes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("records.sqlite").path
        let firstTwo = directory.appendingPathComponent("first")
        try "choose tdm1\nchoose clinical-trial\n".write(to: firstTwo, atomically: true, encoding: .utf8)
        let played = try CLI.run([
            "play", "hb-401", "--seed", "5", "--learner", "Kim", "--db", database, "--script", firstTwo.path,
        ])
        #expect(played.status == 0, "stderr: \(played.stderr)")
        #expect(played.stdout.contains("decision 3 of 3"))

        let report = try CLI.run(["report", "--learner", "Kim", "--db", database, "--format", "json"])
        #expect(report.status == 0, "stderr: \(report.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        #expect(sessions.count == 1)
        let decisions = try #require(sessions.first?["decisions"] as? [[String: Any]])
        #expect(decisions.compactMap { $0["choice"] as? String } == ["tdm1", "clinical-trial"])

        let rest = directory.appendingPathComponent("rest")
        try "score\nchoose trastuzumab-eribulin\nquit\n".write(to: rest, atomically: true, encoding: .utf8)
        let resumed = try CLI.run(["resume", "--learner", "Kim", "--db", database, "--script", rest.path])
        #expect(resumed.status == 0, "stderr: \(resumed.stderr)")
        #expect(resumed.stdout.contains("Resuming hb-401 (seed 5) after 2 decisions"))
        #expect(resumed.stdout.contains("Total: 20 of 20 points so far"))
        #expect(resumed.stdout.contains("Summary · hb-401"))

        let nothingLeft = try CLI.run(["resume", "--learner", "Kim", "--db", database, "--script", rest.path])
        #expect(nothingLeft.status == 1)
        #expect(nothingLeft.stderr.contains("no unfinished session for Kim"))
    }

    @Test("resume refuses --seed: the stored session keeps its own, and nothing is started")
    func resumeRefusesASeed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-records-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("records.sqlite").path
        let result = try CLI.run(["resume", "--seed", "9", "--db", database])
        #expect(result.status == 64, "stderr: \(result.stderr)")
        #expect(
            result.stderr.contains(
                "--seed 9 cannot apply to 'resume': a stored session continues with the seed it was started with"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: database), "no records file is created")
    }
}
