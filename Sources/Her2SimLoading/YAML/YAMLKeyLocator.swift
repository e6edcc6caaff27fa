import Her2SimCore

/// Finds the repeat of a duplicated key: Yams reports where a duplicated key first appears, but
/// the author needs to see the second one.
enum YAMLKeyLocator {
    /// The 1-based line and column of the next occurrence of `key` in the mapping whose key
    /// `key` first appears at `first`, or nil when it cannot be found with confidence.
    static func repeatOf(_ key: String, firstAt first: (line: Int, column: Int), in lines: [Substring])
        -> (line: Int, column: Int)?
    {
        guard first.line >= 1, first.line <= lines.count, first.column >= 1 else { return nil }
        let firstLine = Array(lines[first.line - 1].unicodeScalars)
        let before = firstLine.prefix(first.column - 1)
        guard before.count == first.column - 1 else { return nil }
        // In a block mapping the key starts its line (after indentation and '- '): its siblings
        // sit at the same column, on the following lines, until a less indented line ends it.
        if before.allSatisfy({ $0 == " " || $0 == "-" }) {
            let indentation = first.column - 1
            for number in first.line..<lines.count {
                let line = Array(lines[number].unicodeScalars)
                let spaces = line.prefix { $0 == " " }.count
                if spaces == line.count || line[spaces] == "#" { continue }
                // A less indented line ends the mapping (a new '- ' item starts another one).
                if spaces < indentation { return nil }
                if spaces == indentation, startsWithKey(key, line[spaces...]) {
                    return (number + 1, indentation + 1)
                }
            }
            return nil
        }
        // In a flow mapping (`{a: 1, a: 2}`) the repeat follows on the same line or a later one.
        var start = first.column - 1 + key.unicodeScalars.count
        for number in (first.line - 1)..<lines.count {
            let line = Array(lines[number].unicodeScalars)
            var index = max(0, number == first.line - 1 ? start : 0)
            while index < line.count {
                let previous = index == 0 ? " " : line[index - 1]
                if [" ", "{", ","].contains(previous), startsWithKey(key, line[index...]) {
                    return (number + 1, index + 1)
                }
                index += 1
            }
            start = 0
        }
        return nil
    }

    /// Whether `text` begins with `key` (plain or quoted) followed by optional spaces and ':'.
    private static func startsWithKey(_ key: String, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        let name = Array(key.unicodeScalars)
        for quote in [nil, "\"", "'"] as [Unicode.Scalar?] {
            let written = quote.map { [$0] + name + [$0] } ?? name
            guard text.count >= written.count, text.prefix(written.count).elementsEqual(written) else { continue }
            let rest = text.dropFirst(written.count).drop { $0 == " " }
            guard let colon = rest.first, colon == ":" else { continue }
            let after = rest.dropFirst().first
            if after == nil || after == " " || after == "\t" || quote != nil || [",", "}", "]"].contains(after!) {
                return true
            }
        }
        return false
    }
}
