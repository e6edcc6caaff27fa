import Foundation
import Her2SimCore

extension Screens {
    /// How many places `why` shows before `why all`.
    public static let whyShown = 5

    /// The reference ranking at a decision, with the rules and sources behind each place: the
    /// first `whyShown` places and the fellow's choice, or (`all`) every regimen.
    public func why(_ record: DecisionRecord, all: Bool = false) -> String {
        var out = heading("Reference ranking at decision \(record.turn + 1) (line \(record.recommendation.line))") + "\n"
        let options = record.recommendation.options
        let shown = all ? options : options.filter { $0.rank <= Self.whyShown || $0.regimen == record.assessment.choice }
        for option in shown {
            let chosen = option.regimen == record.assessment.choice ? style.bold("  ← your choice") : ""
            out += "\n\(String(option.rank).padded(to: 3)) \(option.regimen) — \(style.tier(option.tier))\(chosen)\n"
            out += reasons(option.placingReasons)
            for overridden in option.reasons where overridden.role == .overridden {
                let note = "(\(overridden.rule) would make it \(overridden.tier?.rawValue ?? "?"), but a restriction applies)"
                out += style.dim("    " + note.wrapped(to: Self.width - 4, indent: "    ")) + "\n"
            }
        }
        out += counterfactual(record.assessment)
        if shown.count < options.count {
            out += "\n" + style.dim("\(options.count - shown.count) more regimens below these; 'why all' shows every one.") + "\n"
        }
        return out
    }

    public func score(_ session: Session) -> String {
        if session.decisions.isEmpty { return "No decisions yet: 0 of \(session.maximumCaseScore) points.\n" }
        var out = decisionTable(session)
        out += "Total: \(session.score) of \(session.maximumScore) points so far"
        out += session.isOver ? ".\n" : " (\(session.maximumCaseScore) possible in this case).\n"
        return out
    }

    /// One row per decision. Columns are as wide as their ids; when the reference's choice would
    /// run past the screen it goes on a line of its own under a row that differs from it.
    func decisionTable(_ session: Session) -> String {
        let choiceWidth = max(11, session.decisions.map(\.assessment.choice.count).max() ?? 0) + 2
        let referenceWidth = max(9, session.decisions.map(\.recommendation.first.regimen.count).max() ?? 0)
        let tierWidth = 17, pointsWidth = 8
        let inline = 6 + choiceWidth + tierWidth + pointsWidth + referenceWidth <= Self.width
        var out = style.dim("Turn  " + "Your choice".padded(to: choiceWidth) + "Tier".padded(to: tierWidth)
                            + (inline ? "Points".padded(to: pointsWidth) + "Reference" : "Points")) + "\n"
        for record in session.decisions {
            let assessment = record.assessment
            out += "\(String(record.turn + 1).padded(to: 6))\(assessment.choice.padded(to: choiceWidth))"
            out += style.tier(assessment.tier, assessment.tier.rawValue.padded(to: tierWidth))
            let reference = record.recommendation.first.regimen
            if inline {
                out += "\(String(assessment.points).padded(to: pointsWidth))\(reference)\n"
            } else {
                out += "\(assessment.points)\n"
                if reference != assessment.choice {
                    out += String(repeating: " ", count: 6) + style.dim("reference: \(reference)") + "\n"
                }
            }
        }
        return out
    }

