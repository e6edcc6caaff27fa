import ArgumentParser
import CReadline
import Foundation

/// The `her2sim` command: a teaching simulator for HER2-positive metastatic breast cancer.
@main
struct Her2Sim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "her2sim",
        abstract: "A teaching simulator for HER2-positive metastatic breast cancer (synthetic patients only).",
        discussion: """
            For teaching with synthetic patients — not for treating real ones.

            Exit status: 0 success; 1 an input file (state, case) has errors; 2 the knowledge \
            base in Scoring/ is missing or invalid; 64 the command line is invalid.
            """,
        version: "her2sim \(version) (GNU readline \(readlineVersion))",
        subcommands: [
            PlayCommand.self, RecommendCommand.self, LintCommand.self, CasesCommand.self, ReportCommand.self,
            ExportCommand.self, CalibrateCommand.self, ManageCommand.self, PlaytestCommand.self, ResumeCommand.self,
            SyncCommand.self,
        ],
        defaultSubcommand: PlayCommand.self
    )

    /// `her2sim` alone is the REPL, the default subcommand. With a current case index its
    /// welcome comes first (`FirstScreen`), and the command line (empty) is parsed only once the
    /// fellow has typed her first line: building ArgumentParser's argument sets took a quarter of
    /// the time to the first prompt (perf, BENCHMARKS.md). Without an index, or with anything to
    /// say about the folders or the learner's name, the parsed path runs and says it.
    static func main() {
        guard CommandLine.arguments.count == 1 else { return main(nil) }
        guard let screen = FirstScreen.withoutArguments(environment: ProcessInfo.processInfo.environment) else {
            return PlayCommand.main([])
        }
        guard let opening = screen.show() else { return }
        do {
            let command = try PlayCommand.parse([])
            try PlayFrontend(options: command.options).play(after: opening, of: screen)
        } catch {
            PlayCommand.exit(withError: error)
        }
    }

    static var readlineVersion: String {
        String(cString: her2sim_rl_library_version())
    }
}
