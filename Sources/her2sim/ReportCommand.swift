import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimExport
import Her2SimLRS
import Her2SimLoading
import Her2SimRecords
import Her2SimText

/// Output format of `her2sim report`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, json, xapi, html
}

/// `her2sim report`: each learner's sessions and decisions, and what the cohort gets wrong.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Training records: each learner's sessions and decisions, and what the cohort gets wrong.",
        discussion: """
            Per learner: every session with its score and each decision (turn, choice, tier, points, \
            the reference's choice). Per cohort: mean score per case and per objective, the rules most \
            often missed (the reference's deciding rules where a choice fell below its tier), unsafe \
            choices and progress over time. Sessions without a learner are listed as 'anonymous'. \
            csv prints one row per decision, regimen or management (columns in the README); \
            json prints {"sessions": […], "cohort": {…}}; \
            xapi prints the xAPI statements 'her2sim sync' sends to an LRS (a JSON array); \
            html is one self-contained page for a program director (score distribution per case, \
            rules and objectives most often missed, calibration curve, each learner's progress, \
            confidently wrong decisions; inline CSS and SVG, no scripts; prints on A4 and Letter). \
            --out FILE writes any format to FILE (atomically, replacing it, as 'export' does) \
            instead of standard output. Turns are numbered from 1, as in the cases (t1, t2…).
            """
    )

    @Option(
        help: ArgumentHelp("Only this learner's sessions ('anonymous': sessions without a learner).", valueName: "name")
    )
    var learner: String?

    @Option(
        name: .customLong("case"), help: ArgumentHelp("Only sessions of this case.", valueName: "id"),
        completion: Completions.caseIDs)
    var caseID: String?

    @Option(help: ArgumentHelp("Only sessions started on or after this day (local time).", valueName: "YYYY-MM-DD"))
    var since: String?

    @Option(
        help:
            "Output format: text, csv (one row per decision), json, xapi (xAPI statements) or html (a cohort report page)."
    )
    var format: ReportFormat = .text

    @Option(
        help: ArgumentHelp(
            "Write the report to this file instead of standard output (e.g. cohort.html).",
            valueName: "file"), completion: .file(extensions: ["html", "json", "csv", "txt"]))
    var out: String?

    @Flag(
        help:
            "Re-score every recorded decision with today's knowledge base; list those whose tier changed, with the rule."
    )
    var regrade = false

    @OptionGroup var recordsOptions: RecordsOptions
    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func validate() throws {
        if let since, ReportDate.parse(since) == nil {
            throw ValidationError("--since expects a day as YYYY-MM-DD (for example 2025-03-01), not '\(since)'")
        }
        if regrade, format == .html {
            throw ValidationError("--regrade prints text or json, not html")
        }
    }

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let model = try knowledgeOptions.loadModel(knowledge: knowledge)
        let cases = loadCases(knowledge: knowledge)
        let filter = ReportFilter(learner: learner, caseID: caseID, since: since.flatMap { ReportDate.parse($0) })
        if format == .xapi { return try printStatements(cases: cases, filter: filter) }
        let builder = ReportBuilder(
            knowledge: knowledge, cases: cases, course: Simulator(knowledge: knowledge, model: model))
        if regrade { return try printRegrade(builder: builder, filter: filter) }

        let report: Report
        let url = recordsOptions.url
        if RecordStore.exists(atPath: url.path) {
            let (store, close) = try recordsOptions.openForReading()
            defer { close() }
            do {
                report = try builder.report(store: store, filter: filter)
            } catch {
                printError(error.withCommandLineAdvice)
                throw ExitStatus.invalidInput
            }
        } else {
            // Reading creates nothing: no file is an empty record.
            printError("note: no records yet (\(ResourceLocator.displayPath(url)) does not exist)")
            report = builder.report([], filter: filter)
        }
        if let caseID, !cases.contains(where: { $0.id == caseID }), report.sessions.isEmpty {
            printError(
                "warning: no case '\(caseID)' in the case library\(Suggestion.hint(for: caseID, in: cases.map(\.id)))")
        }

        let rendering = ReportRendering(knowledge: knowledge)
        switch format {
        case .json: try emit(rendering.json(report).serialized + "\n")
        case .csv: try emit(rendering.csv(report))
        case .xapi: break // printed above
        case .html:
            let page = CohortHTMLReport(
                report: report, knowledgeBase: knowledgeOptions.fingerprint()?.sha256, generated: Date())
            try emit(
                page.document(),
                summary:
                    "cohort report, \(report.sessions.count) session\(report.sessions.count == 1 ? "" : "s") of \(report.cohort.learners) learner\(report.cohort.learners == 1 ? "" : "s")"
            )
        case .text:
            let text = ReportRendering(knowledge: knowledge, style: out == nil ? .forStandardOutput() : .plain)
            try emit(text.text(report) + text.calibrationText(report))
        }
    }

    /// Prints `text`, or with `--out` writes it to the file (atomically, as `export` does) and
    /// says so on standard output.
    private func emit(_ text: String, summary: String? = nil) throws {
        guard let out else { return print(text, terminator: "") }
        do {
            let file = try OutputFile(out, suggestedName: format == .html ? "cohort.html" : "report.\(format.rawValue)")
            try file.write(Data(text.utf8))
            print("Wrote \(file.path)\(summary.map { ": " + $0 } ?? "").")
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
    }

    /// `--regrade`: stored decisions re-scored with today's rules (text, or json with --format json).
    private func printRegrade(builder: ReportBuilder, filter: ReportFilter) throws {
        var recorded: [RecordedSession] = []
        let url = recordsOptions.url
        if RecordStore.exists(atPath: url.path) {
            let (store, close) = try recordsOptions.openForReading()
            defer { close() }
            do {
                recorded = try store.recordedSessions(
                    learner: filter.learner, caseID: filter.caseID, since: filter.since)
            } catch {
                printError(error.withCommandLineAdvice)
                throw ExitStatus.invalidInput
            }
        } else {
            printError("note: no records yet (\(ResourceLocator.displayPath(url)) does not exist)")
        }
        let rendering = RegradeRendering(fingerprint: knowledgeOptions.fingerprint()?.sha256)
        let result = builder.regrade(recorded)
        switch format {
        case .json: try emit(rendering.json(result).serialized + "\n")
        case .text: try emit(rendering.text(result))
        case .csv, .xapi, .html:
            printError("error: --regrade prints text or json, not \(format.rawValue)")
            throw ExitStatus.invalidInput
        }
    }

    /// `--format xapi`: the statements of the selected sessions, as `sync` would send them.
    private func printStatements(cases: [CaseScript], filter: ReportFilter) throws {
        let url = recordsOptions.url
        var statements: [XAPIStatement] = []
        if RecordStore.exists(atPath: url.path) {
            let (store, close) = try recordsOptions.openForReading()
            defer { close() }
            do {
                let configuration = try LRSConfiguration.load(environment: ProcessInfo.processInfo.environment)
                let builder = XAPIStatementBuilder(
                    cases: cases, profile: configuration.profile, recordsID: try store.recordsID())
                let sessions = try store.recordedSessions(
                    learner: filter.learner, caseID: filter.caseID, since: filter.since)
                statements = sessions.flatMap { builder.statements(for: $0).map(\.statement) }
            } catch let error as LRSError {
                printError(error.description)
                throw ExitStatus.invalidInput
            } catch let error as RecordsError {
                printError(error.withCommandLineAdvice)
                throw ExitStatus.invalidInput
            }
        } else {
            printError("note: no records yet (\(ResourceLocator.displayPath(url)) does not exist)")
        }
        try emit(String(decoding: try XAPIStatement.json(statements, pretty: true), as: UTF8.self) + "\n")
    }

    /// The case library for objectives and replays; without it the recorded figures still print.
    private func loadCases(knowledge: Knowledge) -> [CaseScript] {
        guard
            let location = ResourceLocator.locate(
                "Cases", marker: "README.md", explicit: caseOptions.directory,
                environmentKey: "HER2SIM_CASES")
        else {
            printError(
                "warning: cannot find the case directory (Cases/): objectives and missed rules are left out; pass --cases DIR"
            )
            return []
        }
        let library = Workspace.cases(
            Workspace.Directory(url: location.url, displayPrefix: location.displayPrefix),
            knowledge: knowledge)
        if library.errorCount > 0 {
            printError(
                "warning: \(library.errorCount) error\(library.errorCount == 1 ? "" : "s") in Cases/: sessions of those cases are reported without objectives (run 'her2sim lint')"
            )
        }
        return library.cases
    }
}
