import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimExport
import Her2SimLoading

extension ExportFormat: ExpressibleByArgument {}

/// `--format`: one format, or `all` of them.
enum ExportFormatChoice: ExpressibleByArgument, Equatable {
    case one(ExportFormat)
    case all

    init?(argument: String) {
        if argument == "all" {
            self = .all
        } else if let format = ExportFormat(rawValue: argument) {
            self = .one(format)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { ExportFormat.allCases.map(\.rawValue) + ["all"] }

    var formats: [ExportFormat] {
        switch self {
        case .one(let format): [format]
        case .all: ExportFormat.allCases
        }
    }
}

/// `her2sim export --format F --out PATH`: the cases as CME quiz items or a printable handout.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Export the cases as CME quiz items (QTI 2.1, Canvas QTI 1.2, Moodle XML, GIFT) or a printable HTML handout.",
        discussion: """
            Every decision of a case becomes one question: the vignette at that turn, the \
            reference's best choice (several only when the engine does not rank them apart: \
            select all that apply, with partial credit) and 3–4 distractors from lower tiers that \
            each teach a different rule, with the engine's explanation in plain words as feedback \
            on every option and the turn's teaching as general feedback. The same cases and seed \
            give the same file.

            Formats: qti21 (IMS QTI 2.1 content package, .zip), qti12 (Canvas QTI 1.2 package, \
            .zip), moodle (Moodle XML, one category per case), gift (Moodle GIFT), html (a \
            self-contained printable handout with the answer key at the end), or all of them.

            --out is a file, or a folder (one that exists, a path ending in /, or any path with \
            --format all) that gets quiz-qti21.zip, quiz-qti12.zip, quiz-moodle.xml, quiz.gift \
            and handout.html. Missing folders are created; files are written atomically.

            --cme FILE adds a CME office's activity (cme.yaml, see Examples/README.md): \
            accreditation and credit statements, faculty and disclosures, dates, audience, \
            objectives and evaluation, and the practice region for off-label notes. Every export \
            carries the knowledge base's fingerprint, full references and off-label notes.
            """
    )

    @Option(help: ArgumentHelp("qti21, qti12, moodle, gift, html or all.", valueName: "format"))
    var format: ExportFormatChoice

    @Option(
        name: .customLong("case"), parsing: .upToNextOption,
        help: ArgumentHelp("Case ids to export, in this order (default: every case).", valueName: "id"))
    var caseIDs: [String] = []

    @Option(help: "Seed for choosing and ordering distractors.")
    var seed: UInt64 = QuizBuilder.defaultSeed

    @Option(
        help: ArgumentHelp(
            "The file or folder to write (e.g. out/quiz.zip, or out/ for every format).", valueName: "path"))
    var out: String

    @Option(
        help: ArgumentHelp("The CME activity file (e.g. Examples/cme.yaml).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var cme: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let extras = try ExportKnowledge.load(knowledgeOptions, knowledge: knowledge)
        var activity: CMEActivity?
        if let cme {
            let result = extras.loadActivity(cme)
            DiagnosticPrinter.print(result.diagnostics, summary: false)
            guard let loaded = result.activity else {
                printError(
                    "error: \(Text.count(result.errorCount, "error")) in \(cme); nothing exported (run 'her2sim lint --cme \(cme)' for details)"
                )
                throw ExitStatus.invalidInput
            }
            activity = loaded
        }
        let library = try caseOptions.library(knowledge: knowledge)
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError(
                "error: \(library.errorCount) error\(library.errorCount == 1 ? "" : "s") in the cases; nothing exported (run 'her2sim lint' for details)"
            )
            throw ExitStatus.invalidInput
        }
        let scripts = try selected(library)
        guard !scripts.isEmpty else {
            printError("error: there are no cases to export")
            throw ExitStatus.invalidInput
        }
        var builder = QuizBuilder(
            knowledge: knowledge, approvals: extras.approvals, citations: CitationDetails.of(knowledge))
        builder.doseModifications = try knowledgeOptions.loadDoseModificationsIfPresent(knowledge: knowledge)
        let bank = builder.bank(scripts, seed: seed, activity: activity, knowledgeBase: extras.fingerprint)
        let items = bank.items.count
        // Folders are created only once everything loaded, so a failed export leaves none behind.
        let targets: [(format: ExportFormat, file: OutputFile)]
        do {
            targets = try ExportDestination.files(for: format.formats, out: out)
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
        for target in targets {
            do {
                try target.file.write(Exporter.render(bank, as: target.format))
            } catch {
                printError("error: \(error)")
                throw ExitStatus.invalidInput
            }
            print(
                "Wrote \(target.file.path): \(target.format.displayName), \(items) question\(items == 1 ? "" : "s") from \(bank.cases.count) case\(bank.cases.count == 1 ? "" : "s") (seed \(seed))."
            )
        }
    }

    /// The requested cases in the order given, or all of them; an unknown id is an error with a suggestion.
    private func selected(_ library: CaseLibrary) throws -> [CaseScript] {
        guard !caseIDs.isEmpty else { return library.cases }
        var scripts: [CaseScript] = []
        for id in caseIDs {
            guard let script = library.script(id) else {
                printError(
                    "error: no case '\(id)'\(Suggestion.hint(for: id, in: library.cases.map(\.id))); 'her2sim cases' lists them"
                )
                throw ExitStatus.invalidInput
            }
            if !scripts.contains(where: { $0.id == id }) { scripts.append(script) }
        }
        return scripts
    }
}
