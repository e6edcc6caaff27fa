import Foundation
import Her2SimCore
import Her2SimText

extension Screens {
    /// How many places `why` shows before `why all`.
    public static let whyShown = 5

    /// The reference ranking at a decision, with the rules and sources behind each place: the
    /// first `whyShown` places and the fellow's choice, or (`all`) every regimen.
    public func why(_ record: DecisionRecord, all: Bool = false) -> String {
        var out =
            heading("Reference ranking at decision \(record.turn + 1) (line \(record.recommendation.line))") + "\n"
        let options = record.recommendation.options
        let shown =
            all ? options : options.filter { $0.rank <= Self.whyShown || $0.regimen == record.assessment.choice }
        for option in shown {
            let chosen = option.regimen == record.assessment.choice ? style.bold("  ← your choice") : ""
            out += "\n\(String(option.rank).padded(to: 3)) \(option.regimen) — \(style.tier(option.tier))\(chosen)\n"
            out += reasons(option.placingReasons)
            for overridden in option.reasons where overridden.role == .overridden {
                let note =
                    "(\(overridden.rule) would make it \(overridden.tier?.rawValue ?? "?"), but a restriction applies)"
                out += style.dim("    " + note.wrapped(to: Self.width - 4, indent: "    ")) + "\n"
            }
        }
        out += counterfactual(record.assessment)
        if shown.count < options.count {
            out +=
                "\n" + style.dim("\(options.count - shown.count) more regimens below these; 'why all' shows every one.")
                + "\n"
        }
        return out
    }

    public func score(_ session: Session) -> String {
        if session.decisions.isEmpty, session.managements.isEmpty {
            return "No decisions yet: 0 of \(session.maximumCaseScore) points.\n"
        }
        var out = decisionTable(session)
        out += "Total: \(session.score) of \(session.maximumScore) points so far"
        out += session.isOver ? ".\n" : " (\(session.maximumCaseScore) possible in this case).\n"
        return out
    }

    /// One row per decision, management decisions included ("manage hold"), in the order they
    /// were made. Columns are as wide as their ids; when the reference's choice would run past
    /// the screen it goes on a line of its own under a row that differs from it.
    func decisionTable(_ session: Session) -> String {
        typealias Row = (turn: Int, choice: String, tier: Tier, points: Int, reference: String)
        var rows: [Row] = []
        var managed = session.managements[...]
        var chosen = session.decisions[...]
        for event in session.log {
            if case .chose = event, let record = chosen.popFirst() {
                rows.append(
                    (
                        record.turn, record.assessment.choice.rawValue, record.assessment.tier,
                        record.assessment.points,
                        record.recommendation.first.regimen.rawValue
                    ))
            } else if case .managed = event, let record = managed.popFirst() {
                rows.append(
                    (
                        record.turn, "manage \(record.chosen.id)", record.option.tier, record.points,
                        record.reference.id
                    ))
            }
        }
        let choiceWidth = max(11, rows.map(\.choice.count).max() ?? 0) + 2
        let referenceWidth = max(9, rows.map(\.reference.count).max() ?? 0)
        let tierWidth = 17
        let pointsWidth = 8
        let inline = 6 + choiceWidth + tierWidth + pointsWidth + referenceWidth <= Self.width
        var out =
            style.dim(
                "Turn  " + "Your choice".padded(to: choiceWidth) + "Tier".padded(to: tierWidth)
                    + (inline ? "Points".padded(to: pointsWidth) + "Reference" : "Points")) + "\n"
        for row in rows {
            out += "\(String(row.turn + 1).padded(to: 6))\(row.choice.padded(to: choiceWidth))"
            out += style.tier(row.tier, row.tier.rawValue.padded(to: tierWidth))
            if inline {
                out += "\(String(row.points).padded(to: pointsWidth))\(row.reference)\n"
            } else {
                out += "\(row.points)\n"
                if row.reference != row.choice {
                    out += String(repeating: " ", count: 6) + style.dim("reference: \(row.reference)") + "\n"
                }
            }
        }
        return out
    }

