import Her2SimCore
import Her2SimREPL

/// Renders a recommendation as the documented JSON or as a table a clinician reads at a glance.
struct RecommendationRendering {
    let knowledge: Knowledge
    let style: TerminalStyle

    /// `{"line": N, "options": [{"regimen", "tier", "rank", "reasons": [{"rule", "text", "sources"}]}]}`.
    func json(_ recommendation: Recommendation) -> JSONValue {
        .object([
            ("line", .int(recommendation.line)),
            ("options", .array(recommendation.options.map { option in
                .object([
                    ("regimen", .string(option.regimen)),
                    ("tier", .string(option.tier.rawValue)),
                    ("rank", .int(option.rank)),
                    ("reasons", .array(option.placingReasons.map { reason in
                        .object([
                            ("rule", .string(reason.rule)),
                            ("text", .string(reason.text)),
                            ("sources", .array(reason.sources.map(JSONValue.string))),
                        ])
                    })),
                ])
            })),
        ])
    }

    func text(_ recommendation: Recommendation) -> String {
        var out = style.bold("Line \(recommendation.line) — \(recommendation.options.count) options, best first") + "\n\n"
        let idWidth = max(6, recommendation.options.map(\.regimen.count).max() ?? 0)
        out += style.dim(" #  " + "Regimen".padded(to: idWidth) + "  " + "Tier".padded(to: 17) + "Deciding rule") + "\n"
        for option in recommendation.options {
            let rank = String(option.rank).count == 1 ? " \(option.rank)" : "\(option.rank)"
            let rule = option.placingReasons.first { $0.role == .tier }?.rule ?? ""
            let tier = style.tier(option.tier, option.tier.rawValue.padded(to: 17))
            out += "\(rank)  \(option.regimen.padded(to: idWidth))  \(tier)\(rule)\n"
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
        let name = knowledge.regimen(named: option.regimen)?.name ?? option.regimen
        var out = "\n  \(option.rank). \(style.bold(name)) — \(style.tier(option.tier))\n"
        for reason in option.placingReasons {
            out += "     " + reason.citation.plainText(citing: knowledge).wrapped(to: 74, indent: "     ") + "\n"
        }
        return out
    }
}
