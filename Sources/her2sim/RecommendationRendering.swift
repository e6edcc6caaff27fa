import Her2SimCore
import Her2SimText

/// Renders a recommendation as the documented JSON or as a table a clinician reads at a glance.
struct RecommendationRendering {
    let knowledge: Knowledge
    let style: TerminalStyle

    /// `{"line": N, "options": [{"regimen", "tier", "rank", "reasons": [{"rule", "text", "sources"}]}]}`,
    /// with a `choice` object after the options when a choice is assessed (`--choice`).
    func json(_ recommendation: Recommendation, choice: Assessment? = nil) -> JSONValue {
        var pairs = baseJSON(recommendation)
        if let choice { pairs.append(("choice", json(choice))) }
        return .object(pairs)
    }

    /// The assessment of a choice: tier, rank, points and what would have put it first.
    func json(_ assessment: Assessment) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("regimen", .string(assessment.choice.rawValue)),
            ("tier", .string(assessment.tier.rawValue)),
            ("rank", .int(assessment.rank)),
            ("points", .int(assessment.points)),
            ("maximum-points", .int(assessment.maximumPoints)),
            ("unsafe", .bool(assessment.unsafe)),
            ("reference", .string(assessment.referenceChoices.first?.rawValue ?? "")),
        ]
        if let counterfactual = assessment.counterfactual {
            pairs.append(
                (
                    "counterfactual",
                    .object([
                        ("text", .string(counterfactual.text)),
                        ("tier", .string(counterfactual.tier.rawValue)),
                        ("rank", .int(counterfactual.rank)),
                        ("ranks-first", .bool(counterfactual.ranksFirst)),
                    ])
                ))
        } else {
            pairs.append(("counterfactual", .null))
        }
        return .object(pairs)
    }

    /// The assessment as text, after the table.
    func text(_ assessment: Assessment) -> String {
        let name = knowledge.regimen(assessment.choice)?.name ?? assessment.choice.rawValue
        var out =
            "\n" + style.bold("Your choice") + "\n\n  \(assessment.rank). \(style.bold(name))\n"
            + "     " + style.tier(assessment.tier) + ", \(assessment.points)/\(assessment.maximumPoints) points"
            + (assessment.unsafe ? " (unsafe)" : "") + "\n"
        for reason in assessment.choiceReasons {
            out += "     " + reason.citation.plainText(citing: knowledge).wrapped(to: 74, indent: "     ") + "\n"
        }
        if let counterfactual = assessment.counterfactual {
            out += "\n" + style.bold("What would have put \(assessment.choice) first") + "\n"
            out += "  " + counterfactual.text.wrapped(to: 76, indent: "  ") + "\n"
        }
        return out
    }

    private func baseJSON(_ recommendation: Recommendation) -> [(String, JSONValue)] {
        [
            ("line", .int(recommendation.line)),
            (
                "options",
                .array(
                    recommendation.options.map { option in
                        .object([
                            ("regimen", .string(option.regimen.rawValue)),
                            ("tier", .string(option.tier.rawValue)),
                            ("rank", .int(option.rank)),
                            (
                                "reasons",
                                .array(
                                    option.placingReasons.map { reason in
                                        .object([
                                            ("rule", .string(reason.rule)),
                                            ("text", .string(reason.text)),
                                            ("sources", .array(reason.sources.map(JSONValue.string))),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ]
    }

    func text(_ recommendation: Recommendation) -> String {
        var out =
            style.bold("Line \(recommendation.line) — \(recommendation.options.count) options, best first") + "\n\n"
        let idWidth = max(6, recommendation.options.map(\.regimen.rawValue.count).max() ?? 0)
        out += style.dim(" #  " + "Regimen".padded(to: idWidth) + "  " + "Tier".padded(to: 16) + "Deciding rule") + "\n"
        for option in recommendation.options {
            let rank = String(option.rank).count == 1 ? " \(option.rank)" : "\(option.rank)"
            let rule = option.placingReasons.first { $0.role == .tier }?.rule ?? ""
            let tier = style.tier(option.tier, option.tier.rawValue.padded(to: 16))
            out += "\(rank)  \(option.regimen.rawValue.padded(to: idWidth))  \(tier)\(rule)\n"
        }
        out += "\n" + style.bold("Why the top choices") + "\n"
        for option in recommendation.bestTier.prefix(3) {
            out += reasons(for: option)
        }
        let unsafe = recommendation.options.filter { knowledge.rubric.unsafe.contains($0.tier) }
        if !unsafe.isEmpty {
            out += "\n" + style.tier(.contraindicated, "Unsafe for her") + "\n"
            for option in unsafe { out += reasons(for: option) }
        }
        return out
    }

    private func reasons(for option: RankedOption) -> String {
        let name = knowledge.regimen(option.regimen)?.name ?? option.regimen.rawValue
        var out = "\n  \(option.rank). \(style.bold(name)) — \(style.tier(option.tier))\n"
        for reason in option.placingReasons {
            out += "     " + reason.citation.plainText(citing: knowledge).wrapped(to: 74, indent: "     ") + "\n"
        }
        return out
    }
}
