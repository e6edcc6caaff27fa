import Foundation
import Her2SimCore
import Her2SimRecords

/// `report --regrade`: stored decisions that today's knowledge base grades differently.
struct RegradeRendering {
    var fingerprint: String?

    func text(_ report: RegradeReport) -> String {
        let base = fingerprint.map { " (knowledge base \($0.prefix(12)))" } ?? ""
        let managements = report.checkedManagements > 0 ? " (\(report.checkedManagements) management)" : ""
        var out =
            "Re-graded \(report.checked) recorded decision\(report.checked == 1 ? "" : "s")\(managements) "
            + "with today's rules\(base): \(report.changed.count) changed tier.\n"
        for change in report.changed {
            let turn = change.turnID ?? "t\(change.turn + 1)"
            let delta = change.points - change.recordedPoints
            // A management decision reads as the REPL command that made it; one the timeline
            // raised has no turn of its own: it came before the regimen choice of its turn.
            let choice = change.kind == .management ? "manage \(change.choice)" : change.choice
            let when = change.kind == .management && change.turnID == nil ? "before \(turn)" : turn
            out +=
                "\n\(ReportRendering.safe(change.learner)) \(change.caseID) \(when) "
                + "(session #\(change.session.rawValue)): "
                + "\(choice) \(change.recordedTier.rawValue) → \(change.tier.rawValue) "
                + "(\(delta >= 0 ? "+" : "")\(delta) points)\n"
            if let recorded = change.recordedKnowledgeBase {
                out += "  graded with knowledge base \(recorded.prefix(12))\n"
            }
            for rule in change.rules {
                out += "  rule \(rule.rule): \(rule.text)\n"
            }
            if change.rules.isEmpty { out += "  (no rule sets its tier today: the default tier applies)\n" }
        }
        if !report.notReplayed.isEmpty {
            out +=
                "\nNot re-graded (no longer replay with this case library and knowledge base): "
                + report.notReplayed.map { "#\($0.rawValue)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    func json(_ report: RegradeReport) -> JSONValue {
        .object([
            ("knowledge-base", fingerprint.map(JSONValue.string) ?? .null),
            ("checked", .int(report.checked)),
            ("checked-management", .int(report.checkedManagements)),
            (
                "changed",
                .array(
                    report.changed.map { change in
                        .object([
                            ("kind", .string(change.kind.rawValue)),
                            ("session", .int(Int(change.session.rawValue))), ("learner", .string(change.learner)),
                            ("case", .string(change.caseID)), ("turn", .int(change.turn + 1)),
                            ("turn-id", change.turnID.map(JSONValue.string) ?? .null),
                            ("choice", .string(change.choice)),
                            ("recorded-tier", .string(change.recordedTier.rawValue)),
                            ("recorded-points", .int(change.recordedPoints)),
                            ("tier", .string(change.tier.rawValue)), ("points", .int(change.points)),
                            ("rules", .array(change.rules.map { .string($0.rule) })),
                            ("recorded-knowledge-base", change.recordedKnowledgeBase.map(JSONValue.string) ?? .null),
                        ])
                    })
            ),
            ("not-replayed", .array(report.notReplayed.map { .int(Int($0.rawValue)) })),
        ])
    }
}
