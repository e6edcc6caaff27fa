import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// `her2sim report --format html`: a self-contained page (no script, nothing fetched), every
/// learner-provided string escaped, figures with text alternatives, the same numbers as
/// `--format json`, and `--out` writing as `export` does.
@Suite("Records: the HTML cohort report")
struct HTMLReportTests {
    typealias Support = RecordsTestSupport

    func report(_ arguments: [String]) throws -> Support.Output {
        let binary = try #require(Support.product("her2sim"), "the her2sim binary is not beside the test bundle")
        let root = Support.repositoryRoot
        return try Support.run(
            binary,
            ["report"] + arguments + [
                "--scoring", root.appendingPathComponent("Scoring").path, "--cases",
                root.appendingPathComponent("Cases").path,
            ])
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return [] }
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { Range(match.range(at: $0), in: text).map { String(text[$0]) } ?? "" }
        }
    }

    @Test("self-contained: no script, no link, nothing fetched, no event handler")
    func selfContained() throws {
        let (url, _) = try CohortFixture.database()
        let html = try CohortFixture.page(url).html
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        let lower = html.lowercased()
        for forbidden in [
            "<script", "<link", "<img", "<iframe", "<object", "<embed", "src=", "href=", "url(", "@import",
            "http://", "https://", "javascript:",
        ] {
            #expect(!lower.contains(forbidden), "the page contains '\(forbidden)'")
        }
        #expect(Self.matches(#"\son[a-z]+\s*="#, in: lower).isEmpty, "an event-handler attribute")
        for section in ["scores", "missed", "calibration", "progress", "confidently-wrong", "unsafe"] {
            #expect(html.contains("<section id=\"\(section)\""), "no section \(section)")
        }
    }

    @Test("learner names are escaped: a name that is a script tag is shown, not run")
    func hostileNames() throws {
        let (url, names) = try CohortFixture.database()
        #expect(names.contains(CohortFixture.hostileName))
        let html = try CohortFixture.page(url).html
        #expect(!html.lowercased().contains("<script"))
        let escaped = "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;"
        // In the progress table, the per-learner calibration and the sparkline's title at least.
        #expect(html.components(separatedBy: escaped).count - 1 >= 3, "the escaped name is missing")
        #expect(HTMLText.escape("a'b\"c<d>e&f\u{07}") == "a&#39;b&quot;c&lt;d&gt;e&amp;f\u{FFFD}")
    }

    @Test("accessible: every figure is an img with a title and a description, and has a table of its numbers")
    func accessible() throws {
        let (url, _) = try CohortFixture.database()
        let html = try CohortFixture.page(url).html
        let svgs = Self.matches(#"<svg id="([a-z0-9-]+)"[^>]*>"#, in: html)
        #expect(svgs.count >= 3)
        for svg in svgs {
            let id = svg[1]
            #expect(
                svg[0].contains("role=\"img\"") && svg[0].contains("aria-labelledby=\"\(id)-title \(id)-desc\""),
                "\(svg[0])")
            #expect(html.contains("<title id=\"\(id)-title\">") && html.contains("<desc id=\"\(id)-desc\">"), "\(id)")
        }
        for table in ["case-table", "bands", "learner-brier", "progress-table", "missed-rules"] {
            #expect(html.contains("<table") && html.contains("id=\"\(table)\""), "no table \(table)")
        }
        // No light grey text: every colour given to text is dark enough on white (≥ 4.5:1).
        for colour in Self.matches(#"(?:[^-]color|fill): (#[0-9a-f]{6})"#, in: HTMLReportStyle.css).map({ $0[1] }) {
            #expect(Self.contrast(colour, "#ffffff") >= 4.5 || colour == "#ffffff", "\(colour) on white")
        }
    }

    /// WCAG 2 contrast ratio of two sRGB colours.
    static func contrast(_ a: String, _ b: String) -> Double {
        func luminance(_ hex: String) -> Double {
            let value = Int(hex.dropFirst(), radix: 16) ?? 0
            func linear(_ shift: Int) -> Double {
                let channel = Double((value >> shift) & 255) / 255
                return channel <= 0.03928 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
            }
            let red: Double = 0.2126 * linear(16)
            let green: Double = 0.7152 * linear(8)
            let blue: Double = 0.0722 * linear(0)
            return red + green + blue
        }
        let (x, y) = (luminance(a), luminance(b))
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    @Test("the page shows the same Brier scores, case means and counts as --format json")
    func agreesWithJSON() throws {
        let (url, names) = try CohortFixture.database()
        let json = try report(["--db", url.path, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let html = try report(["--db", url.path, "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = html.stdout
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let cohort = try #require(object["cohort"] as? [String: Any])
        let calibration = try #require(object["calibration"] as? [String: Any])

        // Brier score of the cohort, to the three decimals shown.
        let brier = try #require((calibration["cohort"] as? [String: Any])?["brier"] as? Double)
        let shown = try #require(
            Self.matches(#"<strong id="brier">([0-9.]+)</strong>"#, in: page).first.flatMap { Double($0[1]) })
        #expect(abs(shown - brier) <= 0.0005 + 1e-9, "html \(shown), json \(brier)")

        // Per learner.
        let learners = try #require(calibration["learners"] as? [[String: Any]])
        #expect(learners.count == names.count)
        for learner in learners {
            let name = try #require(learner["learner"] as? String)
            let value = try #require(learner["brier"] as? Double)
            let row = Self.matches(
                #"<tr><th scope="row">([^<]*)</th><td class="n">\d+</td><td class="n">([0-9.]+)</td>"#, in: page
            )
            .first { $0[1] == HTMLText.escape(name) }
            let html = try #require(row.flatMap { Double($0[2]) }, "no Brier row for \(name)")
            #expect(abs(html - value) <= 0.0005 + 1e-9, "\(name): html \(html), json \(value)")
        }

        // Mean percent per case.
        let cases = try #require(cohort["cases"] as? [[String: Any]])
        #expect(cases.count == CohortFixture.caseIDs.count)
        let rows = Self.matches(#"<tr data-case="([^"]+)">.*?<td class="n mean-percent">([0-9.]+)%</td>"#, in: page)
        #expect(rows.count == cases.count)
        for figure in cases {
            let id = try #require(figure["case"] as? String)
            let mean = try #require(figure["mean-percent"] as? Double, "\(id) has no finished session")
            let html = try #require(rows.first { $0[1] == id }.flatMap { Double($0[2]) }, "no row for \(id)")
            #expect(abs(html - mean) <= 0.05 + 1e-9, "\(id): html \(html)%, json \(mean)%")
        }
        // The header's counts.
        let sessions = try #require(cohort["sessions"] as? Int)
        let finished = try #require(cohort["finished"] as? Int)
        #expect(page.contains("\(names.count) learners, \(sessions) sessions (\(finished) finished)"))
        // And the knowledge base's fingerprint, as `report --regrade` and exports give it.
        #expect(Self.matches(#"SHA-256 [0-9a-f]{64}"#, in: page).count == 1)
    }

    @Test("--out writes the page atomically and says so; a folder is refused; no records is a page that says so")
    func out() throws {
        let (url, _) = try CohortFixture.database()
        let folder = Support.scratchDirectory()
        let file = folder.appendingPathComponent("cohort.html")
        try Data("old".utf8).write(to: file)
        let written = try report(["--db", url.path, "--format", "html", "--out", file.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(
            written.stdout.hasPrefix("Wrote \(file.path): cohort report, 20 sessions of 5 learners."),
            "\(written.stdout)")
        let page = try String(contentsOf: file, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["cohort.html"],
            "a temporary file was left")

        let json = folder.appendingPathComponent("report.json")
        #expect(try report(["--db", url.path, "--format", "json", "--out", json.path]).status == 0)
        #expect(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) is [String: Any])
        try FileManager.default.removeItem(at: json)

        let refused = try report(["--db", url.path, "--format", "html", "--out", folder.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is a directory; refusing to replace it"), "\(refused.stderr)")

        let empty = try report(["--db", folder.appendingPathComponent("none.sqlite").path, "--format", "html"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No sessions recorded."))
        #expect(try report(["--db", url.path, "--format", "html", "--regrade"]).status == 64)
    }

    @Test("20 learners: the page stays small")
    func size() throws {
        let (url, names) = try CohortFixture.database(learners: 20, sessionsEach: 5)
        let clock = ContinuousClock()
        let (_, report) = try CohortFixture.page(url)
        var html = ""
        let rendering = clock.measure {
            html = CohortHTMLReport(report: report, knowledgeBase: nil, generated: Support.march1).document()
        }
        #expect(names.count == 20 && report.sessions.count == 100)
        #expect(html.utf8.count < 400_000, "\(html.utf8.count) bytes")
        #expect(html.components(separatedBy: "<svg id=\"spark-").count - 1 == 20)
        print("HTML cohort report, 20 learners × 5 sessions: \(html.utf8.count) bytes, rendered in \(rendering)")
    }
}
