import Her2SimCore
import Her2SimText

/// Renders a management recommendation as the vignettes' JSON or as a table with the reasons.
struct ManagementRendering {
    let knowledge: Knowledge
    let style: TerminalStyle

    /// `{"regimen", "toxicity", "grade", "options": [{"action", "tier", "rank", "reasons": [{"rule", "text",
    /// "sources"}]}]}`, every action ranked, best first (`/shared/clinical/management/README.md`).
    func json(_ recommendation: ManagementRecommendation) -> JSONValue {
        .object([
            ("regimen", .string(recommendation.decision.regimen.rawValue)),
            ("toxicity", .string(recommendation.decision.toxicity.rawValue)),
            ("grade", .int(recommendation.decision.grade)),
            (
                "options",
                .array(
                    recommendation.options.map { option in
                        .object([
                            ("action", .string(option.action.id)),
                            ("tier", .string(option.tier.rawValue)),
                            ("rank", .int(option.rank)),
                            (
                                "reasons",
                                .array(
                                    option.reasons.map { reason in
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
        ])
    }

    func text(_ recommendation: ManagementRecommendation) -> String {
        let decision = recommendation.decision
        let regimen = knowledge.regimen(decision.regimen)?.name ?? decision.regimen.rawValue
        var out = style.bold("Grade \(decision.grade) \(decision.toxicity.displayName) on \(regimen)") + "\n"
        out += style.dim("Label row \(recommendation.row.id) (\(recommendation.row.section))") + "\n\n"
        let width = max(8, recommendation.options.map(\.action.id.count).max() ?? 0)
        out += style.dim(" #  " + "Action".padded(to: width) + "  Tier") + "\n"
        for option in recommendation.options {
            out += " \(option.rank)  \(option.action.id.padded(to: width))  \(style.tier(option.tier))\n"
        }
        out +=
            "\n" + style.bold("The label") + "\n  "
            + "\u{201C}\(recommendation.instruction)\u{201D}".wrapped(to: 76, indent: "  ") + "\n"
        out += "\n" + style.bold("Why") + "\n"
        for option in recommendation.options {
            out += "\n  \(option.rank). \(style.bold(option.action.id)) — \(style.tier(option.tier))\n"
            for reason in option.reasons {
                out += "     " + reason.citation.plainText(citing: knowledge).wrapped(to: 74, indent: "     ") + "\n"
            }
        }
        return out
    }
}
