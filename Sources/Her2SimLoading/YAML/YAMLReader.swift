import Her2SimCore
import Yams

/// Reads typed values out of Yams nodes while collecting located diagnostics.
///
/// Every accessor reports a precise error and returns `nil` instead of throwing, so one pass over
/// a file finds all of its mistakes — the way a compiler does — rather than only the first.
final class YAMLReader {
    let file: String
    /// The source text by line, when available, for positions inside block scalars.
    var sourceLines: [Substring] = []
    private(set) var diagnostics: [Diagnostic] = []
    /// Guards against alias bombs: composed aliases share nodes, so a walk can explode.
    private var budget = 200_000

    init(file: String) {
        self.file = file
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// The file position of the character at `offset` (counted in `Character`s) of a scalar's
    /// `value`, found by walking the scalar's source lines alongside the value: exact for block
    /// scalars (`|` and `>`, whose folding loses the line breaks), plain scalars and quoted ones
    /// without escapes; the scalar's start when the source cannot be followed.
    func location(ofCharacter offset: Int, in value: String, of node: Node) -> SourceLocation {
        let start = location(of: node)
        guard case .scalar(let scalar) = node, start.line >= 1, start.line <= sourceLines.count else { return start }
        let characters = Array(value)
        guard (0..<characters.count).contains(offset) else { return start }
        var lineIndex = start.line - 1
        var from: Int
        switch scalar.style {
        case .literal, .folded:
            lineIndex += 1
            from = 0
        case .singleQuoted, .doubleQuoted:
            from = Self.characterIndex(ofColumn: start.column, in: sourceLines[lineIndex]) + 1
        default:
            from = Self.characterIndex(ofColumn: start.column, in: sourceLines[lineIndex])
        }
        var cursor = 0
        while lineIndex < sourceLines.count {
            let line = Array(sourceLines[lineIndex])
            var index = min(from, line.count)
            from = 0
            while index < line.count, line[index].isWhitespace { index += 1 }
            if index < line.count {
                // Line breaks, folding spaces and indentation: whitespace in the value that the
                // source writes as a line break.
                while cursor < characters.count, characters[cursor].isWhitespace { cursor += 1 }
                let matchStart = cursor
                while index < line.count, cursor < characters.count, line[index] == characters[cursor] {
                    if cursor == offset {
                        let column = line[..<index].reduce(0) { $0 + $1.unicodeScalars.count } + 1
                        return SourceLocation(file: file, line: lineIndex + 1, column: column)
                    }
                    index += 1
                    cursor += 1
                }
                if cursor == matchStart || cursor > offset { return start }
            }
            lineIndex += 1
        }
        return start
    }

    /// The index of the `Character` at a 1-based column counted in Unicode scalars.
    private static func characterIndex(ofColumn column: Int, in line: Substring) -> Int {
        var scalars = 0
        var index = 0
        for character in line {
            if scalars >= column - 1 { break }
            scalars += character.unicodeScalars.count
            index += 1
        }
        return index
    }

    func error(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(.error, message, at: location(of: node)))
    }

    func warning(_ message: String, at node: Node) {
        diagnostics.append(Diagnostic(.warning, message, at: location(of: node)))
    }

    func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// Counts visited nodes; false once the document is implausibly large (e.g. an alias bomb).
    func spend(at node: Node) -> Bool {
        budget -= 1
        if budget == 0 {
            error("document expands to more than 200000 nodes (nested aliases?); refusing to read further", at: node)
        }
        return budget > 0
    }

    // MARK: - Shapes

    /// `what` names the mapping in messages ("the case", "turn 2", "an event"); `shape` says what
    /// it should look like when it is not a mapping ("a one-key mapping such as toxicity: {…}").
    /// `anchor` is where "missing key" errors point: the key that holds this mapping, if known.
    /// `keyNoun` names the keys in "unknown" messages when they are a vocabulary ("event").
    func mapping(
        _ node: Node, _ what: String, shape: String = "a mapping of key: value", allowed: [String],
        anchor: Node? = nil, keyNoun: String? = nil
    ) -> MappingReader? {
        guard spend(at: node) else { return nil }
        guard case .mapping(let mapping) = node else {
            error("expected \(what) (\(shape)), found \(describe(node))", at: node)
            return nil
        }
        return MappingReader(
            reader: self, node: node, mapping: mapping, what: what, allowed: allowed, anchor: anchor,
            keyNoun: keyNoun)
    }

    func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard spend(at: node) else { return nil }
        switch node {
        case .sequence(let sequence): return Array(sequence)
        default:
            error(
                "expected \(what.hasPrefix("a list") || what.contains("(a list") ? what : "\(what) (a list)"), found \(describe(node))",
                at: node)
            return nil
        }
    }

    /// A list, also accepting a single scalar for one-element lists (`preferences: oral`).
    func list(_ node: Node, _ what: String) -> [Node]? {
        if case .scalar(let scalar) = node, !isNull(scalar) { return [node] }
        if case .scalar(let scalar) = node, isNull(scalar) { return [] }
        return sequence(node, what)
    }

    // MARK: - Scalars

