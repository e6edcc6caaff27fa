import Foundation
import Testing

/// `at-month:` in `play --format jsonl`: the event sits at its month in the interval's events, a
/// progression ends the line then (interval, history and the engine's paragraph agree), and an
/// event whose month the line never reached is absent.
@Suite("at-month in jsonl transcripts")
struct AtMonthCLITests {
    static let caseText = """
        id: hb-901
        title: Guards
        summary: A test case.
        difficulty: introductory
        minutes: 5
        objectives:
          - id: o1
            text: Something
        references: [HER2CLIMB]
        patient: {age: 50, ecog: 1, hormone-receptor: negative, lvef: 60, sites: [liver]}
        history:
          - {regimen: thp, months: 20, response: partial, stopped: progression}
        turns:
          - narrative: She progresses.
            decide: regimen
            objectives: [o1]
            teaching: First.

          - narrative: Later.
            events:
              - trial-available: true
                at-month: 0.5
              - ecog: 2
                at-month: 200
              - progression: {new-sites: [lung]}
                at-month: 1
            decide: regimen
            teaching: T.

        """

    @Test func timelineHistoryAndTextAgree() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-at-month-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.caseText.write(to: directory.appendingPathComponent("hb-901.yaml"), atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("choices.txt")
        try "choose tdxd\nchoose tdm1\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "play", "hb-901", "--cases", directory.path, "--seed", "5", "--script", script.path,
            "--format", "jsonl", "--scoring", CLI.scoring.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let decision = try #require(lines.first { $0["type"] as? String == "decision" && $0["turn"] as? Int == 2 })
        let interval = try #require(decision["interval"] as? [String: Any])
        let events = try #require(interval["events"] as? [[String: Any]])
        let trial = try #require(events.first { $0["kind"] as? String == "trial-available" })
        #expect(trial["month"] as? Double == 0.5)
        let progression = try #require(events.first { $0["kind"] as? String == "progression" })
        #expect(progression["month"] as? Double == 1)
        #expect(interval["months"] as? Double == 1)
        #expect(interval["stopped"] as? String == "progression")
        #expect(!events.contains { $0["kind"] as? String == "ecog" }, "month 200 is after the line ended")
        #expect(!events.contains { ($0["month"] as? Double ?? 0) > 1 })
        let history = try #require(decision["history"] as? [[String: Any]])
        #expect(history.last?["regimen"] as? String == "tdxd")
        #expect(history.last?["months"] as? Double == 1)
        let text = try #require(decision["interval-text"] as? String)
        #expect(
            text.contains("for 1 month") && text.contains("In month 1 restaging showed progression with new lung"),
            "\(text)")
    }
}
