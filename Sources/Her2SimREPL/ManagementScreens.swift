import Her2SimCore
import Her2SimText

/// The screens of a toxicity-management decision: the question, and the verdict against the label.
extension Screens {
    /// "Grade 3 hand-foot syndrome on … — what do you do with the current regimen?" and the actions.
    public func managementPrompt(_ session: Session, actions: [ManagementAction]) -> String {
        guard let decision = session.pendingManagement else { return "" }
        var out = "\n" + heading("A toxicity to manage") + "\n"
        let question =
            "Grade \(decision.grade) \(decision.toxicity.displayName) on \(name(decision.regimen))"
            + " after \(EventNarration.months(decision.months)): what do you do with this regimen?"
        out += paragraph(question, indent: "  ") + "\n"
        out +=
            "\n"
            + style.dim(
                Self.flow(
                    Self.words(
                        "Decide with 'manage ACTION': "
                            + actions.map(\.id).joined(separator: ", ")), indent: "")) + "\n"
        return out
    }

    /// The verdict: tier and points, the label's instruction quoted, the reasons, and how she went on.
    public func management(_ record: ManagementRecord, session: Session) -> String {
        let option = record.option
        let recommendation = record.recommendation
        let headline =
            Self.words("You chose to \(record.chosen.id)", heading) + Self.words("—")
            + [Word(plain: option.tier.rawValue + ",", styled: style.tier(option.tier) + ",")]
            + Self.words(
                "\(record.points)/\(record.maximumPoints) points"
                    + " (rank \(option.rank) of \(recommendation.options.count))")
        var out = "\n" + Self.flow(headline) + "\n"
        if record.unsafe {
            out += style.tier(.contraindicated, "⚠ UNSAFE: \(record.chosen.id) is contraindicated for her.") + "\n"
        }
        if record.chosen == record.reference {
            out += "This is what the label says.\n"
        } else {
            out += Self.flow(Self.words("The label's action:") + Self.words(record.reference.id, style.bold)) + "\n"
        }
        out +=
            "\n"
            + "The label (\(recommendation.row.section))".wrapped(to: ScreenWidth.columns, indent: "")
            .split(separator: "\n").map { heading(String($0)) }.joined(separator: "\n") + "\n"
            + paragraph("\u{201C}\(recommendation.instruction)\u{201D}", indent: "  ") + "\n"
        out += "\n" + heading("Why \(record.chosen.id) is \(option.tier.rawValue)") + "\n" + reasons(option.reasons)
        if let teaching = session.script.turns.indices.contains(record.turn) && !record.isAuto
            ? session.script.turns[record.turn].teaching(on: record.path) : nil, !teaching.isEmpty
        {
            out +=
                "\n" + heading("Teaching") + "\n"
                + paragraph(teaching.trimmingCharacters(in: .whitespacesAndNewlines), indent: "  ") + "\n"
        }
        out += "\n" + managementOutcome(record, notes: session.context.management?.table)
        return out
    }

    /// How the regimen went on after the decision, as a restaging note.
    func managementOutcome(_ record: ManagementRecord, notes: DoseModificationTable? = nil) -> String {
        let regimen = record.recommendation.decision.regimen
        guard let interval = record.interval else {
            return heading("\(name(regimen)) stopped") + "\n  It ended here; the next decision is a new regimen.\n"
        }
        var out =
            heading(
                "\(EventNarration.months(record.outcome.months).capitalizedFirst) more on \(knowledge.regimen(regimen)?.nameInSentence ?? regimen.rawValue)"
            ) + "\n"
        if let management = interval.management {
            out +=
                "  "
                + (management.prefix(1).uppercased() + management.dropFirst())
                .wrapped(to: Self.width - 2, indent: "  ") + ".\n"
        }
        for timed in Self.changes(record.outcome.events, from: record.state) {
            let month = "month \(Self.number((timed.month * 10).rounded() / 10))".padded(to: 10)
            let text = EventNarration.describe(timed.event, knowledge: knowledge, notes: notes, during: regimen)
            out +=
                "  \(style.dim(month)) " + text.wrapped(to: Self.width - 13, indent: String(repeating: " ", count: 13))
                + "\n"
        }
        return out
    }
}
