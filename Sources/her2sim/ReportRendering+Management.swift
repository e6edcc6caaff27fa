import Her2SimCore
import Her2SimRecords
import Her2SimText

/// Toxicity-management decisions in reports, beside the regimen decisions.
extension ReportRendering {
    func json(_ management: ManagementReport) -> JSONValue {
        .object([
            ("turn", .int(management.turn + 1)),
            ("action", .string(management.action)),
            ("tier", .string(management.tier.rawValue)),
            ("points", .int(management.points)),
            ("maximum-points", .int(management.maximumPoints)),
            ("unsafe", .bool(management.unsafe)),
            ("reference", .string(management.reference)),
            ("row", management.row.map(JSONValue.string) ?? .null),
            ("turn-id", management.turnID.map(JSONValue.string) ?? .null),
            ("reference-tier", management.referenceTier.map { .string($0.rawValue) } ?? .null),
            ("objectives", .array(management.objectives.map { .string($0.id) })),
            ("confidence", management.confidence.map(JSONValue.int) ?? .null),
        ])
    }

    func json(_ cohort: ManagementCohort) -> JSONValue {
        func figures(_ figures: [ManagementCohort.Figure], _ key: String) -> JSONValue {
            .array(
                figures.map { figure in
                    .object([
                        (key, .string(figure.key)),
                        ("decisions", .int(figure.decisions)),
                        ("mean-points", .double(figure.meanPoints)),
                        ("maximum-points", .int(figure.maximumPoints)),
                    ])
                })
        }
        return .object([
            ("decisions", .int(cohort.decisions)),
            ("learners", figures(cohort.learners, "learner")),
            ("cases", figures(cohort.cases, "case")),
            (
                "missed-rows",
                .array(
                    cohort.missedRows.map { row in
                        .object([
                            ("row", row.row.map(JSONValue.string) ?? .null),
                            ("chosen", .string(row.chosen)),
                            ("reference", .string(row.reference)),
                            ("count", .int(row.count)),
                        ])
                    })
            ),
        ])
    }

    /// The cohort's management section; empty when no session managed a toxicity.
    func managementText(_ cohort: ManagementCohort) -> String {
        guard cohort.decisions > 0 else { return "" }
        var out = "\n" + style.bold("Management decisions") + "\n"
        let width = max(4, (cohort.learners + cohort.cases).map { Self.safe($0.key).count }.max() ?? 0)
        for (title, figures) in [("per learner", cohort.learners), ("per case", cohort.cases)] {
            out += style.dim("  \(title)") + "\n"
            for figure in figures {
                let mean = String(format: "%.1f", figure.meanPoints) + "/\(figure.maximumPoints)"
                let noun = figure.decisions == 1 ? "decision" : "decisions"
                out +=
                    "    \(Self.safe(figure.key).padded(to: width))  \(mean.padded(to: 10))  "
                    + style.dim("\(figure.decisions) \(noun)") + "\n"
            }
        }
        out += style.dim("  label rows most often missed (chosen vs label)") + "\n"
        if cohort.missedRows.isEmpty { out += style.dim("    none: every action was the label's") + "\n" }
        for row in cohort.missedRows.prefix(10) {
            out +=
                "    \(row.count)× \(Self.safe(row.row ?? "–", limit: 60)): "
                + "\(Self.safe(row.chosen)) vs \(Self.safe(row.reference))\n"
        }
        return out
    }
}
