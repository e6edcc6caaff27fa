import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimExport

extension ExportFormat: ExpressibleByArgument {}

/// `her2sim export --format F --out PATH`: the cases as CME quiz items or a printable handout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the cases as CME quiz items (QTI 2.1, Canvas QTI 1.2, Moodle XML, GIFT) or a printable HTML handout.",
        discussion: """
            Every decision of a case becomes one question: the vignette at that turn, the \
            reference's best choice (several when several are equally preferred: select all that \
            apply, with partial credit) and 3–4 distractors from lower tiers that each teach a \
            different rule, with the engine's explanation as feedback on every option and the \
            turn's teaching as general feedback. The same cases and seed give the same file.

            Formats: qti21 (IMS QTI 2.1 content package, .zip), qti12 (Canvas QTI 1.2 package, \
            .zip), moodle (Moodle XML, one category per case), gift (Moodle GIFT), html (a \
            self-contained printable handout with the answer key at the end).

            --out names the file to write. It is written atomically; a directory, a missing or \
            unwritable parent directory is refused with exit status 1.
            """
    )

    @Option(help: ArgumentHelp("qti21, qti12, moodle, gift or html.", valueName: "format"))
    var format: ExportFormat

    @Option(name: .customLong("case"), parsing: .upToNextOption,
            help: ArgumentHelp("Case ids to export, in this order (default: every case).", valueName: "id"))
    var caseIDs: [String] = []

    @Option(help: "Seed for choosing and ordering distractors (default: \(QuizBuilder.defaultSeed)).")
    var seed: UInt64 = QuizBuilder.defaultSeed

    @Option(help: ArgumentHelp("The file to write (e.g. out/quiz.zip).", valueName: "path"))
    var out: String

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func run() throws {
        let target: OutputFile
        do {
            target = try OutputFile(out, suggestedName: (format == .html ? "handout." : "quiz.") + format.fileExtension)
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
        let knowledge = try knowledgeOptions.load()
        let library = CaseLibrary.load(files: try caseOptions.files(), knowledge: knowledge, lint: false)
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError("error: \(library.errorCount) error\(library.errorCount == 1 ? "" : "s") in the cases; nothing exported (run 'her2sim lint' for details)")
            throw ExitStatus.invalidInput
        }
        let scripts = try selected(library)
        guard !scripts.isEmpty else {
            printError("error: there are no cases to export")
            throw ExitStatus.invalidInput
        }
        let bank = QuizBuilder(knowledge: knowledge).bank(scripts, seed: seed)
        do {
            try target.write(Exporter.render(bank, as: format))
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
        let items = bank.items.count
        print("Wrote \(out): \(format.displayName), \(items) question\(items == 1 ? "" : "s") from \(bank.cases.count) case\(bank.cases.count == 1 ? "" : "s") (seed \(seed)).")
    }

    /// The requested cases in the order given, or all of them; an unknown id is an error with a suggestion.
    private func selected(_ library: CaseLibrary) throws -> [CaseScript] {
        guard !caseIDs.isEmpty else { return library.cases }
        var scripts: [CaseScript] = []
        for id in caseIDs {
            guard let script = library.script(id) else {
                printError("error: no case '\(id)'\(Suggestion.hint(for: id, in: library.cases.map(\.id))); 'her2sim cases' lists them")
                throw ExitStatus.invalidInput
            }
            if !scripts.contains(where: { $0.id == id }) { scripts.append(script) }
        }
        return scripts
    }
}
