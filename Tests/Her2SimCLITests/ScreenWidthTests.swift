import Foundation
import Testing

/// Every screen fits an 80-column terminal: the golden transcripts (which cover the turn,
/// chart, options, info, why, score, timeline, summary and help screens) and `her2sim cases`.
@Suite("Screens fit 80 columns")
struct ScreenWidthTests {
    static let width = 80

    /// Columns a terminal gives `line`: ANSI colour codes take none, East Asian wide characters
    /// and emoji two, combining marks none.
    static func displayWidth(_ line: Substring) -> Int {
        var columns = 0
        var escape = false
        for scalar in line.unicodeScalars {
            if escape {
                if (0x40...0x7E).contains(scalar.value), scalar != "[" { escape = false }
                continue
            }
            if scalar == "\u{1B}" {
                escape = true
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .format, .control: continue
            default: break
            }
            let value = scalar.value
            let wide =
                (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
                || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
                || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1FAFF).contains(value)
            columns += wide ? 2 : 1
        }
        return columns
    }

    static func overWide(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { displayWidth($0.element) > width }
            .map { "line \($0.offset + 1) (\(displayWidth($0.element)) columns): \($0.element)" }
    }

    @Test("the width measure counts what a terminal shows")
    func measure() {
        #expect(Self.displayWidth("\u{1B}[1;32mpreferred\u{1B}[0m") == 9)
        #expect(Self.displayWidth("━━ décision") == 11)
        #expect(Self.displayWidth("表") == 2)
        #expect(Self.overWide(String(repeating: "x", count: 81)).count == 1)
        #expect(Self.overWide(String(repeating: "x", count: 80)).isEmpty)
    }

    @Test("every golden transcript fits 80 columns", arguments: ReplTranscriptTests.scripts)
    func goldenTranscripts(_ script: URL) throws {
        let golden = script.deletingPathExtension().appendingPathExtension("transcript")
        let text = try String(contentsOf: golden, encoding: .utf8)
        #expect(
            Self.overWide(text).isEmpty, "\(golden.lastPathComponent):\n\(Self.overWide(text).joined(separator: "\n"))")
    }

    @Test("the goldens cover the screens that once ran past 80 columns")
    func goldensCoverTheScreens() throws {
        let commands = try ReplTranscriptTests.scripts.map { try String(contentsOf: $0, encoding: .utf8) }.joined(
            separator: "\n")
        for command in ["options", "info ", "chart", "why", "why all", "score", "timeline", "summary", "help", "cases"]
        {
            #expect(commands.contains(command), "no golden script runs '\(command)'")
        }
    }

    @Test("her2sim cases fits 80 columns, as text and on a terminal")
    func casesTable() throws {
        let plain = try CLI.run(["cases"])
        #expect(plain.status == 0)
        #expect(plain.stdout.contains("hb-401"))
        #expect(Self.overWide(plain.stdout).isEmpty, "\(Self.overWide(plain.stdout).joined(separator: "\n"))")
        if CLI.terminalsAvailable {
            let coloured = try CLI.runOnTerminal(["cases"], environment: ["TERM": "xterm-256color"])
            let text = coloured.stdout.replacingOccurrences(of: "\r\n", with: "\n")
            #expect(Self.overWide(text).isEmpty, "\(Self.overWide(text).joined(separator: "\n"))")
        }
    }

    @Test("REPL messages with a long did-you-mean wrap on words")
    func messagesWrap() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-width-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let commands = directory.appendingPathComponent("commands")
        try "info tuc\nchoose tucatinib-trastuzumab-capecitabinex\nquit\n".write(
            to: commands, atomically: true, encoding: .utf8)
        let result = try CLI.run(["play", "hb-401", "--seed", "3", "--script", commands.path])
        let joined = result.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(joined.contains("unknown regimen 'tuc' (did you mean 'tucatinib-trastuzumab-capecitabine'?)"))
        #expect(joined.contains("(did you mean 'tucatinib-trastuzumab-capecitabine'?); type 'options'"))
        #expect(Self.overWide(result.stdout).isEmpty, "\(Self.overWide(result.stdout).joined(separator: "\n"))")
    }
}
