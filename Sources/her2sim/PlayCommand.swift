import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL
import Her2SimRecords
import Her2SimText

/// `her2sim play [CASE]` (and `her2sim` alone): the REPL on the bundled cases.
struct PlayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play cases in the REPL (the default when her2sim is run without a subcommand).",
        discussion: """
            With a terminal: line editing, history in $XDG_DATA_HOME/her2sim/history and TAB completion. \
            With a pipe or --script FILE: the same commands, no colour, each line echoed after its prompt.

            Every decision is saved to the records (--db) before it is shown. If one cannot be saved \
            (a full or read-only disk), a warning says so and the case goes on; the next decision \
            that can be saved stores the missed ones too. If any stay unsaved, her2sim exits with \
            status 1.
            """
    )

    @Argument(
        help: ArgumentHelp("A case to start at once (see 'her2sim cases').", valueName: "case"),
        completion: Completions.caseIDs)
    var caseID: String?

    @Option(help: "The seed that fixes how the disease behaves (default: a random one, printed).")
    var seed: UInt64?

    @Option(help: "text (the REPL) or jsonl (with CASE, --seed and --script: one JSON object per line, nothing saved).")
    var format: PlayFormat = .text

    /// For tests and authoring tools: many paths in one process instead of one process each.
    @Option(
        name: .customLong("paths-file"),
        help: ArgumentHelp(
            "With --format jsonl: play each line's space-separated choices as its own path; "
                + "each transcript follows a {\"type\": \"path\"} line.",
            valueName: "file", visibility: .hidden))
    var pathsFile: String?

    /// The 1,000-patient comparison costs most of a transcript's time; path checks need none.
    @Option(
        help: ArgumentHelp(
            "With --format jsonl: simulated patients in the end object's comparison (0 leaves it out).",
            valueName: "n"))
    var patients: Int = SequenceComparison.defaultPatients

    @OptionGroup var options: ReplOptions

    func run() throws {
        if format == .jsonl {
            guard (0...100_000).contains(patients) else {
                throw ValidationError("--patients takes a number from 0 to 100000, not \(patients)")
            }
            try options.transcript(caseID: caseID, seed: seed, pathsFile: pathsFile, patients: patients)
            return
        }
        try options.launch(caseID: caseID, seed: seed, resuming: nil)
    }
}

/// What `play` and `resume` share: learner, script, and where knowledge, cases and records
/// live. (`--seed` is play's alone: a resumed session keeps the seed it was started with.)
struct ReplOptions: ParsableArguments {
    @Option(help: "Who is playing (default: $HER2SIM_LEARNER; without one the session is anonymous).")
    var learner: String?

    @Option(
        help: ArgumentHelp("Read commands from this file instead of the keyboard.", valueName: "file"),
        completion: .file())
    var script: String?

    @Option(
        help: ArgumentHelp(
            "Ask 'How sure are you?' after each choice: on, off, case (as the case says), or auto (case at a terminal, off for a pipe or --script).",
            valueName: "mode"))
    var confidence: ConfidenceMode = .auto

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions
    @OptionGroup var recordsOptions: RecordsOptions

    /// `--format jsonl`: plays the script's choices without the REPL or the records.
    func transcript(
        caseID: String?, seed: UInt64?, pathsFile: String? = nil,
        patients: Int = SequenceComparison.defaultPatients
    ) throws {
        guard let caseID, let seed, script != nil || pathsFile != nil else {
            printError(
                "error: --format jsonl needs a case, --seed N and --script FILE (its 'choose' lines are the choices)")
            throw ExitStatus.invalidInput
        }
        let workspace = try knowledgeOptions.loadWorkspace(cases: caseOptions)
        let (knowledge, model, library) = (workspace.knowledge, workspace.model, workspace.cases)
        guard let caseScript = library.script(caseID) else {
            printError(
                "error: no case '\(caseID)'\(Suggestion.hint(for: caseID, in: library.cases.map(\.id))); 'her2sim cases' lists them"
            )
            throw ExitStatus.invalidInput
        }
        let table = try knowledgeOptions.loadDoseModificationsIfPresent(knowledge: knowledge)
        let context = SessionContext(
            knowledge: knowledge, course: Simulator(knowledge: knowledge, model: model),
            doseModifications: table)
        var transcript = JSONLTranscript(context: context)
        transcript.patients = patients
        if let pathsFile {
            var failed = false
            for (index, line) in try Self.scriptLines(pathsFile).enumerated() {
                let choices = line.split(whereSeparator: \.isWhitespace).map(String.init)
                let header = JSONValue.object([
                    ("type", "path"), ("index", .int(index)),
                    ("choices", .array(choices.map(JSONValue.string))),
                ])
                let result = transcript.lines(script: caseScript, seed: seed, choices: choices)
                let text = ([header.serialized] + result.lines).map { $0 + "\n" }.joined()
                FileHandle.standardOutput.write(Data(text.utf8))
                if let error = result.error {
                    printError("\(pathsFile):\(index + 1): \(error)")
                    failed = true
                }
            }
            if failed { throw ExitStatus.invalidInput }
            return
        }
        guard let script else { return }
        let lines = try Self.scriptLines(script)
        let result = transcript.lines(
            script: caseScript, seed: seed, choices: JSONLTranscript.choices(in: lines),
            management: JSONLTranscript.managementChoices(in: lines))
        FileHandle.standardOutput.write(Data(result.lines.map { $0 + "\n" }.joined().utf8))
        if let error = result.error {
            printError(error)
            throw ExitStatus.invalidInput
        }
    }

    /// The lines of a `--script` file, for the REPL and the JSON-lines transcript alike. CRLF (a
    /// script saved on Windows) and lone CR end lines as LF does; "\r\n" is one Character in
    /// Swift, so the split is on scalars after normalising. A final line break adds no line.
    static func scriptLines(_ path: String) throws -> [String] {
        let text: String
        do {
            text = try SourceText.read(
                contentsOf: URL(fileURLWithPath: path), displayName: path,
                expected: "a script file (one REPL command per line)")
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidInput
        }
        var lines = YAMLDocument.normalizedLineBreaks(text).unicodeScalars
            .split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Sets up the REPL and runs it, first starting `caseID` or resuming `resumeID` (a session
    /// number, or "" for the learner's latest unfinished session).
    func launch(caseID: String?, seed: UInt64? = nil, resuming resumeID: String?) throws {
        try PlayFrontend(options: self).run(caseID: caseID, seed: seed, resuming: resumeID)
    }
}

/// `--confidence`: whether the REPL asks how sure the fellow is after each choice — always,
/// never, as the case says (`confidence: ask|skip` in Cases/), or auto: as the case says at a
/// terminal, never for a pipe or a script.
enum ConfidenceMode: String, ExpressibleByArgument, CaseIterable {
    case auto, on, off, `case`
}
