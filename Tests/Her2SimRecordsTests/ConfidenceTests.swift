import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// "How sure are you?": stored beside the log, and the calibration reports built from it.
@Suite("Records: confidence and calibration")
struct ConfidenceTests {
    typealias Support = RecordsTestSupport

    func decision(_ turn: Int, _ tier: Tier, best: Tier = .preferred, confidence: Int?) -> DecisionReport {
        DecisionReport(
            turn: turn, turnID: "t\(turn + 1)", choice: "c\(turn)", tier: tier, points: 0, maximumPoints: 10,
            unsafe: false, reference: "r", referenceTier: best, objectives: [], missedRules: [],
            choiceRules: [], recorded: true, confidence: confidence)
    }

    func session(_ id: Int64, _ learner: String, _ decisions: [DecisionReport]) -> SessionReport {
        SessionReport(
            id: SessionID(id), learner: learner, caseID: "hb-401", caseTitle: nil, seed: 1, started: Support.march1,
            score: 0, maximum: 30, finished: true, decisions: decisions, replayed: true, note: nil)
    }

    @Test("Brier score, reliability bands and the confidently wrong decisions")
    func calibration() throws {
        let sessions = [
            session(
                1, "ana",
                [
                    decision(0, .preferred, confidence: 90), decision(1, .contraindicated, confidence: 85),
                    decision(2, .recommended, best: .recommended, confidence: 30),
                ]),
            session(2, "bo", [decision(0, .notRecommended, confidence: 80), decision(1, .preferred, confidence: nil)]),
        ]
        let report = CalibrationReport(sessions)
        #expect(report.decisions == 4)
        // (0.9−1)² + (0.85−0)² + (0.3−1)² + (0.8−0)² = 0.01 + 0.7225 + 0.49 + 0.64
        #expect(abs(try #require(report.brier) - 1.8625 / 4) < 1e-12)
        let top = try #require(report.bands.last)
        #expect(top.lower == 80 && top.decisions == 3)
        #expect(abs(try #require(top.fractionCorrect) - 1.0 / 3) < 1e-12)
        #expect(report.bands[1].decisions == 1 && report.bands[1].fractionCorrect == 1)
        #expect(report.bands[0].decisions == 0 && report.bands[0].fractionCorrect == nil)
        #expect(report.confidentlyWrong.map(\.learner) == ["ana", "bo"])
        #expect(report.confidentlyWrong.map(\.tier) == [.contraindicated, .notRecommended])
        #expect(CalibrationReport([]).brier == nil)
    }

    @Test(
        "play --confidence on asks after each choice, before the verdict; 'choose X 80' answers in one line; report --format json shows it"
    )
    func throughTheCLI() throws {
        let binary = try #require(Support.product("her2sim"))
        let root = Support.repositoryRoot
        let database = Support.scratchDatabase()
        let common = [
            "--db", database.path, "--scoring", root.appendingPathComponent("Scoring").path,
            "--cases", root.appendingPathComponent("Cases").path,
        ]
        let script = Support.scratchDirectory().appendingPathComponent("play.txt")
        try Data("choose tdm1 90\nchoose clinical-trial\n75\nchoose trastuzumab-eribulin\n\nquit\n".utf8).write(
            to: script)
        let played = try Support.run(
            binary,
            [
                "play", "hb-401", "--seed", "7", "--learner", "ana", "--confidence", "on",
                "--script", script.path,
            ] + common)
        #expect(played.status == 0, "\(played.stderr)")
        let question = "How sure are you? (0–100, Enter to skip)"
        #expect(played.stdout.components(separatedBy: question).count == 3, "\(played.stdout)")
        // The question comes before the verdict of its choice.
        let asked = try #require(played.stdout.range(of: question))
        let verdict = try #require(played.stdout.range(of: "You chose Clinical trial"))
        #expect(asked.lowerBound < verdict.lowerBound)

        let report = try Support.run(binary, ["report", "--format", "json"] + common)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let sessions = try #require(json["sessions"] as? [[String: Any]])
        let decisions = try #require(sessions.first?["decisions"] as? [[String: Any]])
        #expect(decisions.map { $0["confidence"] as? Int } == [90, 75, nil])
        let calibration = try #require((json["calibration"] as? [String: Any])?["cohort"] as? [String: Any])
        #expect(calibration["decisions"] as? Int == 2)
        #expect(calibration["brier"] as? Double != nil)

        // Piped without --confidence: no question (scripted play stays as it was).
        let quiet = try Support.run(binary, ["play", "hb-401", "--seed", "7", "--script", script.path] + common)
        #expect(!quiet.stdout.contains(question))
    }
}
