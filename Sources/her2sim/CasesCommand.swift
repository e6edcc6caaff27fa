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
        let scoring = try knowledgeOptions.scoring()
        let directory = try caseOptions.location()
        let environment = ProcessInfo.processInfo.environment
        if let index = CaseIndexCache(scoring: scoring, cases: directory, environment: environment).read() {
            show(index.cases)
            return
        }
        let knowledge = try knowledgeOptions.load()
        let library = Workspace.cases(directory, knowledge: knowledge)
        let engine = ReferenceEngine(knowledge: knowledge)
        show(library.cases.map { CaseIndex.Entry(script: $0, engine: engine) })
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError(
                "\(library.errorCount) error\(library.errorCount == 1 ? "" : "s"): some cases were skipped; run 'her2sim lint' for details"
            )
            throw ExitStatus.invalidInput
        }
    }

    /// The table or the JSON, from the case index or a load (the same rows either way).
    private func show(_ cases: [CaseIndex.Entry]) {
        switch format {
        case .json:
            print(
                JSONValue.object([
                    (
                        "cases",
                        .array(
                            cases.map { entry in
                                .object([
                                    ("id", .string(entry.id)),
                                    ("title", .string(entry.title)),
                                    ("line", .int(entry.line)),
                                    ("decisions", .int(entry.decisions)),
                                    ("difficulty", .string(entry.difficulty)),
                                    ("minutes", .int(entry.minutes)),
                                    ("objectives", .array(entry.objectives.map { .string($0) })),
                                    ("file", .string(entry.file)),
                                ])
                            })
                    )
                ]).serialized)
        case .text:
            // 80 columns: the title wraps under itself, objectives under their first word.
            let table = CaseTable(idHeading: "id", detailed: true, style: TerminalStyle.forStandardOutput())
            let rows = table.render(rows: CaseIndex(cases: cases, regimenIDs: [], regimenNames: []).rows)
            print(rows + "\n\(cases.count) case\(cases.count == 1 ? "" : "s")\n", terminator: "")
        }
    }
}