    func string(_ node: Node, _ what: String) -> String? {
        guard spend(at: node) else { return nil }
        guard case .scalar(let scalar) = node, !isNull(scalar) else {
            error("expected \(what) (text), found \(describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node, _ what: String, in range: ClosedRange<Int>? = nil, unit: String = "") -> Int? {
        guard case .scalar(let scalar) = node, !isNull(scalar), let value = Int(scalar.string) else {
            error(
                "expected \(what) as a whole number\(range.map { " \(rangeText($0, unit))" } ?? ""), found \(describe(node))",
                at: node)
            return nil
        }
        if let range, !range.contains(value) {
            error("\(what) must be \(rangeText(range, unit)); found \(value)", at: node)
            return nil
        }
        return value
    }

    func number(_ node: Node, _ what: String, in range: ClosedRange<Double>? = nil) -> Double? {
        guard case .scalar(let scalar) = node, !isNull(scalar), let value = Double(scalar.string), value.isFinite else {
            error("expected \(what) as a number, found \(describe(node))", at: node)
            return nil
        }
        if let range, !range.contains(value) {
            error(
                "\(what) must be between \(format(range.lowerBound)) and \(format(range.upperBound)); found \(format(value))",
                at: node)
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ what: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        error("expected \(what) as true or false, found \(describe(node))", at: node)
        return nil
    }

    /// One of a fixed vocabulary, with a did-you-mean for near misses.
    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, as: T.Type = T.self) -> T?
    where T.RawValue == String {
        guard let text = string(node, what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let options = T.allCases.map(\.rawValue)
        error(
            "unknown \(what) '\(text)'\(Suggestion.hint(for: text, in: options)); expected one of: \(options.joined(separator: ", "))",
            at: node)
        return nil
    }

    /// An id from an open vocabulary (regimens, trials…): resolves aliases, suggests the nearest id.
    func identifier(
        _ node: Node, _ what: String, resolve: (String) -> String?, candidates: () -> [String],
        listedIn: String? = nil
    ) -> String? {
        guard let text = string(node, what) else { return nil }
        if let id = resolve(text) { return id }
        let suggestion = Suggestion.nearest(to: text, in: candidates())
        if let suggestion {
            error("unknown \(what) '\(text)' (did you mean '\(suggestion)'?)", at: node)
        } else {
            error("unknown \(what) '\(text)'\(listedIn.map { "; \($0)" } ?? "")", at: node)
        }
        return nil
    }

    func stringList(_ node: Node, _ what: String) -> [String]? {
        guard let items = list(node, "a list of \(what)") else { return nil }
        let values = items.compactMap { string($0, what) }
        return values.count == items.count ? values : nil
    }

    // MARK: - Describing

    func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            if isNull(scalar) { return "nothing" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(37)) + "..." : scalar.string
            return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    private func rangeText(_ range: ClosedRange<Int>, _ unit: String) -> String {
        "between \(range.lowerBound) and \(range.upperBound)\(unit.isEmpty ? "" : " \(unit)")"
    }

    private func format(_ value: Double) -> String {
        ClinicalWording.number(value)
    }
}

/// A mapping being read: tracks which keys were used so unknown keys get a did-you-mean.
struct MappingReader {
    let reader: YAMLReader
    let node: Node
    let mapping: Node.Mapping
    let what: String
    let allowed: [String]
    var anchor: Node? = nil
    var keyNoun: String? = nil

    /// The value under `key`, if present (a key with an empty value counts as present).
    subscript(key: String) -> Node? {
        // Compared as text: Yams' own `mapping[key]` builds a Node and compares tags on every pair.
        mapping.first { $0.key.scalar?.string == key }?.value
    }

    /// The value under `key`, reporting its absence at the mapping's position: "`what` is
    /// missing 'key' (`why`)", or `message` when given.
    func required(_ key: String, why: String? = nil, message: String? = nil) -> Node? {
        if let value = self[key] { return value }
        // A misspelt key is already reported with its fix; do not also call the key missing.
        let misspelt = mapping.contains { pair in
            guard let name = pair.key.scalar?.string, !allowed.contains(name) else { return false }
            return Suggestion.nearest(to: name, in: allowed) == key
        }
        if !misspelt {
            let text =
                message ?? why.map { "\(what) is missing '\(key)' (\($0))" }
                ?? "\(what) is missing required key '\(key)'"
            reader.error(text, at: anchor ?? node)
        }
        return nil
    }

    /// The key node for `key`, to anchor errors about its value as a whole.
    func keyNode(_ key: String) -> Node? {
        mapping.first { $0.key.scalar?.string == key }?.key
    }

    /// Reports keys outside `allowed`, suggesting the nearest allowed key.
    func rejectUnknownKeys() {
        for (key, _) in mapping {
            guard let name = key.scalar?.string else {
                reader.error("keys in \(what) must be plain text, found \(reader.describe(key))", at: key)
                continue
            }
            guard !allowed.contains(name) else { continue }
            let hint = Suggestion.hint(for: name, in: allowed)
            if let keyNoun {
                reader.error(
                    "unknown \(keyNoun) '\(name)'\(hint); \(keyNoun)s are: \(allowed.joined(separator: ", "))", at: key)
            } else {
                reader.error(
                    "unknown key '\(name)' in \(what)\(hint); expected one of: \(allowed.joined(separator: ", "))",
                    at: key)
            }
        }
    }

    /// Every key with its node, in file order (for maps keyed by data, such as toxicity grades).
    var entries: [(key: String, keyNode: Node, value: Node)] {
        mapping.compactMap { pair in
            guard let name = pair.key.scalar?.string else {
                reader.error("keys in \(what) must be plain text, found \(reader.describe(pair.key))", at: pair.key)
                return nil
            }
            return (name, pair.key, pair.value)
        }
    }
}
