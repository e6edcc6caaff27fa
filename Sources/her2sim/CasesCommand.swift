import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL

/// `her2sim cases`: the case library at a glance.
struct CasesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases",
        abstract: "List the bundled cases: id, title, starting line, decisions, objectives."
    )

    @Option(help: "Output format: text (a table) or json.")
    var format: OutputFormat = .text

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let library = try caseOptions.library(knowledge: knowledge)
        let engine = ReferenceEngine(knowledge: knowledge)
        switch format {
        case .json:
            print(JSONValue.object([("cases", .array(library.cases.map { script in
                .object([
                    ("id", .string(script.id)),
                    ("title", .string(script.title)),
                    ("line", .int(engine.line(of: script.initialState))),
                    ("decisions", .int(script.decisions + script.managementTurns)),
                    ("difficulty", .string(script.difficulty.rawValue)),
                    ("minutes", .int(script.minutes)),
                    ("objectives", .array(script.objectives.map { .string($0.text) })),
                    ("file", .string(script.file)),
                ])
            }))]).serialized)
        case .text:
            print(table(library.cases, engine: engine), terminator: "")
        }
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError("\(library.errorCount) error\(library.errorCount == 1 ? "" : "s"): some cases were skipped; run 'her2sim lint' for details")
            throw ExitStatus.invalidInput
        }
    }

    private func table(_ cases: [CaseScript], engine: ReferenceEngine) -> String {
        let style = TerminalStyle.forStandardOutput()
        let idWidth = max(4, cases.map(\.id.count).max() ?? 0)
        var out = style.dim("\("id".padded(to: idWidth))  line  decisions  level         title") + "\n"
        for script in cases {
            let line = String(engine.line(of: script.initialState))
            // 80 columns: the title wraps under itself, objectives under their first word.
            let prefix = "\(script.id.padded(to: idWidth))  \(line.padded(to: 4))  \(String(script.decisions).padded(to: 9))  \(script.difficulty.rawValue.padded(to: 12))  "
            out += prefix + Self.wrapped(script.title, indent: prefix.count, style: style.bold) + "\n"
            for objective in script.objectives {
                out += String(repeating: " ", count: idWidth + 2)
                    + Self.wrapped("· " + objective.text, indent: idWidth + 4, style: style.dim) + "\n"
            }
        }
        out += "\n\(cases.count) case\(cases.count == 1 ? "" : "s")\n"
        return out
    }

    /// `text` wrapped on words to end by column 80 when it starts at column `indent`; each line
    /// styled on its own (so a colour never runs into the next line's indentation).
    private static func wrapped(_ text: String, indent: Int, style: (String) -> String) -> String {
        let lines = text.wrapped(to: max(20, Screens.width - indent), indent: "").split(separator: "\n")
        return lines.map { style(String($0)) }.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
