import Her2SimCore

/// The case library as a table, for `her2sim cases` and the REPL's `cases`: id, line of
/// therapy, decisions, optionally the level, then the title wrapped under itself within
/// `width` columns, optionally each objective under the title.
public struct CaseTable: Sendable {
    /// The first column's heading ("id" for the command, "case" in the REPL).
    public var idHeading: String
    /// Whether the level column and the objectives are shown.
    public var detailed: Bool
    public var width: Int
    public var style: TerminalStyle

    public init(idHeading: String, detailed: Bool, width: Int = 80, style: TerminalStyle) {
        self.idHeading = idHeading
        self.detailed = detailed
        self.width = width
        self.style = style
    }

    /// What a row shows of a case: from a loaded script, or from the case index.
    public struct Row: Sendable, Hashable {
        public var id: String
        public var line: Int
        public var decisions: Int
        public var difficulty: String
        public var title: String
        public var objectives: [String]

        public init(id: String, line: Int, decisions: Int, difficulty: String, title: String, objectives: [String]) {
            self.id = id
            self.line = line
            self.decisions = decisions
            self.difficulty = difficulty
            self.title = title
            self.objectives = objectives
        }
    }

    /// One row per case, in the given order; `line` gives a case's line of therapy.
    public func render(_ cases: [CaseScript], line: (CaseScript) -> Int) -> String {
        render(
            rows: cases.map { script in
                Row(
                    id: script.id, line: line(script), decisions: script.decisions + script.managementTurns,
                    difficulty: script.difficulty.rawValue, title: script.title,
                    objectives: script.objectives.map(\.text))
            })
    }

    /// One row per case, in the given order.
    public func render(rows: [Row]) -> String {
        let idWidth = max(4, rows.map(\.id.count).max() ?? 0)
        let level = detailed ? "level         " : ""
        var out = style.dim("\(idHeading.padded(to: idWidth))  line  decisions  \(level)title") + "\n"
        for row in rows {
            var prefix =
                "\(row.id.padded(to: idWidth))  \(String(row.line).padded(to: 4))  "
                + "\(String(row.decisions).padded(to: 9))  "
            if detailed { prefix += "\(row.difficulty.padded(to: 12))  " }
            out += prefix + wrapped(row.title, indent: prefix.count, style: detailed ? style.bold : { $0 }) + "\n"
            guard detailed else { continue }
            for objective in row.objectives {
                out +=
                    String(repeating: " ", count: idWidth + 2)
                    + wrapped("· " + objective, indent: idWidth + 4, style: style.dim) + "\n"
            }
        }
        return out
    }

    /// `text` wrapped on words to end by the last column when it starts at column `indent`;
    /// each line styled on its own (so a colour never runs into the next line's indentation).
    private func wrapped(_ text: String, indent: Int, style: (String) -> String) -> String {
        let lines = text.wrapped(to: max(20, width - indent), indent: "").split(separator: "\n")
        return lines.map { style(String($0)) }.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
