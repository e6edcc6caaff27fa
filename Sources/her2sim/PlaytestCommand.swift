import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimText

extension Playtest.Strategy: ExpressibleByArgument {}

/// `her2sim playtest CASE`: an author's dress rehearsal of a case.
struct PlaytestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "playtest",
        abstract:
            "Play a case many times with a strategy; report turns and branches reached, months per line and scores.",
        discussion: "Exit status 1 when a turn or branch is never reached or runs end before the last decision."
    )

    @Argument(help: ArgumentHelp("The case to play.", valueName: "case"), completion: Completions.caseIDs)
    var caseID: String

    @Option(help: "How many runs (each with its own seed).")
    var runs: Int = 200

    @Option(help: "reference (first choice), random, or worst (last-ranked).")
    var strategy: Playtest.Strategy = .reference

    @Option(help: "The seed of the first run.")
    var seed: UInt64 = 1

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func validate() throws {
        guard (1...100_000).contains(runs) else { throw ValidationError("--runs must be between 1 and 100000") }
    }

    func run() throws {
        let workspace = try knowledgeOptions.loadWorkspace(cases: caseOptions)
        let (knowledge, model, library) = (workspace.knowledge, workspace.model, workspace.cases)
        guard let script = library.script(caseID) else {
            let failed = library.diagnostics.filter { $0.severity == .error && $0.file.contains(caseID) }
            DiagnosticPrinter.print(failed)
            printError(
                "error: no case '\(caseID)'\(Suggestion.hint(for: caseID, in: library.cases.map(\.id))); 'her2sim cases' lists them"
            )
            throw ExitStatus.invalidInput
        }
        let context = SessionContext(knowledge: knowledge, course: Simulator(knowledge: knowledge, model: model))
        let report = Playtest(context: context).run(script, runs: runs, strategy: strategy, seed: seed)
        switch format {
        case .json: print(json(report).serialized)
        case .text: print(text(report, script: script), terminator: "")
        }
        if !report.findings.isEmpty { throw ExitStatus.invalidInput }
    }

    private func text(_ report: Playtest.Report, script: CaseScript) -> String {
        let style = TerminalStyle.forStandardOutput()
        var out =
            style.bold("Playtest \(report.caseID) — \(report.runs) runs, strategy \(report.strategy.rawValue)") + "\n\n"
        out += style.dim("Turn  Reached   Months on the chosen regimen (min · Q1 · median · Q3 · max)") + "\n"
        for turn in report.turns {
            let months =
                turn.months.map { d in
                    [d.minimum, d.lowerQuartile, d.median, d.upperQuartile, d.maximum].map(Self.format).joined(
                        separator: " · ")
                } ?? "—"
            out += "\(String(turn.turn + 1).padded(to: 6))\("\(turn.reached)/\(report.runs)".padded(to: 10))\(months)\n"
            for (index, count) in turn.branchesTaken.enumerated() {
                out += "        branch \(index + 1): taken \(count) times\n"
            }
            let top = turn.choices.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
            out += style.dim("        chosen: " + top.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")) + "\n"
            // The months each regimen actually ran (median, range): they differ by regimen.
            for (regimen, count) in top {
                guard let d = turn.monthsByRegimen[regimen] else { continue }
                let range = d.minimum == d.maximum ? "" : " (\(Self.format(d.minimum))–\(Self.format(d.maximum)))"
                out +=
                    style.dim("          \(regimen) ×\(count): median \(Self.format(d.median)) months\(range)") + "\n"
            }
        }
        if let scores = report.scores {
            out +=
                "\nScore (of \(script.decisions * 10)): min \(Self.format(scores.minimum)), median \(Self.format(scores.median)), max \(Self.format(scores.maximum))\n"
        }
        out +=
            "\n"
            + (report.findings.isEmpty
                ? "Every turn and branch was reached; no run ended early.\n"
                : report.findings.map { "warning: \($0)" }.joined(separator: "\n") + "\n")
        return out
    }

    private func json(_ report: Playtest.Report) -> JSONValue {
        func distribution(_ d: Playtest.Distribution?) -> JSONValue {
            guard let d else { return .null }
            return .object([
                ("min", .double(d.minimum)), ("q1", .double(d.lowerQuartile)), ("median", .double(d.median)),
                ("q3", .double(d.upperQuartile)), ("max", .double(d.maximum)),
            ])
        }
        return .object([
            ("case", .string(report.caseID)), ("strategy", .string(report.strategy.rawValue)),
            ("runs", .int(report.runs)),
            (
                "turns",
                .array(
                    report.turns.map { turn in
                        .object([
                            ("turn", .int(turn.turn + 1)), ("reached", .int(turn.reached)),
                            ("branches-taken", .array(turn.branchesTaken.map(JSONValue.int))),
                            ("months", distribution(turn.months)),
                            (
                                "choices",
                                .object(
                                    turn.choices.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .int($0.value)) })
                            ),
                            (
                                "months-by-regimen",
                                .object(
                                    turn.monthsByRegimen.sorted { $0.key < $1.key }
                                        .map { ($0.key.rawValue, distribution($0.value)) })
                            ),
                        ])
                    })
            ),
            ("scores", distribution(report.scores)), ("ended-early", .int(report.endedEarly)),
            ("findings", .array(report.findings.map(JSONValue.string))),
        ])
    }

    static func format(_ value: Double) -> String {
        NumberFormat.plain((value * 10).rounded() / 10)
    }
}
