import Foundation
import Her2SimCore
import Yams

/// Parses YAML text into Yams nodes, turning every parser failure into a located diagnostic.
public enum YAMLDocument {
    /// Larger inputs are refused before parsing: no case or state file is anywhere near this.
    public static let maximumBytes = 2_000_000

    /// More alias references than this are refused: a case or state file needs none.
    public static let maximumAliases = 500
    /// Aliases may not expand the document beyond this many nodes (a "billion laughs" bomb).
    public static let maximumExpandedNodes = 100_000

    /// Collections may not nest deeper than this (libyaml's own limit is 1,000 levels, and Yams
    /// builds, hashes and frees nodes recursively). Cases, state files and Scoring/ need fewer
    /// than 10.
    public static let maximumDepth = 64

    /// The root node of `text`, or a diagnostic that names `file:line:col`.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> Node {
        try checkSize(text, file: file)
        return try parseNormalized(normalizedLineBreaks(text), file: file)
    }

    /// The root node and the source lines (line breaks normalized, as the parser's positions count
    /// them), for readers that quote or re-scan the source: size check and normalization done once.
    static func parseWithLines(_ text: String, file: String) throws(DiagnosticError) -> (root: Node, lines: [Substring])
    {
        try checkSize(text, file: file)
        let text = normalizedLineBreaks(text)
        return (try parseNormalized(text, file: file), lines(of: text))
    }

    private static func parseNormalized(_ text: String, file: String) throws(DiagnosticError) -> Node {
        // Before the parser: Yams hashes every key in full, so an alias in a key can take minutes;
        // and it recurses once per level of nesting.
        let scan = YAMLPrescan(text, maximumDepth: maximumDepth)
        if let deep = scan.tooDeep {
            throw DiagnosticError([
                Diagnostic(
                    .error,
                    "nesting is deeper than \(maximumDepth) levels (lists and mappings inside each other); her2sim files need fewer than 10",
                    at: SourceLocation(file: file, line: deep.line, column: deep.column))
            ])
        }
        if let problem = aliasProblem(scan, file: file) { throw DiagnosticError([problem]) }
        let root: Node?
        do {
            // No tag resolution: the readers convert scalars themselves, and Yams' default resolver
            // runs several regular expressions on every scalar (a fifth of lint's time).
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw DiagnosticError([diagnostic(for: error, text: text, file: file)])
        } catch {
            throw DiagnosticError([Diagnostic(.error, "could not parse YAML: \(error)", file: file)])
        }
        guard let root else {
            throw DiagnosticError([Diagnostic(.error, "file is empty; expected a YAML mapping", file: file)])
        }
        if let first = scan.firstAlias, expandsBeyondLimit(root) {
            throw DiagnosticError([
                Diagnostic(
                    .error,
                    "the aliases in this file expand to more than \(maximumExpandedNodes) values (nested aliases); her2sim files do not need YAML aliases",
                    at: SourceLocation(file: file, line: first.line, column: first.column))
            ])
        }
        return root
    }

    /// Refuses a text over `maximumBytes`, before any work is done on it.
    static func checkSize(_ text: String, file: String) throws(DiagnosticError) {
        if text.utf8.count > maximumBytes {
            throw DiagnosticError([SourceText.tooLarge(text.utf8.count, limit: maximumBytes, file: file)])
        }
    }

    /// `text` with every line break written "\n": CRLF and a lone CR (and NEL, LS and PS, which
    /// libyaml also counts as line breaks) become LF, so lines and columns are the same whichever
    /// editor saved the file.
    public static func normalizedLineBreaks(_ text: String) -> String {
        // A quick byte pre-check (CR is 0D, NEL is C2 85, LS and PS end in A8/A9): most files have
        // none of these bytes; those that do (they also occur inside other characters) take the
        // exact path below.
        guard text.utf8.contains(where: { $0 == 0x0D || $0 == 0x85 || $0 == 0xA8 || $0 == 0xA9 }) else { return text }
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r":
                scalars.append("\n")
                previousWasCR = true
                continue
            case "\n" where previousWasCR:
                break
            case "\u{85}", "\u{2028}", "\u{2029}":
                scalars.append("\n")
            default:
                scalars.append(scalar)
            }
            previousWasCR = false
        }
        return String(scalars)
    }

    /// The lines of a normalized text (see `normalizedLineBreaks`), without their breaks.
    static func lines(of text: String) -> [Substring] {
        // By bytes: splitting by Character walks grapheme clusters, a measurable part of lint.
        var lines: [Substring] = []
        var start = text.startIndex
        while let newline = text.utf8[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(text[start..<newline])
            start = text.utf8.index(after: newline)
        }
        lines.append(text[start...])
        return lines
    }

    private static func aliasProblem(_ scan: YAMLPrescan, file: String) -> Diagnostic? {
        func at(_ position: YAMLPrescan.Position) -> SourceLocation {
            SourceLocation(file: file, line: position.line, column: position.column)
        }
        if let key = scan.aliasInKey {
            return Diagnostic(.error, "aliases may not be used as keys; write the key out", at: at(key))
        }
        if let key = scan.explicitKey, scan.aliasCount > 0 {
            return Diagnostic(
                .error,
                "'? ' keys may not be used in a file with aliases (an alias in a key can expand without limit); write the key out",
                at: at(key))
        }
        if scan.aliasCount > maximumAliases, let first = scan.firstAlias {
            return Diagnostic(
                .error, "too many aliases (\(scan.aliasCount)); her2sim files do not need YAML aliases", at: at(first))
        }
        return nil
    }

    /// Whether the tree, with every alias expanded, has more than `maximumExpandedNodes` nodes.
    private static func expandsBeyondLimit(_ root: Node) -> Bool {
        var remaining = maximumExpandedNodes
        var pending = [root]
        while let node = pending.popLast() {
            remaining -= 1
            if remaining < 0 { return true }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    pending.append(key)
                    pending.append(value)
                }
            case .sequence(let sequence):
                pending.append(contentsOf: sequence)
            case .scalar, .alias:
                break
            }
        }
        return false
    }

    /// Reads and parses a file, reporting unreadable or non-UTF-8 files as diagnostics.
    public static func load(contentsOf url: URL, displayName: String) throws(DiagnosticError) -> Node {
        let text = try SourceText.read(contentsOf: url, displayName: displayName)
        return try parse(text, file: displayName)
    }

    static func readableReason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }

    private static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        let lines = lines(of: text)
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var location = clamped(mark, lines: lines, file: file)
            if let tab = tabIndentation(problem: problem, at: location, lines: lines) {
                location.column = tab
                return Diagnostic(
                    .error, "a tab is used for indentation; YAML indents with spaces — replace the tab with spaces",
                    at: location)
            }
            let detail = context.map { " \($0.text) that starts at \($0.mark.line):\($0.mark.column)" } ?? ""
            // A block (not a [flow] or a "quoted" scalar) broken by a line out of step: say so, there.
            let inBlock = context.map { $0.text.contains("block") } ?? problem.contains("mapping values")
            if inBlock, problem.contains("mapping values are not allowed") || problem.contains("did not find expected"),
                let wrong = YAMLIndentation.problem(near: location.line, lines: lines)
            {
                return Diagnostic(
                    .error, wrong.message, at: SourceLocation(file: file, line: wrong.line, column: wrong.column))
            }
            // Words under block text, indented less than it: the text ended, and they read as a key.
            if problem.contains("could not find expected ':'"), let start = context?.mark,
                let wrong = YAMLIndentation.textOutOfBlock(at: start.line, lines: lines)
            {
                return Diagnostic(
                    .error, wrong.message, at: SourceLocation(file: file, line: wrong.line, column: wrong.column))
            }
            var hint = ""
            if problem.contains("mapping values are not allowed") {
                hint = "; check the indentation, or quote a value that contains ': '"
            } else if problem.contains("did not find expected") || problem.contains("found unexpected end") {
                hint = "; check for an unclosed bracket or quote"
            }
            return Diagnostic(.error, "invalid YAML: \(problem)\(detail)\(hint)", at: location)
        case .reader(let problem, let offset, let value, _):
            guard let offset, let location = location(ofCharacter: offset, in: text, file: file) else {
                let place = offset.map { " at byte \($0)" } ?? ""
                return Diagnostic(.error, "invalid text\(place): \(problem)", file: file)
            }
            if problem.contains("control characters") {
                return Diagnostic(
                    .error,
                    "\(controlCharacterName(value)) is not allowed in YAML text (only tab, line breaks and printable characters are); remove it (it may have been pasted in unseen)",
                    at: location)
            }
            return Diagnostic(.error, "invalid text: \(problem)", at: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let first = clamped(context.mark, lines: lines, file: file)
            if let key = duplicates.first,
                let second = YAMLKeyLocator.repeatOf(key, firstAt: (first.line, first.column), in: lines)
            {
                return Diagnostic(
                    .error,
                    "'\(key)' is already given on line \(first.line); a key may appear once in a mapping — remove or rename one",
                    at: SourceLocation(file: file, line: second.line, column: second.column))
            }
            return Diagnostic(
                .error,
                "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping; each key may appear once — remove or rename the repeated one",
                at: first)
        default:
            return Diagnostic(.error, "invalid YAML: \(error)", file: file)
        }
    }

    /// The line and column (columns count Unicode scalars, as libyaml's) of the reader error at
    /// `offset`, which Yams gives in `Character`s of the (normalized) text it parsed.
    private static func location(ofCharacter offset: Int, in text: String, file: String) -> SourceLocation? {
        guard offset >= 0, let index = text.index(text.startIndex, offsetBy: offset, limitedBy: text.endIndex) else {
            return nil
        }
        var line = 1
        var column = 1
        for scalar in text.unicodeScalars[..<index] {
            if scalar == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// "the control character U+0007 (bell)": what libyaml's reader refused.
    static func controlCharacterName(_ value: Int32) -> String {
        let names: [Int32: String] = [
            0x00: "NUL", 0x07: "bell", 0x08: "backspace", 0x0B: "vertical tab",
            0x0C: "form feed", 0x1B: "escape", 0x7F: "delete",
        ]
        let code = "U+" + String(format: "%04X", Int(value))
        return "the control character \(code)" + (names[value].map { " (\($0))" } ?? "")
    }

    /// libyaml places an error at the end of a text without a final newline on the line after
    /// the last: point at the end of the last line instead, where an editor can go.
    private static func clamped(_ mark: Mark, lines: [Substring], file: String) -> SourceLocation {
        var line = max(1, mark.line)
        var column = max(1, mark.column)
        if line > lines.count {
            line = lines.count
            column = lines[line - 1].unicodeScalars.count + 1
        }
        column = min(column, lines[line - 1].unicodeScalars.count + 1)
        return SourceLocation(file: file, line: line, column: column)
    }

    /// The column of the tab that made libyaml fail, when a tab in the indentation is the cause.
    private static func tabIndentation(problem: String, at location: SourceLocation, lines: [Substring]) -> Int? {
        let line = lines[location.line - 1].unicodeScalars
        let indentation = line.prefix { $0 == " " || $0 == "\t" }
        guard let tab = indentation.firstIndex(of: "\t") else { return nil }
        let column = line.distance(from: line.startIndex, to: tab) + 1
        if problem.contains("tab character") { return column }
        if problem.contains("cannot start any token"), location.column <= indentation.count + 1 { return column }
        return nil
    }
}
