import Foundation
import Her2SimCore
import Her2SimRecords
import Her2SimText

/// The REPL's `progress` (and `report`): one learner's sessions from the records, with the mean
/// score per case and per objective — the cohort report cut down to one fellow and 80 columns.
struct ProgressScreen {
    let builder: ReportBuilder
    let style: TerminalStyle
    static let width = ScreenWidth.columns

    func text(store: RecordStore, learner: String?) -> String {
        let name = RecordStore.learnerName(learner) ?? RecordStore.anonymous
        let report: Report
        do {
            report = try builder.report(store: store, filter: ReportFilter(learner: name))
        } catch {
            return "Cannot read the records: \(error.description)\n"
        }
        let sessions = report.sessions
        if sessions.isEmpty { return "No sessions recorded for \(name) yet.\n" }
        let finished = sessions.filter(\.finished).count
        var out =
            style.bold("Progress of \(name)")
            + style.dim(" — \(Self.count(sessions.count, "session")), \(finished) finished") + "\n"
        let caseWidth = max(4, sessions.map(\.caseID.count).max() ?? 0)
        let shown = sessions.suffix(Self.sessionsShown)
        if shown.count < sessions.count {
            let earlier = sessions.count - shown.count
            out += style.dim("  (\(earlier) earlier not shown; 'her2sim report --learner \(name)' lists all)") + "\n"
        }
        for session in shown {
            let day = String(session.startedText.prefix(10))
            let score =
                session.finished
                ? "\(session.score)/\(session.maximum)" + (session.percent.map { " (\(Self.percent($0)))" } ?? "")
                : "unfinished, \(Self.count(session.decisions.count, "decision"))"
            out +=
                "  \(session.id.description.padded(to: 6)) \(session.caseID.padded(to: caseWidth))"
                + "  \(day)  \(score)\n"
        }
        let cohort = report.cohort
        out += "\n" + style.bold("Mean score per case") + style.dim(" (finished sessions)") + "\n"
        for figure in cohort.cases {
            var mean = "none finished"
            if let score = figure.meanScore, let maximum = figure.meanMaximum {
                mean =
                    "\(Self.decimal(score))/\(Self.decimal(maximum))"
                    + (figure.meanPercent.map { " (\(Self.percent($0)))" } ?? "")
            }
            out +=
                "  \(figure.caseID.padded(to: caseWidth))  \(mean.padded(to: 16))  "
                + style.dim("\(Self.count(figure.sessions, "session")), \(figure.finished) finished") + "\n"
        }
        if !cohort.objectives.isEmpty {
            out += "\n" + style.bold("Mean score per objective") + "\n"
            for figure in cohort.objectives {
                let mean =
                    "\(Self.decimal(figure.meanPoints))/\(figure.maximumPoints)"
                    + (figure.meanPercent.map { " (\(Self.percent($0)))" } ?? "")
                let prefix = "  \(figure.objective.caseID.padded(to: caseWidth))  \(mean.padded(to: 14))  "
                let indent = String(repeating: " ", count: prefix.count)
                out += prefix + figure.objective.text.wrapped(to: Self.width - prefix.count, indent: indent) + "\n"
            }
        }
        return out
    }

    /// The most recent sessions listed.
    static let sessionsShown = 10

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private static func decimal(_ value: Double) -> String {
        NumberFormat.decimal(value)
    }

    private static func percent(_ value: Double) -> String { NumberFormat.rounded(value) + "%" }
}
