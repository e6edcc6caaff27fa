import Foundation
import Testing

@testable import Her2SimCore

/// The linter's "does the text cite this trial?" check is a hand-written byte scan (for speed);
/// the regular expression it replaced is kept here as the oracle.
@Suite("Linter: whole-word trial mentions")
struct LinterMentionsTests {
    static func oracle(_ text: String, _ id: String) -> Bool {
        let pattern = id.split(separator: "-").map { NSRegularExpression.escapedPattern(for: String($0)) }.joined(
            separator: "[- ]")
        let regex = try! NSRegularExpression(
            pattern: "(?<![A-Za-z0-9-])\(pattern)(?![A-Za-z0-9]|-[A-Za-z0-9])", options: [.caseInsensitive])
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    @Test(
        "documented examples",
        arguments: [
            ("After GBG 26, she…", "GBG-26", true),
            ("after gbg-26.", "GBG-26", true),
            ("HER2CLIMB-BM showed", "HER2CLIMB", false),
            ("HER2CLIMB- the trial", "HER2CLIMB", true),
            ("the HER2CLIMB regimen", "HER2CLIMB", true),
            ("xHER2CLIMB", "HER2CLIMB", false),
            ("-HER2CLIMB", "HER2CLIMB", false),
            ("HER2CLIMB2", "HER2CLIMB", false),
            ("DESTINY-Breast03", "DESTINY-BREAST03", true),
            ("destiny breast 03", "DESTINY-BREAST03", false),
            ("éHER2CLIMB", "HER2CLIMB", true),
        ])
    func examples(text: String, id: String, expected: Bool) {
        #expect(CaseLinter.mentions(text, id) == expected)
        #expect(Self.oracle(text, id) == expected)
    }

    @Test("agrees with the regular expression on 20,000 random texts")
    func agreesWithOracle() {
        var generator = SeededGenerator(seed: 2026)
        let ids = ["GBG-26", "HER2CLIMB", "DESTINY-BREAST03", "A-B-C", "EMILIA"]
        let pieces = [
            "GBG", "26", "-", " ", "her2climb", "HER2CLIMB", "x", "9", "é", "destiny", "breast03", "a", "b", "c",
            "emilia", "EMILIA", "\n", ".", "--",
        ]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            let id = ids.randomElement(using: &generator)!
            #expect(CaseLinter.mentions(text, id) == Self.oracle(text, id), "text \(text.debugDescription), id \(id)")
        }
    }
}