    /// The end-of-case summary: decisions, score, teaching missed, timeline and counterfactual.
    public func summary(_ session: Session, reference: Session) -> String {
        var out =
            "\n" + rule("Summary · \(session.script.id)", right: session.isOver ? "case complete" : "so far") + "\n\n"
        out += decisionTable(session)
        let percent =
            session.maximumScore == 0 ? 0 : Int((Double(session.score) / Double(session.maximumScore) * 100).rounded())
        out += "\n" + heading("Score: \(session.score) of \(session.maximumScore) (\(percent)%)") + "\n"
        let unsafe = session.decisions.filter(\.assessment.unsafe)
        if !unsafe.isEmpty {
            let text =
                "Unsafe choices: \(unsafe.map { "turn \($0.turn + 1) \($0.assessment.choice)" }.joined(separator: ", "))"
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
            let title =
                objectives.isEmpty
                ? "Turn \(record.turn + 1)" : "Turn \(record.turn + 1): \(objectives.joined(separator: "; "))"
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
        // The reference's choices at decisions still to come stay hidden until the case ends:
        // mid-case the counterfactual only says when it will come.
        out += "\n" + counterfactual(session, reference: reference)
        return out
    }

    /// The fellow's sequence against the reference's: on this patient (same seed), then over
    /// simulated patients like her. Only once the case is over — before then it would show the
    /// reference's later choices.
    func counterfactual(
        _ session: Session, reference: Session,
        patients: Int = SequenceComparison.defaultPatients
    ) -> String {
        guard let comparison = SessionCounterfactual(session: session, reference: reference, patients: patients) else {
            return heading("Counterfactual") + "\n"
                + style.dim("  Shown when the case ends (the reference's later choices stay hidden until then).") + "\n"
        }
        let knowledge = session.context.knowledge
        var out = heading("Counterfactual: the reference's choices, same patient (seed \(session.seed))") + "\n"
        let labelWidth = 12
        let monthsWidth = 22
        let toxicityWidth = 16
        out +=
            style.dim(
                String(repeating: " ", count: 2 + labelWidth) + "On treatment".padded(to: monthsWidth)
                    + "Grade ≥3 tox.".padded(to: toxicityWidth) + "Score") + "\n"
        // Each path has its own decisions and best achievable points, so the totals are shown as
        // a percent of that best (with the points), never as two raw totals side by side.
        let rows: [(String, SequenceOutcome, String)] = [
            ("You", comparison.fellow, Self.ofBest(comparison.fellowScore, comparison.maximumScore)),
            (
                "Reference", comparison.reference,
                Self.ofBest(comparison.referenceScore, comparison.referenceMaximumScore)
            ),
        ]
        let indent = String(repeating: " ", count: 2 + labelWidth)
        for (label, outcome, points) in rows {
            out +=
                "  " + label.padded(to: labelWidth)
                + EventNarration.months(outcome.monthsOnTreatment).padded(to: monthsWidth)
                + String(outcome.severeToxicities).padded(to: toxicityWidth) + points + "\n"
            let path = outcome.lines.map { line in
                line.kind.countsAsTreatment ? "\(line.regimen) \(tenths(line.months))" : "\(line.regimen) (not counted)"
            }
            let wrapped = path.joined(separator: " → ").wrapped(to: Self.width - indent.count, indent: indent)
            out += indent + style.dim(wrapped) + "\n"
        }
        out += countingNote([comparison.fellow, comparison.reference].flatMap(\.lines), knowledge: knowledge)
        out += style.dim("  " + Self.scoreNote.wrapped(to: Self.width - 2, indent: "  ")) + "\n"
        if let population = comparison.population { out += "\n" + self.population(population) }
        return out
    }

    /// "90% (27/30)": points as a percent of the best achievable on that path.
    static func ofBest(_ points: Int, _ best: Int) -> String {
        let percent = best == 0 ? 0 : Int((Double(points) / Double(best) * 100).rounded())
        return "\(percent)% (\(points)/\(best))"
    }

    static let scoreNote =
        "Score: points as a percent of the best achievable at each path's own decisions "
        + "(the paths differ, so their maxima differ)."

    /// A number to one decimal, through the project's one number formatter.
    func tenths(_ value: Double) -> String { ClinicalWording.number((value * 10).rounded() / 10) }

    /// What the months count, named from the regimens of these sequences.
    func countingNote(_ lines: [SequenceLine], knowledge: Knowledge) -> String {
        func names(_ kind: TreatmentKind) -> [String] {
            var seen: [RegimenID] = []
            for line in lines where line.kind == kind && !seen.contains(line.regimen) { seen.append(line.regimen) }
            return seen.map(\.rawValue)
        }
        var note = "On treatment: months on HER2-directed regimens until each stopped, as simulated."
        let trials = names(.clinicalTrial)
        if !trials.isEmpty {
            note += " Counted as treatment though its drug is unknown: \(ClinicalWording.list(trials))."
        }
        let uncounted = names(.notHER2Directed)
        if !uncounted.isEmpty { note += " Not counted (not HER2-directed): \(ClinicalWording.list(uncounted))." }
        note += " Toxicities: the simulated ones; those the case script adds are not counted."
        return style.dim("  " + note.wrapped(to: Self.width - 2, indent: "  ")) + "\n"
    }

    /// Median months on treatment (interquartile range) and mean grade ≥ 3 toxicities (SD) per
    /// patient for both sequences over the simulated population.
    func population(_ comparison: SequenceComparison) -> String {
        var out = heading("Over \(comparison.patients) simulated patients like her") + "\n"
        let labelWidth = 12
        let monthsWidth = 30
        out +=
            style.dim(
                String(repeating: " ", count: 2 + labelWidth) + "Months on treatment".padded(to: monthsWidth)
                    + "Grade ≥3 toxicities") + "\n"
        out +=
            style.dim(
                String(repeating: " ", count: 2 + labelWidth) + "median (IQR)".padded(to: monthsWidth)
                    + "mean (SD), range") + "\n"
        for (label, spread) in [("You", comparison.fellow), ("Reference", comparison.reference)] {
            let quartiles = "\(tenths(spread.months.lowerQuartile))–\(tenths(spread.months.upperQuartile))"
            let months = "\(tenths(spread.months.median)) (\(quartiles))"
            let toxicities =
                "\(tenths(spread.meanToxicities)) (\(tenths(spread.toxicitySD))), "
                + "\(spread.toxicityRange.lowerBound)–\(spread.toxicityRange.upperBound)"
            out += "  " + label.padded(to: labelWidth) + months.padded(to: monthsWidth) + toxicities + "\n"
        }
        let sequence = comparison.commonReferenceSequence.map(\.rawValue).joined(separator: " → ")
        let count = comparison.fellowRegimens.count
        var note =
            comparison.startDecision > 1
            ? "Each patient starts where she was at decision \(comparison.startDecision), where your choice first "
                + "left the reference's, with her own seed (from \(comparison.seed)); "
            : "Each patient starts where she started, with her own seed (from \(comparison.seed)); "
        note +=
            count == 1
            ? "your regimen is given until it stops, and the reference takes "
            : "your \(count) regimens are given in order, each until it stops, and the reference takes "
        note += "its first choice on its own path. The case's script plays no part. The reference's most "
        note += "frequent sequence (\(comparison.commonReferenceCount) of \(comparison.patients)): \(sequence)."
        if comparison.fellow.meanTrialMonths > 0 || comparison.reference.meanTrialMonths > 0 {
            note +=
                " Clinical-trial months included: mean \(tenths(comparison.fellow.meanTrialMonths)) (you), "
                + "\(tenths(comparison.reference.meanTrialMonths)) (reference)."
        }
        out += style.dim("  " + note.wrapped(to: Self.width - 2, indent: "  ")) + "\n"
        return out
    }

    /// Swimmer lanes: one row per line of therapy in this case, bars scaled to fit 80 columns.
    public func timeline(_ session: Session) -> String {
        let records = session.decisions
        if records.isEmpty { return "  No lines of therapy yet in this case.\n" }
        // Management decisions continue a line: they get their own row, marked with the action.
        // A branch that ended the case has no duration: its closing words tell it.
        typealias Row = (
            start: Double, months: Double, label: String, tier: Tier, events: [TimedEvent], note: String?,
            closing: Bool
        )
        var rows: [Row] = records.map { record in
            (
                record.startMonth, record.outcome.months,
                "L\(record.recommendation.line) \(record.interval?.regimen ?? record.assessment.choice)",
                record.assessment.tier, record.outcome.events, nil, record.branch?.ends == true
            )
        }
        for managed in session.managements where managed.interval != nil {
            rows.append(
                (
                    managed.startMonth, managed.outcome.months, "  ↳ \(managed.chosen.id)", managed.option.tier,
                    managed.outcome.events, managed.interval?.management, false
                ))
        }
        rows.sort { $0.start < $1.start }
        let total = max(1, rows.map { $0.start + $0.months }.max() ?? 1)
        let labelWidth = 26
        // Label, bar, then " 10.5 months" (up to 12 columns) within the screen.
        let barWidth = Self.width - labelWidth - 2 - 12
        var out = ""
        let months = NumberFormat.rounded(total)
        let axis = "0" + String(repeating: " ", count: max(0, barWidth - 1 - months.count)) + "\(months) mo"
        out += String(repeating: " ", count: labelWidth + 2) + style.dim(axis) + "\n"
        for record in rows {
            let start = Int((record.start / total * Double(barWidth)).rounded())
            let length = max(1, Int((record.months / total * Double(barWidth)).rounded()))
            let label = record.label
            let clipped = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label
            let bar =
                String(repeating: " ", count: min(start, barWidth))
                + String(repeating: "█", count: min(length, max(1, barWidth - start)))
            let duration = record.closing ? "" : EventNarration.months(record.months)
            let lane = style.tier(record.tier, bar.padded(to: barWidth))
            out += "  \(clipped.padded(to: labelWidth))\(lane) \(duration)\n"
            if let note = record.note {
                let indent = String(repeating: " ", count: labelWidth + 2)
                out += indent + style.dim(note.wrapped(to: Self.width - indent.count, indent: indent)) + "\n"
            }
            let marks = record.events.compactMap { timed -> String? in
                switch timed.event {
                case .toxicity(let toxicity, let grade) where grade > 0: return "\(toxicity.displayName) G\(grade)"
                case .progression: return "progression"
                default: return nil
                }
            }
            if !marks.isEmpty {
                let indent = String(repeating: " ", count: labelWidth + 2)
                out +=
                    indent
                    + style.dim(marks.joined(separator: ", ").wrapped(to: Self.width - indent.count, indent: indent))
                    + "\n"
            }
        }
        return out
    }
}
