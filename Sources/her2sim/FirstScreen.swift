import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimREPL
import Her2SimRecords
import Her2SimText

/// The REPL's first screen from the case index: the welcome, the workspace loading in the
/// background meanwhile (at a terminal), and the first line read. It needs no parsed options, so
/// `her2sim` alone shows it before ArgumentParser runs (`Her2Sim.main`); `PlayFrontend` then
/// builds the full REPL, which handles that first line as if it had read it.
struct FirstScreen {
    var index: CaseIndex
    var scoring: Workspace.Directory
    var cases: Workspace.Directory
    var environment: [String: String]

    /// What the first screen hands on: the line read, and the load already under way (if any).
    struct Opening {
        var input: FirstLineSource
        var loading: Task<Result<Workspace, DiagnosticError>, Never>?

        /// The workspace, from the load under way or a new one.
        func workspace(scoring: Workspace.Directory, cases: Workspace.Directory) throws -> Workspace {
            try KnowledgeOptions.accept(
                waitForTask { [loading] in
                    if let loading { return await loading.value }
                    return await KnowledgeOptions.loading(scoring: scoring, cases: cases)
                })
        }
    }

    /// The first screen of `her2sim` with no argument, when nothing needs a message: the folders
    /// are found without flags, the learner's name in the environment (if any) is valid, and the
    /// index is current. Otherwise nil, and the parsed path runs and says what is wrong.
    static func withoutArguments(environment: [String: String]) -> FirstScreen? {
        do {
            _ = try LearnerName.validated(environment["HER2SIM_LEARNER"]) // nil (anonymous) is fine
        } catch {
            return nil
        }
        guard let scoringDirectory = KnowledgeOptions.find(named: nil, environment: environment),
            case .success(let casesDirectory) = CaseOptions.find(named: nil, environment: environment)
        else { return nil }
        let cache = CaseIndexCache(scoring: scoringDirectory, cases: casesDirectory, environment: environment)
        guard let index = cache.read() else { return nil }
        return FirstScreen(index: index, scoring: scoringDirectory, cases: casesDirectory, environment: environment)
    }

    /// Writes the welcome and reads the first line; nil at end of input (after writing what the
    /// REPL writes there), when nothing is loaded or waited for.
    func show() -> Opening? {
        let interactive = isatty(STDIN_FILENO) == 1
        let style = interactive ? TerminalStyle.forStandardOutput() : .plain
        FileHandle.standardOutput.write(Data(Repl.welcomeScreen(index.rows, style: style).utf8))
        // A head start helps only while someone types: piped input has its first line at once,
        // and at its end nothing is loaded at all.
        let (scoring, cases) = (scoring, cases)
        let loading =
            interactive ? Task.detached { await KnowledgeOptions.loading(scoring: scoring, cases: cases) } : nil
        var source: any LineSource
        if interactive {
            let history = DataDirectory.url(environment: environment).appendingPathComponent("history")
            let completer = Completer(
                caseIDs: index.cases.map(\.id), regimenIDs: index.regimenIDs, regimenNames: index.regimenNames)
            source = ReadlineLineSource(historyFile: history, completer: completer, warn: { printError($0) })
        } else {
            source = PlainLineSource(output: { text in FileHandle.standardOutput.write(Data(text.utf8)) })
        }
        guard let first = source.readLine(prompt: Repl.idlePrompt) else {
            FileHandle.standardOutput.write(Data("\n".utf8)) // What the REPL writes at end of input.
            return nil
        }
        return Opening(
            input: FirstLineSource(first: first, firstLength: source.lastLineLength, rest: source), loading: loading)
    }
}
