import Foundation
import Her2SimCore
import Testing

@testable import Her2SimREPL

/// Hostile REPL input (issue 8): bytes that are not UTF-8, control characters, and lines of a
/// megabyte or more, from a pipe. The reader keeps memory bounded, the echo shows nothing raw,
/// and the parser answers each line with one sentence.
@Suite("Hostile REPL input: bad bytes, control characters, huge lines")
struct HostileREPLTests {
    let parser = CommandParser(vocabulary: CommandVocabulary(knowledge: REPLTestSupport.knowledge, caseIDs: ["hb-401"]))

    func error(_ line: String, length: Int? = nil) -> String? {
        if case .failure(let error) = parser.parse(line, length: length) { return error.message }
        return nil
    }

    /// Every line a `PlainLineSource` reads from a file holding `bytes`, with what it echoed.
    static func read(_ bytes: [UInt8]) throws -> (lines: [(text: String, length: Int?)], echo: String) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-hostile-stdin-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let descriptor = open(url.path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        final class Sink: @unchecked Sendable { var text = "" }
        let sink = Sink()
        var source = PlainLineSource(descriptor: descriptor) { sink.text += $0 }
        var lines: [(String, Int?)] = []
        while let line = source.readLine(prompt: "> ") {
            lines.append((line, source.lastLineLength))
        }
        return (lines, sink.text)
    }

    @Test("bytes that are not UTF-8 are refused with their column; the next line is read as usual")
    func invalidUTF8FromAPipe() throws {
        let (lines, echo) = try Self.read(
            Array("cases caf".utf8) + [0xE9] + Array("\nstart\u{FF}".utf8) + [0xFF, 0xFE] + Array(" x\ncases\n".utf8))
        #expect(lines.map(\.text) == ["cases caf\u{FFFD}", "start\u{FF}\u{FFFD}\u{FFFD} x", "cases"])
        #expect(
            error(lines[0].text)
                == "that line is not valid UTF-8 text (column 10); check your terminal's encoding, and type a command such as 'help'"
        )
        // "ÿ" (U+00FF, written as UTF-8) is text; the raw 0xFF after it is not.
        #expect(
            error(lines[1].text)
                == "that line is not valid UTF-8 text (column 7); check your terminal's encoding, and type a command such as 'help'"
        )
        #expect(try parser.parse(lines[2].text).get() == .cases)
        // The echo is valid UTF-8 whatever came in: the replacement character, never the raw byte.
        #expect(echo == "> cases caf\u{FFFD}\n> start\u{FF}\u{FFFD}\u{FFFD} x\n> cases\n")
    }

    @Test("a 1 MB line: refused with its size, echoed as 120 characters and the size; the reader goes on")
    func megabyteLine() throws {
        let long = [UInt8](repeating: UInt8(ascii: "y"), count: 1_000_000)
        let (lines, echo) = try Self.read(Array("choose ".utf8) + long + Array("\r\nscore\r\nquit".utf8))
        #expect(lines.count == 3)
        let first = try #require(lines.first)
        #expect(
            error(first.text, length: first.length)
                == "that line is 1000007 bytes long; commands are short — try 'help'")
        #expect(lines[1].text == "score" && lines[1].length == nil)
        #expect(lines[2].text == "quit", "the last line needs no line break")
        let echoed = echo.split(separator: "\n").map(String.init)
        #expect(echoed.first == "> choose " + String(repeating: "y", count: 113) + "… (1000007 bytes)")
        #expect(echoed.dropFirst() == ["> score", "> quit"])
    }

    @Test("of a 20 MB line without a line break only the first 64 KiB are kept, and its length is known")
    func boundedMemory() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "z"), count: 20_000_000)
        let (lines, echo) = try Self.read(huge)
        let line = try #require(lines.first)
        #expect(lines.count == 1)
        #expect(line.text.utf8.count == PlainLineSource.keptBytes)
        #expect(line.length == 20_000_000)
        #expect(
            error(line.text, length: line.length) == "that line is 20000000 bytes long; commands are short — try 'help'"
        )
        #expect(echo.hasSuffix("z… (20000000 bytes)\n"))
        #expect(echo.utf8.count < 200)
    }

    @Test("control characters are echoed as ^X, never raw, and refused")
    func controlCharacters() throws {
        let (lines, echo) = try Self.read(
            Array("\u{1B}[2J\u{1B}]0;owned\u{07}choose tdm1\u{0}\u{7F}\n\u{08}\u{08}quit\n".utf8))
        #expect(echo == "> ^[[2J^[]0;owned^Gchoose tdm1^@^?\n> ^H^Hquit\n")
        #expect(!echo.unicodeScalars.contains { $0.properties.generalCategory == .control && $0 != "\n" })
        for line in lines {
            #expect(error(line.text) == "that line contains control characters; type a command such as 'help'")
        }
        // C1 controls (U+0080–U+009F), which some terminals obey, too.
        #expect(PlainLineSource.echo("a\u{9B}31mb") == "a^?31mb")
    }

    @Test("the echo cuts at 120 characters, counting characters, not bytes")
    func echoCounts() {
        let accented = String(repeating: "é", count: 200)
        #expect(PlainLineSource.echo(accented) == String(repeating: "é", count: 120) + "… (400 bytes)")
        #expect(PlainLineSource.echo(String(repeating: "a", count: 120)) == String(repeating: "a", count: 120))
        #expect(PlainLineSource.echo("short", length: 70_000) == "short… (70000 bytes)")
    }
}
