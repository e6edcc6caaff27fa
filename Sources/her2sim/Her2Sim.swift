import ArgumentParser
import CReadline

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

    /// `her2sim` alone is the REPL, the default subcommand, parsed as `play` directly: building
    /// the argument sets of every subcommand first took a quarter of the time to the first
    /// prompt (perf, BENCHMARKS.md). Any argument goes through the whole command tree.
    static func main() {
        if CommandLine.arguments.count == 1 {
            PlayCommand.main([])
        } else {
            main(nil)
        }
    }

    static var readlineVersion: String {
        String(cString: her2sim_rl_library_version())
    }
}
