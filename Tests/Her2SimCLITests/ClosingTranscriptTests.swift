import Foundation
import Testing

/// `play --format jsonl` after a branch that ends the case and after a trial chosen with none
/// open (issue 13, X1 and X2): the transcript says what the closing words and the choice allow.
@Suite("jsonl: closing branches and unavailable trials")
struct ClosingTranscriptTests {
    @Test("an end branch's events close the transcript, undated, with no course length")
    func closingInterval() throws {
        let lines = try StoryCoherenceTests.transcript(
            "hb-402", seed: 1,
            choices: ["tucatinib-trastuzumab-capecitabine"])
        let end = try #require(lines.last)
        #expect(end["type"] as? String == "end")
        let interval = try #require(end["interval"] as? [String: Any], "the branch's events are lost")
        #expect(interval["closing"] as? Bool == true)
        #expect(interval["months"] is NSNull)
        let events = interval["events"] as? [[String: Any]] ?? []
        #expect(events.compactMap { $0["toxicity"] as? String } == ["diarrhea", "neutropenia"])
        #expect(events.allSatisfy { $0["month"] is NSNull })
        #expect((end["interval-text"] as? String)?.isEmpty == true)
    }

    @Test("a trial with none open is given as best supportive care, and says what was chosen")
    func unavailableTrial() throws {
        let choices = ["tucatinib-trastuzumab-capecitabine", "clinical-trial"]
        let lines = try StoryCoherenceTests.transcript("hb-415", seed: 1, choices: choices)
        let decision = try #require(lines.last { $0["type"] as? String == "decision" })
        let interval = try #require(decision["interval"] as? [String: Any])
        #expect(interval["regimen"] as? String == "best-supportive-care")
        #expect(interval["chosen"] as? String == "clinical-trial")
        let history = decision["history"] as? [[String: Any]] ?? []
        #expect(history.last?["regimen"] as? String == "best-supportive-care")
        #expect((decision["interval-text"] as? String)?.hasPrefix("No clinical trial was open to her") == true)
        #expect(StoryCoherenceTests.findings(lines, label: "hb-415").isEmpty)
    }
}
