import Foundation
import Testing

/// `her2sim report` shows toxicity-management decisions beside regimen decisions.
@Suite("Records: her2sim report with management decisions")
struct ReportManagementCLITests {
    typealias Support = RecordsTestSupport

    func run(_ arguments: [String]) throws -> Support.Output {
        let binary = try #require(Support.product("her2sim"), "the her2sim binary is not beside the test bundle")
        let root = Support.repositoryRoot
        return try Support.run(binary, arguments + [
            "--scoring", root.appendingPathComponent("Scoring").path, "--cases", root.appendingPathComponent("Cases").path,
        ], environment: ["HER2SIM_LEARNER": "", "XDG_DATA_HOME": Support.scratchDirectory("xdg").path])
    }

    /// hb-411 seed 1: the label reduces capecitabine for grade 3 hand-foot syndrome; Kim holds it.
    func database() throws -> String {
        let directory = Support.scratchDirectory("management")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "choose tucatinib-trastuzumab-capecitabine\nmanage hold\nquit\n"
            .write(to: script, atomically: true, encoding: .utf8)
        let played = try run(["play", "hb-411", "--seed", "1", "--learner", "Kim", "--db", database,
                              "--script", script.path])
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

    @Test("--format html: management tables per learner and case, and the missed label row")
    func html() throws {
        let database = try database()
        let output = try run(["report", "--db", database, "--format", "html"])
        #expect(output.status == 0, "\(output.stderr)")
        let page = output.stdout
        let section = try #require(page.components(separatedBy: "id=\"management\"").dropFirst().first?
            .components(separatedBy: "</section>").first)
        #expect(section.contains("<th scope=\"row\">Kim</th><td class=\"n\">1</td>"))
        #expect(section.contains("<th scope=\"row\">hb-411</th><td class=\"n\">1</td>"))
        #expect(section.contains("<td><code>hold</code></td><td><code>reduce</code></td>"))
    }

    @Test("hb-410: a management decision made before any regimen choice is recorded and reported")
    func managementFirst() throws {
        let directory = Support.scratchDirectory("management-first")
        let database = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("script")
        try "manage discontinue\nchoose endocrine-her2\nquit\n".write(to: script, atomically: true, encoding: .utf8)
        let played = try run(["play", "hb-410", "--seed", "2", "--learner", "Ada", "--db", database,
                              "--script", script.path])
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
