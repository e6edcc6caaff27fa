import Foundation
import Testing

@testable import Her2SimCore

/// The linter's prose checks (brain mentions, LVEF and ECOG figures) scan bytes for speed; the
/// Foundation versions they replaced are kept here as oracles.
@Suite("Linter: prose checks")
struct LinterProseTests {
    static func affirmsBrainOracle(_ text: String) -> Bool {
        let flattened = text.lowercased().replacingOccurrences(of: "\n", with: " ")
        let sentences = flattened.components(separatedBy: CharacterSet(charactersIn: ".;!?"))
        let negations = [
            "no brain", "without brain", "free of brain", "no intracranial", "no evidence of", "no metasta",
            "no cns", "normal", "unremarkable", "negative for", "is clear", "was clear", "remains clear",
            "no new brain", "no lesions",
        ]
        return sentences.contains { sentence in
            sentence.contains("brain") && !negations.contains { sentence.contains($0) }
        }
    }

    static func numbersOracle(after labels: [String], in text: String, maximumDigits: Int) -> [Int] {
        var values: [Int] = []
        let lower = text.lowercased()
        for label in labels {
            var searchStart = lower.startIndex
            while let range = lower.range(of: label.lowercased(), range: searchStart..<lower.endIndex) {
                searchStart = range.upperBound
                var rest = lower[range.upperBound...].drop { " :=".contains($0) }
                for filler in [
                    "performance status ", "ps ", "of ", "is ", "was ", "now ", "at ", "has fallen to ", "fell to ",
                    "down to ",
                ] where rest.hasPrefix(filler) {
                    rest = rest.dropFirst(filler.count)
                }
                let digits = rest.prefix { $0.isNumber }
                if !digits.isEmpty, digits.count <= maximumDigits, let value = Int(digits) {
                    values.append(value)
                }
            }
        }
        return values
    }

    @Test(
        "examples",
        arguments: [
            ("New headaches; MRI shows two brain lesions.", true),
            ("MRI of the brain is normal.", false),
            ("No brain metastases. Liver grows.", false),
            ("Brain MRI\\nis unremarkable; the BRAIN was never involved!", true),
            ("", false),
        ])
    func brainExamples(text: String, expected: Bool) {
        let text = text.replacingOccurrences(of: "\\n", with: "\n")
        #expect(CaseLinter.affirmsBrain(text) == expected)
        #expect(Self.affirmsBrainOracle(text) == expected)
    }

    @Test(
        "figures after labels",
        arguments: [
            ("LVEF 45% and later LVEF of 50", [45, 50]),
            ("Her ejection fraction has fallen to 38%.", [38]),
            ("ECOG performance status 2", [2]),
            ("ECOG: 12", []),
            ("lvef=100", []),
        ])
    func figureExamples(text: String, expected: [Int]) {
        let labels = text.contains("ECOG") ? ["ECOG"] : ["LVEF", "ejection fraction"]
        let digits = labels == ["ECOG"] ? 1 : 2
        #expect(CaseLinter.numbers(after: labels, in: text, maximumDigits: digits) == expected)
        #expect(Self.numbersOracle(after: labels, in: text, maximumDigits: digits) == expected)
    }

    @Test("agree with the Foundation versions on 20,000 random texts")
    func agreeWithOracles() {
        var generator = SeededGenerator(seed: 11)
        let pieces = [
            "brain", "Brain", "no ", "normal", "MRI", ".", ";", "!", "?", " ", "\n", "LVEF", "lvef", "ECOG",
            "ejection fraction", " of ", " is ", "=", ":", "4", "5", "55", "123", "ps ", "now ", "é", "clear",
            "was clear", "without ", "metasta", "fell to ", "x",
        ]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...10, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(CaseLinter.affirmsBrain(text) == Self.affirmsBrainOracle(text), "\(text.debugDescription)")
            #expect(
                CaseLinter.numbers(after: ["LVEF", "ejection fraction"], in: text, maximumDigits: 2)
                    == Self.numbersOracle(after: ["LVEF", "ejection fraction"], in: text, maximumDigits: 2),
                "\(text.debugDescription)")
            #expect(
                CaseLinter.numbers(after: ["ECOG"], in: text, maximumDigits: 1)
                    == Self.numbersOracle(after: ["ECOG"], in: text, maximumDigits: 1), "\(text.debugDescription)")
        }
    }
}
