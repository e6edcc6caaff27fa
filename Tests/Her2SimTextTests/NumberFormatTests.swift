import Foundation
import Her2SimText
import Testing

/// Every number on a screen, in a report or in an exported file goes through `NumberFormat`;
/// none of its functions may trap (`String(Int(1e300))` does), whatever the value.
@Suite("NumberFormat")
struct NumberFormatTests {
    static let hostile: [Double] = [
        1e300, -1e300, .nan, .infinity, -.infinity, -0.0, 9.3e18, -9.3e18,
        .greatestFiniteMagnitude, .leastNonzeroMagnitude,
    ]

    @Test("hostile values never trap and read as numbers", arguments: hostile)
    func hostileValues(_ value: Double) {
        for text in [
            NumberFormat.decimal(value), NumberFormat.fixed(value, 2), NumberFormat.rounded(value),
            NumberFormat.trimmed(value, maxDigits: 7), NumberFormat.plain(value),
        ] {
            #expect(!text.isEmpty)
            #expect(text != "-0" && !text.hasPrefix("-0."), "\(value) → \(text)")
        }
    }

    @Test("huge whole numbers are written out, not trapped on")
    func huge() {
        let huge = NumberFormat.decimal(1e300)
        #expect(huge.hasPrefix("10000000000") && huge.count == 301 && huge.allSatisfy(\.isNumber), "\(huge)")
        #expect(NumberFormat.decimal(-9.3e18) == "-9300000000000000000")
        #expect(NumberFormat.plain(1e20) == "100000000000000000000")
        #expect(NumberFormat.rounded(1e300).count == 301)
    }

    @Test("NaN and infinities are named")
    func nonFinite() {
        #expect(NumberFormat.decimal(.nan) == "nan")
        #expect(NumberFormat.decimal(.infinity) == "inf")
        #expect(NumberFormat.fixed(-.infinity, 1) == "-inf")
        #expect(NumberFormat.trimmed(.nan, maxDigits: 5) == "nan")
        #expect(NumberFormat.plain(-.infinity) == "-inf")
    }

    @Test("negative zero is zero")
    func negativeZero() {
        #expect(NumberFormat.decimal(-0.0) == "0")
        #expect(NumberFormat.fixed(-0.0, 1) == "0.0")
        #expect(NumberFormat.fixed(-0.04, 1) == "0.0")
        #expect(NumberFormat.trimmed(-0.0000001, maxDigits: 5) == "0")
        #expect(NumberFormat.rounded(-0.4) == "0")
        #expect(NumberFormat.plain(-0.0) == "0")
    }

    @Test("ordinary values: whole without decimals, others at the given precision")
    func ordinary() {
        #expect(NumberFormat.decimal(12) == "12")
        #expect(NumberFormat.decimal(2.5) == "2.5")
        #expect(NumberFormat.decimal(2.96) == "3.0")
        #expect(NumberFormat.decimal(-1.25, digits: 2) == "-1.25")
        #expect(NumberFormat.rounded(2.5) == "3")
        #expect(NumberFormat.rounded(-2.5) == "-3")
        #expect(NumberFormat.plain(0.25) == "0.25")
        #expect(NumberFormat.plain(30) == "30")
    }

    @Test("QTI and Moodle: fixed precision without trailing zeros")
    func trimmed() {
        #expect(NumberFormat.trimmed(1, maxDigits: 7) == "1")
        #expect(NumberFormat.trimmed(0.5, maxDigits: 7) == "0.5")
        #expect(NumberFormat.trimmed(1.0 / 3, maxDigits: 7) == "0.3333333")
        #expect(NumberFormat.trimmed(100.0 / 3, maxDigits: 5) == "33.33333")
        #expect(NumberFormat.trimmed(-25, maxDigits: 5) == "-25")
        #expect(NumberFormat.trimmed(100, maxDigits: 5) == "100")
    }
}
