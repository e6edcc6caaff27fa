import Foundation

/// The one rule for learner names, used by the store, its queries, `resume` and the reports:
/// a name is trimmed and put in Unicode NFC; two names are the same learner when they are equal
/// ignoring case (full Unicode case folding: `ÉMILE` is `émile`); empty or `anonymous` is
/// nobody. New names are at most `maximumLength` characters, without control or bidirectional
/// formatting characters (they would drive a terminal or hide text in a report).
public enum LearnerName {
    public static let maximumLength = 64

    /// The name as stored and shown: trimmed, NFC; nil for nobody.
    public static func normalized(_ name: String?) -> String? {
        guard let trimmed = name?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        let composed = trimmed.precomposedStringWithCanonicalMapping
        return identity(composed) == RecordStore.anonymous ? nil : composed
    }

    /// What makes two names one learner: NFC, then case-folded.
    public static func identity(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
            .folding(options: [.caseInsensitive], locale: nil).precomposedStringWithCanonicalMapping
    }

    /// `normalized(name)`, or `RecordsError.invalidLearner` saying what is wrong with it.
    public static func validated(_ name: String?) throws(RecordsError) -> String? {
        guard let name = normalized(name) else { return nil }
        if name.count > maximumLength {
            throw .invalidLearner(name: name, reason: "it has \(name.count) characters; the limit is \(maximumLength)")
        }
        if let bad = name.unicodeScalars.first(where: isUnsafe) {
            throw .invalidLearner(
                name: name, reason: String(format: "it contains the control character U+%04X", bad.value))
        }
        return name
    }

    /// Control characters (C0, DEL, C1) and the invisible marks that reorder text on screen.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || TerminalText.isBidiControl(scalar)
    }
}

/// Text from a user or a file made safe for a terminal, a log line or a spreadsheet cell.
public enum TerminalText {
    /// `text` with control characters shown as `^X` (C0, `^?` for DEL) or `\u{XXXX}` (C1 and
    /// bidirectional controls), so it cannot clear, retitle or rewrite the screen, and at most
    /// `limit` characters (then "…").
    public static func escaped(_ text: String, limit: Int? = nil, keeping kept: Set<Unicode.Scalar> = []) -> String {
        var shown = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if let limit, count >= limit {
                shown.append("…")
                break
            }
            if kept.contains(scalar) {
                shown.append(scalar)
            } else if scalar.value < 0x20 {
                shown.append("^")
                shown.append(Unicode.Scalar(UInt8(scalar.value) + 0x40))
            } else if scalar.value == 0x7F {
                shown.append(contentsOf: "^?".unicodeScalars)
            } else if scalar.properties.generalCategory == .control || isBidiControl(scalar) {
                shown.append(contentsOf: String(format: "\\u{%04X}", scalar.value).unicodeScalars)
            } else {
                shown.append(scalar)
            }
            count += 1
        }
        return String(shown)
    }

    /// A text cell for CSV: `escaped`, and a leading `=`, `+`, `-` or `@` (a formula to a
    /// spreadsheet, as OWASP's CSV-injection advice lists them) preceded by `'`.
    public static func csvCell(_ text: String) -> String {
        let safe = escaped(text)
        guard let first = safe.unicodeScalars.first,
            "=+-@\u{FF1D}\u{FF0B}\u{FF0D}\u{FF20}".unicodeScalars.contains(first)
        else {
            return safe
        }
        return "'" + safe
    }

    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
