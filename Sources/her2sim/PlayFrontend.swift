import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL
import Her2SimRecords
import Her2SimText

/// The REPL's start-up and run for `play` and `resume`, one job per method, in the order they
/// happen: load the workspace, check the case asked for, read the script, open the records,
/// name the learner, configure the REPL, begin (welcome, case or resumed session), read lines,
/// and finally say whether every decision was saved.
struct PlayFrontend {
    var options: ReplOptions
    var environment = ProcessInfo.processInfo.environment

    /// Runs the REPL, first starting `caseID` or resuming `resumeID` (a session number, or ""
    /// for the learner's latest unfinished session).
    func run(caseID: String?, seed: UInt64?, resuming resumeID: String?) throws {
        let scoring = try options.knowledgeOptions.scoring()
        let casesDirectory = try options.caseOptions.location()
        let cache = CaseIndexCache(scoring: scoring, cases: casesDirectory, environment: environment)
        if caseID == nil, resumeID == nil, options.script == nil, let index = cache.read() {
            try runFromIndex(index, scoring: scoring, cases: casesDirectory)
            return
        }
        // The model and the cases load side by side; the library's errors are printed below.
        let workspace = try KnowledgeOptions.loadWorkspace(scoring: scoring, cases: casesDirectory)
        cache.store(workspace)
        try play(workspace, caseID: caseID, seed: seed, resuming: resumeID, input: nil)
    }

    /// The first screen from the case index (`FirstScreen`), then the full REPL.
    private func runFromIndex(_ index: CaseIndex, scoring: Workspace.Directory, cases: Workspace.Directory) throws {
        _ = try learnerName() // A bad name stops her2sim before the welcome, as it always did.
        let screen = FirstScreen(index: index, scoring: scoring, cases: cases, environment: environment)
        guard let opening = screen.show() else { return }
        try play(after: opening, of: screen)
    }

    /// The full REPL once the first screen has read its first line, which the REPL handles.
    func play(after opening: FirstScreen.Opening, of screen: FirstScreen) throws {
        let workspace = try opening.workspace(scoring: screen.scoring, cases: screen.cases)
        try play(workspace, caseID: nil, seed: nil, resuming: nil, input: opening.input)
    }

    /// The REPL on a loaded workspace; `input` is the line source when the welcome and the first
    /// line were already handled from the case index.
    private func play(
        _ workspace: Workspace, caseID: String?, seed: UInt64?, resuming resumeID: String?,
        input: FirstLineSource?
    ) throws {
        try checkCases(workspace.cases, caseID: caseID)
        let scriptLines = try options.script.map(ReplOptions.scriptLines)
        let interactive = scriptLines == nil && isatty(STDIN_FILENO) == 1
        let store = try options.recordsOptions.open()
        let recorder = SessionRecorder(store: store)
        defer { recorder.finish() } // Another her2sim may resume the session now.
        recorder.knowledgeBase = options.knowledgeOptions.fingerprint()?.sha256
        recorder.sessionEnded = AfterSessionSync(store: store, cases: workspace.cases.cases).run
        let learner = try learnerName()
        DiagnosticPrinter.print(workspace.doseModificationWarnings)
        let saving = SavingProblems()
        let setup = Setup(
            workspace: workspace, doseModifications: workspace.model.doseModifications.table, store: store,
            recorder: recorder, learner: learner,
            style: interactive ? TerminalStyle.forStandardOutput() : .plain, interactive: interactive)
        let (repl, resume) = makeRepl(setup, saving: saving)
        if var input {
            repl.run(&input)
        } else {
            try begin(repl, resume: resume, caseID: caseID, seed: seed, resuming: resumeID)
            readLines(into: repl, script: scriptLines, interactive: interactive)
        }
        if let problem = saving.unsaved ?? saving.lost {
            printError(
                "error: some of this run's decisions were not saved to \(store.url.path) (\(problem.reason)); the ones saved before that are kept — 'her2sim report' lists them"
            )
            throw ExitStatus.invalidInput
        }
    }

    /// What the REPL is configured from.
    private struct Setup {
        var workspace: Workspace
        var doseModifications: DoseModificationTable?
        var store: RecordStore
        var recorder: SessionRecorder
        var learner: String?
        var style: TerminalStyle
        var interactive: Bool
    }

