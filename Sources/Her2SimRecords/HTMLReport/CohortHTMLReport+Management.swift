import Foundation

/// Toxicity-management decisions on the cohort page, as in the text and JSON reports.
extension CohortHTMLReport {
    /// Empty when no session managed a toxicity (the page keeps its shape for regimen-only cohorts).
    func management() -> String {
        let cohort = report.cohort.management
        guard cohort.decisions > 0 else { return "" }
        var out =
            "<section id=\"management\" aria-labelledby=\"management-h\">\n"
            + "<h2 id=\"management-h\">Management decisions</h2>\n"
        for (id, title, figures) in [
            ("management-learners", "Learner", cohort.learners),
            ("management-cases", "Case", cohort.cases),
        ] {
            out +=
                "<table id=\"\(id)\">\n<caption>Mean points per \(title.lowercased())</caption>\n"
                + "<thead><tr><th scope=\"col\">\(title)</th><th scope=\"col\" class=\"n\">Decisions</th>"
                + "<th scope=\"col\" class=\"n\">Mean points</th></tr></thead>\n<tbody>\n"
            for figure in figures {
                out +=
                    "<tr><th scope=\"row\">\(HTMLText.escape(figure.key))</th><td class=\"n\">\(figure.decisions)</td>"
                    + "<td class=\"n\">\(HTMLText.fixed(figure.meanPoints, 1))/\(figure.maximumPoints)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        guard !cohort.missedRows.isEmpty else {
            return out + "<p class=\"empty\">Every action was the label's.</p>\n</section>\n"
        }
        out +=
            "<table id=\"management-missed\">\n<caption>Label rows most often missed</caption>\n"
            + "<thead><tr><th scope=\"col\" class=\"n\">Missed</th><th scope=\"col\">Label row</th>"
            + "<th scope=\"col\">Chosen</th><th scope=\"col\">Label's action</th></tr></thead>\n<tbody>\n"
        for row in cohort.missedRows.prefix(Self.missedRulesShown) {
            out +=
                "<tr><td class=\"n\">\(row.count)×</td><th scope=\"row\"><code>\(HTMLText.escape(row.row ?? "–"))</code></th>"
                + "<td><code>\(HTMLText.escape(row.chosen))</code></td>"
                + "<td><code>\(HTMLText.escape(row.reference))</code></td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }
}
