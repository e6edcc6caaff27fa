/// Moodle's GIFT format: a `$CATEGORY` per case, then one question per decision as
/// `::title::[plain]stem {=key#feedback ~distractor#feedback ####general feedback}`. Multiple-answer
/// items weight every option (`~%50%`, `~%-33.33333%`). Text is plain, so nothing but GIFT's own
/// escaping applies; line breaks are written `\n`, since a blank line ends a question.
public enum GIFTExporter {
    public static func document(_ bank: QuizBank) -> String {
        var out =
            "// her2sim CME quiz (GIFT for Moodle): \(Text.count(bank.items.count, "question")) from \(Text.count(bank.cases.count, "case")), seed \(bank.seed).\n"
        out += "// Synthetic patients for teaching only; not for treating real patients.\n"
        for line in CMEText.plainLines(bank) { out += "// " + comment(line) + "\n" }
        for quizCase in bank.cases {
            out += "\n$CATEGORY: $course$/top/her2sim/\(categoryName(quizCase.id))\n"
            for item in quizCase.items {
                out += "\n" + question(item)
            }
        }
        return out
    }

    /// A category segment: GIFT has no escape inside `$CATEGORY`, so keep to safe characters.
    static func categoryName(_ id: String) -> String {
        String(id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
    }

    public static func question(_ item: QuizItem) -> String {
        var out =
            "// \(comment(item.identifier)): case \(comment(item.caseID)), turn \(item.turnIndex + 1), line \(item.line)\n"
        out += "::" + escape(item.title) + "::[plain]" + escape(stemText(item)) + " {\n"
        for option in item.options {
            let text = escape(option.text)
            let sign: String
            if item.isMultipleAnswer {
                sign = "~%" + MoodleExporter.fraction(option.credit) + "%"
            } else if option.isCorrect {
                sign = "="

            } else {
                // Moodle reads a leading "%50%" after "~" as a weight: state the 0 explicitly.
                sign = Self.looksLikeWeight(text) ? "~%0%" : "~"
            }
            out += "\t" + sign + text + " #" + escape(option.feedbackText) + "\n"
        }
        out += "\t####" + escape(generalFeedbackText(item)) + "\n}\n"
        return out
    }

    /// Moodle's answer-weight pattern, `^%-*[0-9]{1,2}\.?[0-9]*%`, after leading whitespace.
    static func looksLikeWeight(_ text: String) -> Bool {
        var rest = Substring(text.drop { $0 == " " || $0 == "\t" })
        guard rest.hasPrefix("%") else { return false }
        rest = rest.dropFirst().drop { $0 == "-" }
        let whole = rest.prefix { $0.isASCII && $0.isNumber }
        guard (1...).contains(whole.count) else { return false }
        rest = rest.dropFirst(min(whole.count, 2))
        if rest.hasPrefix(".") { rest = rest.dropFirst() }
        rest = rest.drop { $0.isASCII && $0.isNumber }
        return rest.hasPrefix("%")
    }

    /// The vignette and the question as plain text with line breaks.
    public static func stemText(_ item: QuizItem) -> String {
        let stem = item.stem
        var blocks: [String] = []
        if !stem.changes.isEmpty {
            blocks.append(
                (item.decisionNumber == 1 ? "At this visit:" : "Since the last decision:") + "\n"
                    + stem.changes.map { "- " + $0 }.joined(separator: "\n"))
        }
        blocks += stem.narrative
        if !stem.findings.isEmpty {
            blocks.append("Findings:\n" + stem.findings.map { "- \($0.label): \($0.text)" }.joined(separator: "\n"))
        }
        blocks.append("Her situation now:\n" + stem.status.map { "- \($0.label): \($0.text)" }.joined(separator: "\n"))
        blocks.append(
            "Treatment so far:\n"
                + (stem.history.isEmpty
                    ? "- none for metastatic disease"
                    : stem.history.enumerated().map { "\($0.offset + 1). \($0.element)" }.joined(separator: "\n")))
        blocks.append(item.prompt)
        return blocks.joined(separator: "\n\n")
    }

    public static func generalFeedbackText(_ item: QuizItem) -> String {
        var blocks = [
            (item.isMultipleAnswer ? "Answers: " : "Answer: ") + item.correctOptions.map(\.text).joined(separator: "; ")
        ]
        blocks += item.teaching
        let offLabel = item.options.compactMap { option in option.offLabel.map { "- " + option.text + ": " + $0 } }
        if !offLabel.isEmpty { blocks.append("Off-label:\n" + offLabel.joined(separator: "\n")) }
        if !item.objectives.isEmpty {
            blocks.append("Objectives:\n" + item.objectives.map { "- " + $0 }.joined(separator: "\n"))
        }
        if !item.references.isEmpty { blocks.append("References: " + item.references.joined(separator: ", ")) }
        blocks.append("Case: \(item.caseID) (\(item.identifier))")
        return blocks.joined(separator: "\n\n")
    }

    /// GIFT escaping as Moodle reads it: `\` → `\\`; `~ = # { } :` → `\~ \= \# \{ \} \:`; a line
    /// break → `\n` (a carriage return is dropped).
    public static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in Text.xmlSafe(text).unicodeScalars {
            switch character {
            case "\\": output += "\\\\"
            case "~", "=", "#", "{", "}", ":": output += "\\" + String(character)
            case "\n": output += "\\n"
            case "\r": break
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// A comment stays on its line.
    static func comment(_ text: String) -> String {
        text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
