import Foundation

/// The one way numbers become text on screens, in reports and in exported files. Every
/// function takes any `Double` — huge, NaN, infinite, negative zero — without trapping
/// (`String(Int(value))` traps past `Int.max`, the bug the fuzzer found).
public enum NumberFormat {
    /// A whole number without decimals, anything else with `digits` fixed decimals:
    /// 12, 2.5, 3.0 (2.96 rounds, yet is not whole). For tables, reports and plots.
    public static func decimal(_ value: Double, digits: Int = 1) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return value == value.rounded() ? fixed(value, 0) : fixed(value, digits)
    }

    /// The nearest whole number, halves away from zero: 3 for 2.5 (percentages in tables).
    public static func rounded(_ value: Double) -> String {
        fixed(value.rounded(), 0)
    }

    /// `value` with exactly `digits` decimals in the POSIX locale (a comma-decimal locale must
    /// not change a page or a file); never "-0".
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return nonFinite(value) }
        let text = String(format: "%.\(max(0, digits))f", locale: Locale(identifier: "en_US_POSIX"), value)
        return isNegativeZero(text) ? String(text.dropFirst()) : text
    }

    /// At most `digits` decimals without trailing zeros: 1, 0.5, 0.3333333, -0.25. QTI needs 7
    /// digits, Moodle's grade list 5.
    public static func trimmed(_ value: Double, maxDigits digits: Int) -> String {
        var text = fixed(value, digits)
        guard text.contains("."), value.isFinite else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// A whole number without decimals, anything else as Swift writes it (shortest exact):
    /// 30, 0.25. For durations and counts in messages.
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return nonFinite(value) }
        return value == value.rounded() ? fixed(value, 0) : String(value)
    }

    private static func nonFinite(_ value: Double) -> String {
        value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf")
    }

    /// "-0", "-0.0", "-0.00…": a negative number that rounded to zero.
    private static func isNegativeZero(_ text: String) -> Bool {
        text.hasPrefix("-") && text.dropFirst().allSatisfy { $0 == "0" || $0 == "." }
    }
}
