/// A unified-style line diff (`@@ -a,b +c,d @@`, three lines of context), for showing why a
/// golden file no longer matches without a second tool.
public enum LineDiff {
    /// The diff from `expected` to `actual`; empty when they are equal. At most `limit` lines
    /// are shown, then a count of the rest.
    public static func unified(
        expected: String, actual: String, expectedName: String = "expected",
        actualName: String = "actual", context: Int = 3, limit: Int = 200
    ) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard old != new else { return "" }
        let lines = walk(old: old, new: new)
        // Changed lines closer than 2 × context share a hunk; each hunk has context around it.
        let changed = lines.indices.filter { lines[$0].mark != " " }
        var ranges: [ClosedRange<Int>] = []
        for index in changed {
            let range = max(0, index - context)...min(lines.count - 1, index + context)
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...range.upperBound
            } else {
                ranges.append(range)
            }
        }
        let hunks = ranges.map { Array(lines[$0]) }
        var out = ["--- \(expectedName)", "+++ \(actualName)"]
        for hunk in hunks {
            let oldLines = hunk.filter { $0.mark != "+" }
            let newLines = hunk.filter { $0.mark != "-" }
            let oldStart = oldLines.first?.old.map { $0 + 1 } ?? 0
            let newStart = newLines.first?.new.map { $0 + 1 } ?? 0
            out.append("@@ -\(oldStart),\(oldLines.count) +\(newStart),\(newLines.count) @@")
            out += hunk.map { "\($0.mark)\($0.text)" }
        }
        if out.count > limit {
            let rest = out.count - limit
            out = Array(out.prefix(limit)) + ["… \(rest) more diff line\(rest == 1 ? "" : "s")"]
        }
        return out.joined(separator: "\n")
    }

    struct Line: Equatable {
        var mark: Character
        var text: String
        /// 0-based line numbers in the old and new text (nil where the line is not in it).
        var old: Int?
        var new: Int?
    }

    /// Every line of both texts in order: kept (" "), removed ("-") or added ("+").
    static func walk(old: [String], new: [String]) -> [Line] {
        let difference = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var lines: [Line] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                lines.append(Line(mark: "-", text: old[i], old: i, new: nil))
                i += 1
            } else if j < new.count, inserted.contains(j) {
                lines.append(Line(mark: "+", text: new[j], old: nil, new: j))
                j += 1
            } else {
                lines.append(Line(mark: " ", text: old[i], old: i, new: j))
                i += 1
                j += 1
            }
        }
        return lines
    }
}
