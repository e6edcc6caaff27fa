import Foundation
import Her2SimText

/// Text and numbers as the HTML cohort report writes them. Everything from the records —
/// learner names, case and rule ids, choices — goes through `escape`: a name such as
/// `<script>…` is shown, never run.
enum HTMLText {
    /// Escapes `& < > " '` for element content and quoted attributes alike; control characters
    /// (not allowed in learner names, but old records or a hand-edited database may hold them)
    /// become U+FFFD so they cannot break the page.
    static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text, controls: .replace)
    }

    /// A fixed-point number in the POSIX locale (a comma-decimal locale must not change the page).
    static func fixed(_ value: Double, _ digits: Int) -> String {
        NumberFormat.fixed(value, digits)
    }

    /// An SVG coordinate: one decimal, no trailing `.0`.
    static func coordinate(_ value: Double) -> String {
        let text = fixed(value, 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    static func percent(_ value: Double?) -> String {
        value.map { fixed($0, 1) + "%" } ?? "–"
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The UTC day of a moment, as the records' timestamps give it.
    static func day(_ date: Date) -> String { String(RecordStore.timestamp(date).prefix(10)) }
}
