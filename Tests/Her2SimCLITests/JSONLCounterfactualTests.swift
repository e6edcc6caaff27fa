import Foundation
import Testing

/// The `end` object of `play --format jsonl` carries the counterfactual the summary screen
/// shows (issue 13, deliverables 4 and 6): the same patient under both sequences, then the
/// 1,000 simulated patients — never a placeholder of its own.
@Suite("jsonl end counterfactual")
struct JSONLCounterfactualTests {
    static let caseID = "hb-407", seed = 2026
    static let choices = ["tdxd", "tdxd", "tucatinib-trastuzumab-capecitabine"]

    static func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-jsonl-cf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func jsonl(_ caseID: String, seed: Int, choices: [String], extra: [String] = []) throws -> String {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("choices.txt")
        try choices.map { "choose \($0)\n" }.joined().write(to: script, atomically: true, encoding: .utf8)
        let result = try CLI.run(
            [
                "play", caseID, "--seed", String(seed), "--script", script.path, "--format", "jsonl",
                "--scoring", CLI.scoring.path,
            ] + extra)
        #expect(result.status == 0, "\(caseID): \(result.stderr)")
        return result.stdout
    }

    static func end(_ output: String) throws -> [String: Any] {
        let last = try #require(output.split(separator: "\n").last)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(object["type"] as? String == "end")
        return object
    }

    static func text(_ caseID: String, seed: Int, choices: [String]) throws -> String {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("commands")
        try (choices.map { "choose \($0)\n" }.joined() + "quit\n").write(to: script, atomically: true, encoding: .utf8)
        let result = try CLI.run(
            [
                "play", caseID, "--seed", String(seed), "--script", script.path,
                "--scoring", CLI.scoring.path,
            ], environment: ["HER2SIM_LEARNER": ""])
        #expect(result.status == 0, "\(caseID): \(result.stderr)")
        return result.stdout
    }

    /// The numbers of a row of the summary screen that starts with `label`, in order.
    static func numbers(_ row: Substring) -> [Double] {
        row.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
    }

    static func tenths(_ value: Any?) -> Double? {
        (value as? Double ?? (value as? Int).map(Double.init)).map { ($0 * 10).rounded() / 10 }
    }

    /// The screen rounds the exact figure to tenths, the jsonl to hundredths: the two agree
    /// within half a tenth (1.049 is "1.0" on screen and 1.05 in the jsonl).
    static func agrees(_ value: Any?, _ shown: Double) -> Bool {
        guard let number = value as? Double ?? (value as? Int).map(Double.init) else { return false }
        return abs(number - shown) <= 0.05 + 1e-9
    }

    @Test("the end object holds the summary screen's comparison, same patient and population")
    func matchesSummaryScreen() throws {
        let end = try Self.end(try Self.jsonl(Self.caseID, seed: Self.seed, choices: Self.choices))
        let counterfactual = try #require(end["counterfactual"] as? [String: Any])
        let same = try #require(counterfactual["same-patient"] as? [String: Any])
        let you = try #require(same["you"] as? [String: Any])
        let reference = try #require(same["reference"] as? [String: Any])
        #expect(you["regimens"] as? [String] == Self.choices)
        let referenceRegimens = try #require(reference["regimens"] as? [String])
        #expect(!referenceRegimens.isEmpty && referenceRegimens != Self.choices)
        let population = try #require(counterfactual["population"] as? [String: Any])
        #expect(population["patients"] as? Int == 1000)
        let populationYou = try #require(population["you"] as? [String: Any])
        let populationReference = try #require(population["reference"] as? [String: Any])

        // The same figures as the screen, row by row: "You  8.7 months  1  11/30" and
        // "You  48.5 (28.8–75.7)  1.4 (1.2), 0–6".
        let screen = try Self.text(Self.caseID, seed: Self.seed, choices: Self.choices)
        let youRows = screen.split(separator: "\n").filter { $0.hasPrefix("  You ") }
        let referenceRows = screen.split(separator: "\n").filter { $0.hasPrefix("  Reference ") }
        let sameRow = try #require(youRows.first { $0.contains("months") })
        // The same-patient row has "months" and a score "92% (34/37)"; the population row neither.
        let populationRow = try #require(youRows.first { $0.contains("(") && !$0.contains("months") })
        let sameReferenceRow = try #require(referenceRows.first { $0.contains("months") })
        let populationReferenceRow = try #require(referenceRows.first { $0.contains("(") && !$0.contains("months") })
        for (row, object) in [(sameRow, you), (sameReferenceRow, reference)] {
            let figures = Self.numbers(row)
            #expect(Self.agrees(object["months-on-treatment"], figures[0]), "\(row)")
            #expect(object["grade3-toxicities"] as? Int == Int(figures[1]), "\(row)")
        }
        for (row, object) in [(populationRow, populationYou), (populationReferenceRow, populationReference)] {
            let figures = Self.numbers(row)
            let iqr = try #require(object["iqr"] as? [Any])
            #expect(Self.agrees(object["median-months"], figures[0]), "\(row)")
            #expect(Self.agrees(iqr.first, figures[1]) && Self.agrees(iqr.last, figures[2]), "\(row)")
            #expect(Self.agrees(object["toxicities-per-patient"], figures[3]), "\(row)")
        }
    }

