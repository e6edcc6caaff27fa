import Foundation
import Her2SimCore

/// Tells an indentation mistake from the other causes of libyaml's "did not find expected key"
/// and "mapping values are not allowed": a line whose indentation matches none of the blocks
/// it could belong to. libyaml only says what token it expected; an author needs the line and
/// the indentations that would have been right.
enum YAMLIndentation {
    struct Problem {
        var message: String
        var line: Int
        var column: Int
    }

    /// The indentation problem at or just before `line` (1-based), if there is one.
    static func problem(near line: Int, lines: [Substring]) -> Problem? {
        // libyaml may report the line after a wrongly indented one (block text ends there): try both.
        for candidate in [line, line - 1] where candidate >= 1 {
            if let problem = check(candidate, lines: lines) { return problem }
        }
        return nil
    }

    /// A line of words without `key:` right after block text (`key: >`) and indented less than
    /// it: meant as more of the text, it ended the block and now reads as a key without a colon.
    static func textOutOfBlock(at line: Int, lines: [Substring]) -> Problem? {
        guard line >= 2, line <= lines.count, let indentation = indent(lines[line - 1]),
            let previous = (1..<line).reversed().first(where: { indent(lines[$0 - 1]) != nil }),
            let textIndent = indent(lines[previous - 1]), indentation < textIndent,
            let opener = holder(of: previous, indentation: textIndent, lines: lines),
            opensBlockText(lines[opener - 1])
        else { return nil }
        let text = lines[line - 1].drop(while: { $0 == " " })
        guard !text.hasPrefix("- "), !withoutComment(text).contains(": "), !withoutComment(text).hasSuffix(":") else {
            return nil
        }
        return Problem(
            message: "wrong indentation: this line seems to continue the block text above (from line "
                + "\(firstTextLine(after: opener, lines: lines))), which is indented \(spaces(textIndent)), but it "
                + "is indented \(spaces(indentation)); indent it like the text",
            line: line, column: indentation + 1)
    }

    private static func check(_ line: Int, lines: [Substring]) -> Problem? {
        guard line <= lines.count, let indentation = indent(lines[line - 1]) else { return nil }
        // The line above with content, and the chain of lines that hold it (smaller indentation).
        guard let previous = (1..<line).reversed().first(where: { indent(lines[$0 - 1]) != nil }) else { return nil }
        let text = lines[line - 1].drop(while: { $0 == " " })
        let shown = text.count > 30 ? String(text.prefix(29)) + "…" : String(text)

        var levels: [(indent: Int, line: Int)] = []
        var current = previous
        var currentIndent = indent(lines[previous - 1])!
        if opensBlockText(lines[previous - 1]) || opensBlock(lines[previous - 1]) {
            if indentation > currentIndent { return nil } // a new, deeper block starts here
        }
        // Inside block text (`key: >` or `|`), every line needs the first line's indentation.
        if let opener = holder(of: line, indentation: currentIndent, lines: lines),
            opensBlockText(lines[opener - 1]), indentation < currentIndent,
            indentation > indent(lines[opener - 1])!
        {
            return Problem(
                message: "wrong indentation: this line of block text is indented \(spaces(indentation)), "
                    + "but the text of the block (from line \(firstTextLine(after: opener, lines: lines))) is "
                    + "indented \(spaces(currentIndent)); every line of it needs at least that much",
                line: line, column: indentation + 1)
        }
        while true {
            levels.append((currentIndent, current))
            if lines[current - 1].drop(while: { $0 == " " }).hasPrefix("- ") {
                levels.append((currentIndent + 2, current)) // the keys of a list item's mapping
            }
            guard currentIndent > 0,
                let parent = holder(of: current, indentation: currentIndent, lines: lines)
            else { break }
            current = parent
            currentIndent = indent(lines[parent - 1])!
        }
        if levels.contains(where: { $0.indent == indentation }) { return nil }
        var seen: Set<Int> = []
        let allowed = levels.filter { seen.insert($0.indent).inserted }.prefix(3)
            .map { "\($0.indent) (line \($0.line))" }
        let choices =
            allowed.count > 1
            ? allowed.dropLast().joined(separator: ", ") + " or " + allowed.last! : allowed[0]
        return Problem(
            message: "wrong indentation: '\(shown)' is indented \(spaces(indentation)), but the blocks "
                + "above it are indented \(choices); line it up with the keys it belongs with",
            line: line, column: indentation + 1)
    }

    /// The nearest line above `line` indented less than `indentation`: the one that holds it.
    private static func holder(of line: Int, indentation: Int, lines: [Substring]) -> Int? {
        (1..<line).reversed().first { indent(lines[$0 - 1]).map { $0 < indentation } ?? false }
    }

    /// Leading spaces of a line with content (nil for blank lines and comments).
    private static func indent(_ line: Substring) -> Int? {
        let spaces = line.prefix(while: { $0 == " " }).count
        let rest = line.dropFirst(spaces)
        if rest.hasPrefix("#") || rest.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { return nil }
        return spaces
    }

    /// `key:` with nothing after it (a nested block follows).
    private static func opensBlock(_ line: Substring) -> Bool {
        let content = withoutComment(line)
        return content.hasSuffix(":") || content == "-" || content.hasSuffix(" -")
    }

    /// `key: >`, `key: |-`…: block text follows.
    private static func opensBlockText(_ line: Substring) -> Bool {
        let content = withoutComment(line)
        guard let last = content.split(separator: " ").last else { return false }
        return ["|", ">", "|-", ">-", "|+", ">+"].contains(String(last)) && content.count > last.count
    }

    private static func withoutComment(_ line: Substring) -> String {
        let text = line.range(of: " #").map { line[..<$0.lowerBound] } ?? line
        return text.trimmingCharacters(in: .whitespaces)
    }

    private static func firstTextLine(after opener: Int, lines: [Substring]) -> Int {
        (opener + 1...lines.count).first { indent(lines[$0 - 1]) != nil } ?? opener + 1
    }

    private static func spaces(_ count: Int) -> String { count == 1 ? "1 space" : "\(count) spaces" }
}
