import Foundation
import Testing

/// `her2sim calibrate --holdout`, run as a fellow or a script would.
@Suite("CLI: calibrate --holdout")
struct CalibrateCLITests {
    @Test func holdoutAsJSONPredictsTheHeldOutArms() throws {
        let result = try CLI.run(["calibrate", "--holdout", "DESTINY-Breast02", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["holdout"] as? String == "DESTINY-Breast02")
        let arms = try #require(object["arms"] as? [[String: Any]])
        let tdxd = try #require(arms.first { $0["regimen"] as? String == "tdxd" })
        #expect(tdxd["published"] as? Double == 17.8)
        let error = try #require(tdxd["error"] as? Double)
        #expect(abs(error) < 0.2)
        let from = try #require(tdxd["from"] as? [[String: Any]])
        #expect(!from.isEmpty && !from.contains { $0["trial"] as? String == "DESTINY-Breast02" })
    }

    @Test func holdoutTextReportsTheErrorAndIsNotAGate() throws {
        let result = try CLI.run(["calibrate", "--holdout", "th3resa"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("TH3RESA held out"))
        #expect(result.stdout.contains("published 6.2, predicted"))
        // --max-error gates it: no prediction is exact to 0.01 %.
        let gated = try CLI.run(["calibrate", "--holdout", "TH3RESA", "--max-error", "0.01"])
        #expect(gated.status == 1)
        #expect(try CLI.run(["calibrate", "--holdout", "TH3RESA", "--max-error", "20"]).status == 0)
    }

    @Test func holdoutAllHoldsOutEveryTrialInTurn() throws {
        let result = try CLI.run(["calibrate", "--holdout", "all", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let holdouts = try #require(object["holdouts"] as? [[String: Any]])
        let trials = holdouts.compactMap { $0["holdout"] as? String }
        #expect(trials.contains("DESTINY-Breast02") && trials.contains("monarcHER") && trials.contains("TAnDEM"))
        #expect(Set(trials).count == trials.count)
        // Different populations behind one regimen show: TAnDEM is not PATINA (a report, exit 0).
        #expect(try CLI.run(["calibrate", "--holdout", "all", "--max-error", "20"]).status == 1)
    }

    @Test func unknownHoldoutTrialIsAUsageErrorWithADidYouMean() throws {
        let result = try CLI.run(["calibrate", "--holdout", "DESTINY-Breast2"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("did you mean 'DESTINY-Breast02'"))
        #expect(result.stdout.isEmpty)
        #expect(try CLI.run(["calibrate", "--holdout", "TH3RESA", "--trial", "EMILIA"]).status == 64)
        #expect(try CLI.run(["calibrate", "--max-error", "20"]).status == 64)
    }
}

/// `her2sim calibrate` itself, with a small patient count (the full run is in the Core tests).
@Suite("CLI: calibrate")
struct CalibrateSmallCLITests {
    @Test func newTrialsAreCalibratedAndWithinTolerance() throws {
        for trial in ["monarcHER", "TAnDEM"] {
            let result = try CLI.run(["calibrate", "--trial", trial, "--patients", "3000", "--format", "json"])
            #expect(result.status == 0, "\(trial): \(result.stderr)")
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let arms = try #require(object["arms"] as? [[String: Any]])
            #expect(!arms.isEmpty && arms.allSatisfy { $0["trial"] as? String == trial })
            #expect(object["within-tolerance"] as? Bool == true)
        }
        let unknown = try CLI.run(["calibrate", "--trial", "monarcher2", "--patients", "10"])
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("did you mean 'monarcHER'"))
    }
}