    /// Cases with errors are left out (with a warning); a case asked for must exist.
    private func checkCases(_ library: CaseLibrary, caseID: String?) throws {
        if library.errorCount > 0 {
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error }, summary: false)
            printError(
                "warning: \(library.errorCount) error\(library.errorCount == 1 ? "" : "s") in Cases/; those cases are not offered (run 'her2sim lint')"
            )
        }
        if let caseID, library.script(caseID) == nil {
            printError(
                "error: no case '\(caseID)'\(Suggestion.hint(for: caseID, in: library.cases.map(\.id))); 'her2sim cases' lists them"
            )
            throw ExitStatus.invalidInput
        }
    }

    /// `--learner`, else `$HER2SIM_LEARNER`, checked; nil plays anonymously.
    private func learnerName() throws -> String? {
        do {
            return try LearnerName.validated(options.learner ?? environment["HER2SIM_LEARNER"])
        } catch {
            printError(error.description + (options.learner == nil ? " (from $HER2SIM_LEARNER)" : ""))
            throw ExitStatus.invalidInput
        }
    }

    /// The REPL wired to the records: every event saved before it is shown, problems reported.
    private func makeRepl(_ setup: Setup, saving: SavingProblems) -> (Repl, SessionResumer) {
        let (workspace, store, recorder) = (setup.workspace, setup.store, setup.recorder)
        let knowledge = workspace.knowledge
        let course = Simulator(knowledge: knowledge, model: workspace.model)
        let table = setup.doseModifications
        let context = SessionContext(knowledge: knowledge, course: course, doseModifications: table)
        let database = options.recordsOptions.path.map { " --db " + ShellWord.quoted($0) } ?? ""
        let resume = SessionResumer(
            store: store, recorder: recorder, cases: workspace.cases.cases, context: context,
            learner: setup.learner, database: database)
        var configuration = Repl.Configuration(
            knowledge: knowledge, cases: workspace.cases.cases, course: course, style: setup.style,
            learner: setup.learner,
            record: { session, event in
                do throws(RecordsError) {
                    try recorder.record(session, event)
                    saving.saved(event)
                    return nil
                } catch {
                    saving.failed(error)
                    switch error {
                    case .diskFull, .readOnly, .busy, .locked:
                        return
                            "not saved to \(store.url.path): \(error.reason). What was saved before is kept; her2sim saves this step with your next one if it can."
                    default:
                        // Not a passing condition (a damaged file, a session taken elsewhere): no false hope.
                        return
                            "not saved to \(store.url.path): \(error.reason). What was saved before is kept; nothing more from this run can be saved there."
                    }
                }
            },
            resume: resume.resume)
        let progress = ProgressScreen(
            builder: ReportBuilder(knowledge: knowledge, cases: workspace.cases.cases, course: course),
            style: setup.style)
        configuration.doseModifications = table
        configuration.progress = { progress.text(store: store, learner: setup.learner) }
        configuration.confidencePrompt = confidencePrompt(interactive: setup.interactive)
        configuration.recordConfidence = { _, turn, value in
            do throws(RecordsError) {
                try recorder.recordConfidence(value, turn: turn)
                return nil
            } catch {
                return "how sure you were is not saved to \(store.url.path): \(error.reason)"
            }
        }
        configuration.resumeCommand = { _ in recorder.current.map { "her2sim resume \($0.rawValue)\(database)" } }
        let write: (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        return (Repl(configuration: configuration, write: write), resume)
    }

    /// Scripted play stays byte-for-byte as before unless asked (`choose tdm1 80` always records).
    private func confidencePrompt(interactive: Bool) -> ConfidencePolicy {
        switch options.confidence {
        case .on: .always
        case .off: .never
        case .case: .byCase
        case .auto: interactive ? .byCase : .never
        }
    }

    /// The first screen: a resumed session, the case asked for, or the welcome.
    private func begin(
        _ repl: Repl, resume: SessionResumer, caseID: String?, seed: UInt64?,
        resuming resumeID: String?
    ) throws {
        if let resumeID {
            switch resume.resume(resumeID.isEmpty ? nil : resumeID) {
            case .success(let session): repl.continueSession(session)
            case .failure(let message):
                printError("error: \(message.text)")
                throw ExitStatus.invalidInput
            }
        } else if let caseID {
            repl.start(caseID, seed: seed ?? UInt64.random(in: 1...999_999))
        } else {
            repl.welcome()
        }
    }

    /// Commands from the script, the terminal (readline, with history) or a pipe.
    private func readLines(into repl: Repl, script: [String]?, interactive: Bool) {
        let write: (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }
        if let script {
            var source = PlainLineSource(lines: script, output: write)
            repl.run(&source)
        } else if interactive {
            let history = DataDirectory.url(environment: environment).appendingPathComponent("history")
            var source = ReadlineLineSource(historyFile: history, completer: repl.completer, warn: { printError($0) })
            repl.run(&source)
        } else {
            var source = PlainLineSource(output: write)
            repl.run(&source)
        }
    }
}

/// Whether every session event of a run reached the records: a failed save is made good by the
/// next successful one of the same session (it stores everything missing), but not by a new
/// session's start.
final class SavingProblems {
    /// The failure of the latest save, until a later save of the same session succeeds.
    private(set) var unsaved: RecordsError?
    /// A failure never made good (its session was left for another).
    private(set) var lost: RecordsError?

    func saved(_ event: SessionEvent) {
        if case .started = event, let unsaved { lost = lost ?? unsaved }
        unsaved = nil
    }

    func failed(_ error: RecordsError) {
        unsaved = error
    }
}

/// A line already read (before the REPL existed), then the rest of the same source.
struct FirstLineSource: LineSource {
    var first: String?
    var firstLength: Int?
    var rest: any LineSource
    private(set) var lastLineLength: Int?

    init(first: String, firstLength: Int?, rest: any LineSource) {
        self.first = first
        self.firstLength = firstLength
        self.rest = rest
    }

    var echoesInput: Bool { rest.echoesInput }

    mutating func readLine(prompt: String) -> String? {
        if let line = first {
            first = nil
            lastLineLength = firstLength
            return line
        }
        let line = rest.readLine(prompt: prompt)
        lastLineLength = rest.lastLineLength
        return line
    }
}
