import Foundation
import Her2SimCore
import Her2SimText
import Testing

@Suite("Text layout")
struct TextLayoutTests {
    static let style = TerminalStyle(enabled: true)

    @Test("padding counts what the eye sees: ANSI escapes take no columns")
    func paddingIgnoresEscapes() {
        let styled = Self.style.bold("abc")
        #expect(styled.count > 3)
        #expect(styled.visibleWidth == 3)
        #expect(styled.padded(to: 6) == styled + "   ")
        #expect(styled.leftPadded(to: 5) == "  " + styled)
        #expect(Self.style.wrap("x", "1;32").padded(to: 4).visibleWidth == 4)
        #expect("abc".padded(to: 6) == "abc   ")
        #expect("abcdef".padded(to: 3) == "abcdef")
        #expect("7".leftPadded(to: 3) == "  7")
    }

    @Test("styled and plain cells line up in the same column")
    func alignedColumns() {
        let plain = "preferred".padded(to: 16) + "|"
        let coloured = Self.style.tier(.preferred).padded(to: 16) + "|"
        #expect(TerminalStyle.plain.bold("x") == "x")
        #expect(coloured.visibleWidth == plain.visibleWidth)
        #expect(
            coloured.replacingOccurrences(of: "\u{1B}[1;32m", with: "")
                .replacingOccurrences(of: "\u{1B}[0m", with: "") == plain)
    }

    @Test("a lone escape character still takes a column")
    func loneEscape() {
        #expect("\u{1B}x".visibleWidth == 1)
        #expect("a\u{1B}".visibleWidth == 1)
    }

    @Test("wrapping breaks on words within the width, indenting continuation lines")
    func wrapping() {
        let text = "the quick brown fox jumps over the lazy dog"
        let wrapped = text.wrapped(to: 15, indent: "  ")
        #expect(wrapped == "the quick brown\n  fox jumps over\n  the lazy dog")
        #expect(wrapped.split(separator: "\n").allSatisfy { $0.count <= 17 })
        #expect("".wrapped(to: 10, indent: " ") == "")
    }

    @Test("the first letter in capitals, the rest untouched")
    func capitalized() {
        #expect("about 3 months".capitalizedFirst == "About 3 months")
        #expect("T-DXd".capitalizedFirst == "T-DXd")
        #expect("".capitalizedFirst == "")
    }
}