    @Test("best supportive care counts no months, and the end object is byte-identical for a seed")
    func supportiveCareAndDeterminism() throws {
        let choices = ["best-supportive-care", "reference", "reference", "reference"]
        let first = try Self.jsonl("hb-404", seed: 3, choices: choices)
        #expect(first == (try Self.jsonl("hb-404", seed: 3, choices: choices)))
        let counterfactual = try #require(try Self.end(first)["counterfactual"] as? [String: Any])
        let you = try #require((counterfactual["same-patient"] as? [String: Any])?["you"] as? [String: Any])
        let lines = try #require(you["lines"] as? [[String: Any]])
        let supportive = try #require(lines.first)
        #expect(supportive["regimen"] as? String == "best-supportive-care")
        #expect(supportive["kind"] as? String == "not-her2-directed")
        #expect((supportive["months"] as? Double ?? (supportive["months"] as? Int).map(Double.init) ?? 0) > 0)
        #expect(Self.tenths(supportive["counted-months"]) == 0)
        let counted = lines.reduce(0.0) { $0 + (Self.tenths($1["counted-months"]) ?? 0) }
        #expect(abs(counted - (Self.tenths(you["months-on-treatment"]) ?? -1)) < 0.1 * Double(lines.count) + 1e-9)
    }

    @Test("--patients sets the population's size; 0 leaves it out and keeps the same patient")
    func patientsOption() throws {
        let full = try Self.end(try Self.jsonl(Self.caseID, seed: Self.seed, choices: Self.choices))
        let few = try Self.end(
            try Self.jsonl(
                Self.caseID, seed: Self.seed, choices: Self.choices,
                extra: ["--patients", "50"]))
        let none = try Self.end(
            try Self.jsonl(
                Self.caseID, seed: Self.seed, choices: Self.choices,
                extra: ["--patients", "0"]))
        func population(_ end: [String: Any]) -> Any? { (end["counterfactual"] as? [String: Any])?["population"] }
        #expect((population(full) as? [String: Any])?["patients"] as? Int == 1_000, "1,000 by default")
        #expect((population(few) as? [String: Any])?["patients"] as? Int == 50)
        #expect(population(none) is NSNull)
        func same(_ end: [String: Any]) -> NSDictionary? {
            ((end["counterfactual"] as? [String: Any])?["same-patient"] as? [String: Any]).map { $0 as NSDictionary }
        }
        #expect(same(none) != nil && same(none) == same(full), "the same patient does not depend on the population")
        let refused = try CLI.run([
            "play", Self.caseID, "--seed", "1", "--format", "jsonl", "--patients", "-3",
            "--script", "/dev/null", "--scoring", CLI.scoring.path,
        ])
        #expect(refused.status != 0 && refused.stderr.contains("--patients"))
    }
}
