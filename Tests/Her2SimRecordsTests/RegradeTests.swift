import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// `report --regrade`: old decisions re-scored with today's rules.
@Suite("Records: re-grading with today's rules")
struct RegradeTests {
    typealias Support = RecordsTestSupport

    @Test("a rule edited in a copy of Scoring/: report --regrade lists the decision whose tier changed, with the rule")
    func editedRule() throws {
        let binary = try #require(Support.product("her2sim"))
        let root = Support.repositoryRoot
        let scoring = Support.scratchDirectory().appendingPathComponent("Scoring")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Scoring"), to: scoring)
        let database = Support.scratchDatabase()
        let cases = ["--cases", root.appendingPathComponent("Cases").path, "--db", database.path]
        let commands = root.appendingPathComponent("Tests/Her2SimCLITests/Golden/hb-401-seed-7.commands")
        let played = try Support.run(
            binary,
            [
                "play", "hb-401", "--seed", "7", "--learner", "ana", "--script", commands.path,
                "--scoring", scoring.path,
            ] + cases)
        #expect(played.status == 0, "\(played.stderr)")
        let store = try RecordStore(url: database)
        let recordedBase = try #require(try store.sessions().first?.knowledgeBase)
        #expect(recordedBase.count == 64)
        try store.close()

        // Unchanged rules: nothing changes.
        let same = try Support.run(binary, ["report", "--regrade", "--scoring", scoring.path] + cases)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.hasPrefix("Re-graded 3 recorded decisions with today's rules"), "\(same.stdout)")
        #expect(same.stdout.contains(": 0 changed tier."))

        // The expert panel's T-DM1 after HER2CLIMB drops from preferred to recommended.
        let rules = scoring.appendingPathComponent("rules.yaml")
        var text = try String(contentsOf: rules, encoding: .utf8)
        let start = try #require(text.range(of: "  - id: after-her2climb-tdm1\n"))
        let end = try #require(text.range(of: "\n  - id: ", range: start.upperBound..<text.endIndex))
        let edited = text[start.lowerBound..<end.lowerBound].replacingOccurrences(
            of: "tier: preferred", with: "tier: recommended")
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: edited)
        try Data(text.utf8).write(to: rules)

        let changed = try Support.run(
            binary, ["report", "--regrade", "--format", "json", "--scoring", scoring.path] + cases)
        #expect(changed.status == 0, "\(changed.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: Any])
        #expect(json["checked"] as? Int == 3)
        let list = try #require(json["changed"] as? [[String: Any]])
        #expect(list.count == 1, "\(changed.stdout)")
        let first = try #require(list.first)
        #expect(first["choice"] as? String == "tdm1")
        #expect(first["recorded-tier"] as? String == "preferred")
        #expect(first["tier"] as? String == "recommended")
        #expect((first["rules"] as? [String])?.contains("after-her2climb-tdm1") == true, "\(first)")
        #expect(first["recorded-knowledge-base"] as? String == recordedBase)
        #expect(json["knowledge-base"] as? String != recordedBase)

        let text2 = try Support.run(binary, ["report", "--regrade", "--scoring", scoring.path] + cases)
        #expect(text2.stdout.contains("ana hb-401 t1 (session #1): tdm1 preferred → recommended"), "\(text2.stdout)")
        #expect(text2.stdout.contains("rule after-her2climb-tdm1:"))
    }
}
