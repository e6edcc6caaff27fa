import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading

/// `her2sim lint [PATH…]`: check case scripts the way a compiler checks code.
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check case scripts (and a CME activity file): errors and warnings as file:line:col, with fixes.",
        discussion: """
            Exit status: 0 clean (warnings allowed unless --strict), 1 errors found. \
            The format is documented in Cases/README.md. With --cme FILE, the CME activity \
            file (Examples/README.md) and Scoring/approvals.yaml are checked too; without case \
            paths, only they are.
            """
    )

    @Argument(
        help: ArgumentHelp("Case files or directories (default: the bundled Cases/).", valueName: "path"),
        completion: Completions.caseFiles)
    var paths: [String] = []

    @Flag(help: "Treat warnings as errors.")
    var strict = false

    @Flag(
        name: .customLong("paths"),
        help: ArgumentHelp(
            "Also play each case on every path (the reference's, each regimen at each decision, seeded random ones) and warn where the story contradicts the path.",
            discussion: "With --strict these warnings fail too. See 'What lint --paths checks' in Cases/README.md."))
    var playPaths = false

    @Option(help: "Output format: text (one diagnostic per line) or json (for editors and CI).")
    var format: OutputFormat = .text

    @Option(
        help: ArgumentHelp("A CME activity file to check (e.g. Examples/cme.yaml).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var cme: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let context =
            try playPaths
            ? SessionContext(
                knowledge: knowledge,
                course: Simulator(knowledge: knowledge, model: knowledgeOptions.loadModel(knowledge: knowledge)))
            : nil
        var library: CaseLibrary
        if cme != nil, paths.isEmpty {
            library = CaseLibrary.load(files: [], knowledge: knowledge, lint: true)
        } else {
            // Files side by side (a task group): `--paths` plays every case on every path.
            let files = try paths.isEmpty ? caseOptions.files() : expand(paths)
            library = waitForTask {
                await CaseLibrary.load(files: files, knowledge: knowledge, lint: true, paths: context)
            }
        }
        if let cme {
            let extras = try ExportKnowledge.load(knowledgeOptions, knowledge: knowledge)
            library.diagnostics += extras.approvalWarnings + extras.loadActivity(cme).diagnostics
            library.files.append(cme)
        }
        let failing = library.errorCount > 0 || (strict && library.warningCount > 0)
        switch format {
        case .json:
            print(json(library, failing: failing).serialized)
        case .text:
            DiagnosticPrinter.print(library.diagnostics, summary: false)
            let played = library.pathCounts.values.reduce(0, +)
            let pathNote = playPaths ? " (\(played) path\(played == 1 ? "" : "s") played)" : ""
            let summary =
                "\(library.files.count) file\(library.files.count == 1 ? "" : "s"), \(library.cases.count) case\(library.cases.count == 1 ? "" : "s"): \(library.errorCount) error\(library.errorCount == 1 ? "" : "s"), \(library.warningCount) warning\(library.warningCount == 1 ? "" : "s")"
                + pathNote
            printError(summary + (strict && library.warningCount > 0 ? " (--strict: warnings are errors)" : ""))
        }
        if failing { throw ExitStatus.invalidInput }
    }

    /// Files as given; directories expand to their `*.yaml` files. A missing path is an error.
    private func expand(_ paths: [String]) throws -> [(url: URL, displayName: String)] {
        var files: [(url: URL, displayName: String)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                printError("\(path): error: no such file or directory")
                throw ExitStatus.invalidInput
            }
            if isDirectory.boolValue {
                let prefix = path.hasSuffix("/") ? path : path + "/"
                files += CaseLibrary.yamlFiles(in: URL(fileURLWithPath: path), displayPrefix: prefix)
            } else {
                files.append((URL(fileURLWithPath: path), path))
            }
        }
        return files
    }

    /// With --paths, a "paths" member (paths played per case id) follows "diagnostics".
    private func json(_ library: CaseLibrary, failing: Bool) -> JSONValue {
        let paths: [(String, JSONValue)] =
            playPaths
            ? [("paths", .object(library.pathCounts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))] : []
        return .object(
            [
                ("files", .array(library.files.map(JSONValue.string))),
                ("cases", .array(library.cases.map { .string($0.id) })),
                ("errors", .int(library.errorCount)),
                ("warnings", .int(library.warningCount)),
                ("ok", .bool(!failing)),
                (
                    "diagnostics",
                    .array(
                        library.diagnostics.map { diagnostic in
                            .object([
                                ("file", .string(diagnostic.file)),
                                ("line", diagnostic.location.map { .int($0.line) } ?? .null),
                                ("column", diagnostic.location.map { .int($0.column) } ?? .null),
                                ("severity", .string(diagnostic.severity.rawValue)),
                                ("message", .string(diagnostic.message)),
                            ])
                        })
                ),
            ] + paths)
    }
}
