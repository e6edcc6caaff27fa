import Foundation
import Testing

/// `her2sim report` shows toxicity-management decisions beside regimen decisions.
@Suite("Records: her2sim report with management decisions")
struct ReportManagementCLITests {
    typealias Support = RecordsTestSupport

    func run(_ arguments: [String]) throws -> Support.Output {
        let binary = try #require(Support.product("her2sim"), "the her2sim binary is not beside the test bundle")
        let root = Support.repositoryRoot
        return try Support.run(
            binary,
            arguments + [
                "--scoring", root.appendingPathComponent("Scoring").path, "--cases",
                root.appendingPathComponent("Cases").path,
            ], environment: ["HER2SIM_LEARNER": "", "XDG_DATA_HOME": Support.scratchDirectory("xdg").path])
    }

    /// hb-411 seed 1: the label reduces capecitabine for grade 3 hand-foot syndrome; Kim holds it.
    func database() throws -> String {
        let directory = Support.scratchDirectory("management")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "choose tucatinib-trastuzumab-capecitabine\nmanage hold\nquit\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let played = try run([
            "play", "hb-411", "--seed", "1", "--learner", "Kim", "--db", database,
            "--script", script.path,
        ])
        #expect(played.status == 0, "\(played.stderr)")
        return database
    }

    @Test("--format json: the session's management decision and the cohort's figures")
    func json() throws {
        let database = try database()
        let output = try run(["report", "--db", database, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let sessions = try #require(object["sessions"] as? [[String: Any]])
        let managements = try #require(sessions.first?["managements"] as? [[String: Any]])
        #expect(managements.count == 1)
        let decision = try #require(managements.first)
        #expect(decision["action"] as? String == "hold")
        #expect(decision["reference"] as? String == "reduce")
        #expect(decision["row"] as? String != nil, "the replay names the label row")
        let points = try #require(decision["points"] as? Int)
        #expect(points < (decision["maximum-points"] as? Int ?? 0), "holding is not the label's action")

        let cohort = try #require(object["cohort"] as? [String: Any])
        let management = try #require(cohort["management"] as? [String: Any])
        #expect(management["decisions"] as? Int == 1)
        let learners = try #require(management["learners"] as? [[String: Any]])
        #expect(learners.map { $0["learner"] as? String } == ["Kim"])
        #expect(learners.first?["mean-points"] as? Double == Double(points))
        let cases = try #require(management["cases"] as? [[String: Any]])
        #expect(cases.map { $0["case"] as? String } == ["hb-411"])
        let missed = try #require(management["missed-rows"] as? [[String: Any]])
        #expect(missed.count == 1)
        #expect(missed.first?["chosen"] as? String == "hold")
        #expect(missed.first?["reference"] as? String == "reduce")
        #expect(missed.first?["count"] as? Int == 1)
        #expect(missed.first?["row"] as? String == decision["row"] as? String)
    }

    @Test("text: a management section per learner and per case, with the missed label row")
    func text() throws {
        let database = try database()
        let output = try run(["report", "--db", database])
        #expect(output.status == 0, "\(output.stderr)")
        let section = try #require(output.stdout.components(separatedBy: "Management decisions").dropFirst().first)
        #expect(section.contains("per learner"))
        #expect(section.contains("Kim"))
        #expect(section.contains("per case"))
        #expect(section.contains("hb-411"))
        #expect(section.contains("1× "))
        #expect(section.contains("hold vs reduce"))
        #expect(output.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// hb-412 seed 4 off the reference's path: long regimen ids beside the reference and the
    /// missed rules used to run to 100 columns.
    @Test("text: every line of a session with long regimen ids fits 80 columns")
    func longRegimenIDs() throws {
        let directory = Support.scratchDirectory("long-ids")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "choose neratinib-capecitabine\nchoose tucatinib-trastuzumab-capecitabine\nchoose tdm1\nquit\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let played = try run([
            "play", "hb-412", "--seed", "4", "--learner", "Ana", "--db", database, "--script", script.path,
        ])
        #expect(played.status == 0, "\(played.stderr)")
        let output = try run(["report", "--db", database])
        #expect(output.status == 0, "\(output.stderr)")
        let long = output.stdout.split(separator: "\n").filter { $0.count > 80 }
        #expect(long.isEmpty, "\(long)")
        #expect(output.stdout.contains("reference: tucatinib-trastuzumab-capecitabine · missed: third-line"))
    }

    @Test("--format html: management tables per learner and case, and the missed label row")
    func html() throws {
        let database = try database()
        let output = try run(["report", "--db", database, "--format", "html"])
        #expect(output.status == 0, "\(output.stderr)")
        let page = output.stdout
        let section = try #require(
            page.components(separatedBy: "id=\"management\"").dropFirst().first?
                .components(separatedBy: "</section>").first)
        #expect(section.contains("<th scope=\"row\">Kim</th><td class=\"n\">1</td>"))
        #expect(section.contains("<th scope=\"row\">hb-411</th><td class=\"n\">1</td>"))
        #expect(section.contains("<td><code>hold</code></td><td><code>reduce</code></td>"))
    }

    /// The columns of `report --format csv` before management rows: they stay where they were.
    static let olderCSVColumns = [
        "session", "learner", "case", "seed", "started", "finished", "score", "maximum",
        "turn", "turn_id", "choice", "tier", "points", "max_points", "unsafe", "reference",
        "reference_tier", "missed_rules", "objectives",
    ]

    @Test("--format csv: a management row with kind, action, tier and points; older columns keep their place")
    func csv() throws {
        let database = try database()
        let output = try run(["report", "--db", database, "--format", "csv"])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let header = try #require(lines.first).components(separatedBy: ",")
        #expect(Array(header.prefix(Self.olderCSVColumns.count)) == Self.olderCSVColumns)
        #expect(Array(header.dropFirst(Self.olderCSVColumns.count)) == ["kind", "action", "confidence"])
        let rows = lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.components(separatedBy: ",")))
        }
        #expect(rows.count == 2, "t1's regimen and t2's management decision:\n\(output.stdout)")
        #expect(rows.allSatisfy { $0.count == header.count })
        let regimen = try #require(rows.first)
        let management = try #require(rows.last)
        #expect(regimen["kind"] == "regimen")
        #expect(regimen["choice"] == "tucatinib-trastuzumab-capecitabine")
        #expect(regimen["action"] == "")
        #expect(management["kind"] == "management")
        #expect(management["turn"] == "2" && management["turn_id"] == "t2")
        #expect(management["choice"] == "")
        #expect(management["action"] == "hold")
        #expect(management["tier"] == "conditional")
        #expect(management["points"] == "4" && management["max_points"] == "10")
        #expect(management["reference"] == "reduce")
        #expect(management["reference_tier"] == "preferred")
        #expect(management["missed_rules"] == "her2climb-hfs-3")
        #expect(management["objectives"] == "hfs-grading")
        #expect(management["unsafe"] == "false")
        // The score so far counts both decisions.
        let score = (Int(regimen["points"] ?? "") ?? -100) + 4
        #expect(management["score"] == String(score))
    }

    @Test("--regrade: a management decision whose tier today's tables change, in text and json")
    func regrade() throws {
        let binary = try #require(Support.product("her2sim"))
        let root = Support.repositoryRoot
        let scoring = Support.scratchDirectory().appendingPathComponent("Scoring")
        try FileManager.default.copyItem(at: root.appendingPathComponent("Scoring"), to: scoring)
        let directory = Support.scratchDirectory("regrade")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "choose tucatinib-trastuzumab-capecitabine\nmanage hold\nquit\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let options = [
            "--scoring", scoring.path, "--cases", root.appendingPathComponent("Cases").path, "--db", database,
        ]
        let environment = ["HER2SIM_LEARNER": "", "XDG_DATA_HOME": directory.appendingPathComponent("xdg").path]
        let played = try Support.run(
            binary,
            ["play", "hb-411", "--seed", "1", "--learner", "Kim", "--script", script.path]
                + options, environment: environment)
        #expect(played.status == 0, "\(played.stderr)")

        let same = try Support.run(binary, ["report", "--regrade"] + options, environment: environment)
        #expect(same.status == 0, "\(same.stderr)")
        #expect(
            same.stdout.hasPrefix("Re-graded 2 recorded decisions (1 management) with today's rules"), "\(same.stdout)")
        #expect(same.stdout.contains(": 0 changed tier."))

        // Today's table: holding a drug at full dose where the label lowers it is not recommended.
        let tables = scoring.appendingPathComponent("dose-modifications.yaml")
        let text = try String(contentsOf: tables, encoding: .utf8)
        let old = "  - id: hold-full-dose\n    tier: conditional\n"
        #expect(text.contains(old))
        try Data(text.replacingOccurrences(of: old, with: "  - id: hold-full-dose\n    tier: not-recommended\n").utf8)
            .write(to: tables)

        let changed = try Support.run(binary, ["report", "--regrade"] + options, environment: environment)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains(": 1 changed tier."), "\(changed.stdout)")
        #expect(
            changed.stdout.contains(
                "Kim hb-411 t2 (session #1): manage hold conditional → not-recommended (-3 points)"),
            "\(changed.stdout)")
        #expect(changed.stdout.contains("rule her2climb-hfs-3:"))

        let json = try Support.run(
            binary, ["report", "--regrade", "--format", "json"] + options, environment: environment)
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["checked"] as? Int == 2)
        #expect(object["checked-management"] as? Int == 1)
        let list = try #require(object["changed"] as? [[String: Any]])
        #expect(list.count == 1)
        let first = try #require(list.first)
        #expect(first["kind"] as? String == "management")
        #expect(first["choice"] as? String == "hold")
        #expect(first["turn"] as? Int == 2 && first["turn-id"] as? String == "t2")
        #expect(first["recorded-tier"] as? String == "conditional" && first["recorded-points"] as? Int == 4)
        #expect(first["tier"] as? String == "not-recommended" && first["points"] as? Int == 1)
        #expect(first["rules"] as? [String] == ["her2climb-hfs-3"])
    }

    @Test("hb-410: a management decision made before any regimen choice is recorded and reported")
    func managementFirst() throws {
        let directory = Support.scratchDirectory("management-first")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "manage discontinue\nchoose endocrine-her2\nquit\n".write(to: script, atomically: true, encoding: .utf8)
        let played = try run([
            "play", "hb-410", "--seed", "2", "--learner", "Ada", "--db", database,
            "--script", script.path,
        ])
        #expect(played.status == 0, "\(played.stderr)")
        let output = try run(["report", "--db", database, "--format", "json"])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let session = try #require((object["sessions"] as? [[String: Any]])?.first)
        let managements = try #require(session["managements"] as? [[String: Any]])
        #expect(managements.map { $0["action"] as? String } == ["discontinue"])
        #expect(managements.first?["reference"] as? String == "reduce")
        #expect(managements.first?["row"] as? String == "tdm1-transaminases-3")
        #expect((session["decisions"] as? [[String: Any]])?.count == 1, "the regimen decision after it is kept")
    }
}
