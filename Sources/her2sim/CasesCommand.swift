import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimText

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
            print(
                JSONValue.object([
                    (
                        "cases",
                        .array(
                            library.cases.map { script in
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
                            })
                    )
                ]).serialized)
        case .text:
            print(table(library.cases, engine: engine), terminator: "")
        }
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError(
                "\(library.errorCount) error\(library.errorCount == 1 ? "" : "s"): some cases were skipped; run 'her2sim lint' for details"
            )
            throw ExitStatus.invalidInput
        }
    }

    private func table(_ cases: [CaseScript], engine: ReferenceEngine) -> String {
        // 80 columns: the title wraps under itself, objectives under their first word.
        let table = CaseTable(idHeading: "id", detailed: true, style: TerminalStyle.forStandardOutput())
        let rows = table.render(cases) { engine.line(of: $0.initialState) }
        return rows + "\n\(cases.count) case\(cases.count == 1 ? "" : "s")\n"
    }
}