    /// The end-of-case summary: decisions, score, teaching missed, timeline and counterfactual.
    public func summary(_ session: Session, reference: Session) -> String {
        var out = "\n" + rule("Summary · \(session.script.id)", right: session.isOver ? "case complete" : "so far") + "\n\n"
        out += decisionTable(session)
        let percent = session.maximumScore == 0 ? 0 : Int((Double(session.score) / Double(session.maximumScore) * 100).rounded())
        out += "\n" + heading("Score: \(session.score) of \(session.maximumScore) (\(percent)%)") + "\n"
        let unsafe = session.decisions.filter(\.assessment.unsafe)
        if !unsafe.isEmpty {
            let text = "Unsafe choices: \(unsafe.map { "turn \($0.turn + 1) \($0.assessment.choice)" }.joined(separator: ", "))"
            out += style.tier(.contraindicated, text.wrapped(to: Self.width, indent: "  ")) + "\n"
        }
        let missed = session.decisions.filter { $0.assessment.tier != $0.recommendation.first.tier }
        out += "\n" + heading("Teaching points missed") + "\n"
        if missed.isEmpty {
            out += "  None — every choice was in the reference's best tier.\n"
        }
        for record in missed {
            let turn = session.script.turns[record.turn]
            let objectives = turn.objectives.compactMap { id in session.script.objectives.first { $0.id == id }?.text }
            let title = objectives.isEmpty ? "Turn \(record.turn + 1)" : "Turn \(record.turn + 1): \(objectives.joined(separator: "; "))"
            out += "  · " + title.wrapped(to: Self.width - 4, indent: "    ") + "\n"
            // The author's teaching where its guard holds on this path; elsewhere the reasons
            // the reference ranked its first choice first at the state she was actually in.
            let teaching = session.teaching(of: record).trimmingCharacters(in: .whitespacesAndNewlines)
            if teaching.isEmpty {
                let first = record.recommendation.first
                out += paragraph("The reference put \(name(first.regimen)) first here.", indent: "    ") + "\n"
                out += reasons(first.placingReasons)
            } else {
                out += paragraph(teaching, indent: "    ") + "\n"
            }
        }
        out += "\n" + heading("Timeline") + "\n" + timeline(session)
        // The reference's choices at decisions still to come stay hidden until the case ends.
        guard session.isOver else { return out }
        out += "\n" + heading("Counterfactual: the reference's choices, same patient (seed \(session.seed))") + "\n"
        out += counterfactual(session, reference: reference)
        return out
    }

    func counterfactual(_ session: Session, reference: Session) -> String {
        func severe(_ s: Session) -> Int {
            s.decisions.reduce(0) { total, record in
                total + record.outcome.events.filter { if case .toxicity(_, let grade) = $0.event { return grade >= 3 } else { return false } }.count
            }
        }
        func choices(_ s: Session) -> String { s.decisions.map(\.assessment.choice).joined(separator: " → ") }
        let rows = [("You", session), ("Reference", reference)]
        var out = ""
        for (label, run) in rows {
            let months = run.decisions.reduce(0) { $0 + $1.outcome.months }
            out += "  \(label.padded(to: 10)) \(EventNarration.months(months).padded(to: 11)) on treatment, \(severe(run)) grade ≥3 toxicit\(severe(run) == 1 ? "y" : "ies"), \(run.score)/\(run.maximumScore) points\n"
            out += "  \(String(repeating: " ", count: 10)) " + style.dim(choices(run).wrapped(to: Self.width - 13, indent: "             ")) + "\n"
        }
        return out
    }

    /// Swimmer lanes: one row per line of therapy in this case, bars scaled to fit 80 columns.
    public func timeline(_ session: Session) -> String {
        let records = session.decisions
        if records.isEmpty { return "  No lines of therapy yet in this case.\n" }
        let total = max(1, records.reduce(0) { $0 + $1.outcome.months })
        let labelWidth = 26
        // Label, bar, then " 10.5 months" (up to 12 columns) within the screen.
        let barWidth = Self.width - labelWidth - 2 - 12
        var out = ""
        let axis = "0" + String(repeating: " ", count: max(0, barWidth - 1 - String(Int(total.rounded())).count)) + "\(Int(total.rounded())) mo"
        out += String(repeating: " ", count: labelWidth + 2) + style.dim(axis) + "\n"
        for record in records {
            let start = Int((record.startMonth / total * Double(barWidth)).rounded())
            let length = max(1, Int((record.outcome.months / total * Double(barWidth)).rounded()))
            let label = "L\(record.recommendation.line) \(record.assessment.choice)"
            let clipped = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label
            let bar = String(repeating: " ", count: min(start, barWidth)) + String(repeating: "█", count: min(length, max(1, barWidth - start)))
            out += "  \(clipped.padded(to: labelWidth))\(style.tier(record.assessment.tier, bar.padded(to: barWidth))) \(EventNarration.months(record.outcome.months))\n"
            let marks = record.outcome.events.compactMap { timed -> String? in
                switch timed.event {
                case .toxicity(let toxicity, let grade) where grade > 0: return "\(toxicity.displayName) G\(grade)"
                case .progression: return "progression"
                default: return nil
                }
            }
            if !marks.isEmpty {
                let indent = String(repeating: " ", count: labelWidth + 2)
                out += indent + style.dim(marks.joined(separator: ", ").wrapped(to: Self.width - indent.count, indent: indent)) + "\n"
            }
        }
        return out
    }
}
