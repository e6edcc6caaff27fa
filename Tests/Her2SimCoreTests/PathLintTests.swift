import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// `lint --paths`: each fixture in `Fixtures/path-cases` is the README example with one defect
/// a fellow choosing differently would meet, and starts with `# expect: LINE:COL: warning: MESSAGE`
/// (the exact located finding, its path and path count) or `# expect: none`.
@Suite("lint --paths: coherence on every path")
struct PathLintTests {
    static let fixtures = TestSupport.fixtureFiles(in: "path-cases")
    static let linter = PathLinter(context: SessionTests.context)

    static func lint(_ url: URL) throws -> (script: CaseScript, result: PathLinter.Result) {
        let text = TestSupport.text(url)
        let loaded = CaseLoader.load(text, file: url.lastPathComponent, knowledge: TestSupport.knowledge)
        let script = try #require(loaded.script, "\(url.lastPathComponent): \(loaded.diagnostics)")
        return (script, linter.lint(script))
    }

    static func rendered(_ diagnostic: Diagnostic) -> String {
        "\(diagnostic.location!.line):\(diagnostic.location!.column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
    }

    @Test(
        "each fixture reports its one finding, located, with its path and count",
        arguments: fixtures.map(\.lastPathComponent))
    func reportsExpectedFinding(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("path-cases").appendingPathComponent(name)
        let first = try #require(TestSupport.text(url).split(separator: "\n").first)
        let expected = try #require(
            first.hasPrefix("# expect: ") ? String(first.dropFirst(10)) : nil,
            "\(name) lacks a '# expect:' first line")
        let (_, result) = try Self.lint(url)
        let found = result.diagnostics.map(Self.rendered)
        if expected.hasPrefix("none") {
            #expect(found.isEmpty, "\(name): \(found.joined(separator: "\n"))")
        } else {
            #expect(found.contains(expected), "\(name): expected\n\(expected)\nfound\n\(found.joined(separator: "\n"))")
        }
    }

    @Test("the fixtures cover every kind of finding")
    func everyKind() {
        let names = Set(Self.fixtures.map(\.lastPathComponent))
        for name in [
            "narrative-drug-not-received.yaml", "teaching-drug-not-received.yaml", "event-without-guard.yaml",
            "answer-off-path.yaml", "goes-on-after-death.yaml", "guarded-narrative.yaml",
            "at-month-missed.yaml",
        ] {
            #expect(names.contains(name), "missing fixture \(name)")
        }
    }

    @Test("paths: the reference path, 20 other regimens at each decision, and 3 random paths")
    func pathCount() throws {
        let url = TestSupport.fixtures.appendingPathComponent("path-cases/guarded-narrative.yaml")
        let (script, result) = try Self.lint(url)
        let regimens = TestSupport.knowledge.regimenIDs.count
        #expect(regimens == 21)
        #expect(result.paths == 1 + script.decisions * (regimens - 1) + CasePaths.randomPaths)
        let paths = CasePaths(script: script, context: SessionTests.context).paths
        // Each deviation leaves the reference path at exactly one decision.
        let reference = paths[0].choices
        for path in paths.dropFirst().prefix(paths.count - 1 - CasePaths.randomPaths) {
            let index = try #require(path.deviation)
            #expect(Array(path.choices.prefix(index)) == Array(reference.prefix(index)))
            #expect(path.choices[index] != reference[index])
        }
        #expect(Set(paths.map(\.choices)).count > paths.count / 2, "paths should differ")
    }

    @Test("findings are deduplicated: one per location and kind, the count of paths in the message")
    func deduplicated() throws {
        let url = TestSupport.fixtures.appendingPathComponent("path-cases/event-without-guard.yaml")
        let (_, result) = try Self.lint(url)
        let locations = result.diagnostics.map { $0.location! }
        #expect(Set(locations).count == locations.count, "\(result.diagnostics)")
        #expect(result.diagnostics.count == 1)
        #expect(
            result.diagnostics.first?.message.contains("(\(result.paths) of \(result.paths) paths reach it)") == true)
    }

    @Test("a drug named with a negation or as an option is not a finding; one named as given is")
    func hedgedMentions() throws {
        let url = TestSupport.fixtures.appendingPathComponent("path-cases/narrative-drug-not-received.yaml")
        let text = TestSupport.text(url)
        for hedge in ["She has never received T-DM1", "T-DM1 would be an option", "She asks about T-DM1"] {
            let edited = text.replacingOccurrences(
                of: "Five months into T-DM1 her platelets",
                with: "\(hedge). Her platelets")
            let script = try #require(CaseLoader.load(edited, file: "x.yaml", knowledge: TestSupport.knowledge).script)
            let found = Self.linter.lint(script).diagnostics.filter { $0.message.contains("the narrative names") }
            #expect(found.isEmpty, "\(hedge): \(found)")
        }
        let asserted = text.replacingOccurrences(
            of: "Five months into T-DM1 her platelets",
            with: "She tolerated T-DM1 well. Her platelets")
        let script = try #require(CaseLoader.load(asserted, file: "x.yaml", knowledge: TestSupport.knowledge).script)
        #expect(Self.linter.lint(script).diagnostics.contains { $0.message.contains("the narrative names T-DM1") })
    }

    /// A course that ends the line with a progression at month 2 but places every scripted event
    /// at month 3, after it, ends the interval at 3.5 and adds an ECOG change at month 4.
    struct LateEventsCourse: DiseaseCourse {
        func advance(
            _ state: PatientState, choosing regimen: RegimenID, seed: UInt64, decisionIndex: Int,
            scripted: [ClinicalEvent], months: Double?
        ) -> CourseOutcome {
            var next = state
            next.history.append(TherapyLine(regimen: regimen, months: 2))
            let events =
                [TimedEvent(month: 2, event: .progression(newSites: [], brainMetastases: nil))]
                + scripted.map { TimedEvent(month: 3, event: $0) } + [TimedEvent(month: 4, event: .ecog(2))]
            return CourseOutcome(state: next.applying(scripted), months: 3.5, events: events)
        }
    }

    @Test("timeline: a scripted toxicity after the progression and an event after the interval's end, located")
    func timeline() throws {
        let url = TestSupport.fixtures.appendingPathComponent("path-cases/event-without-guard.yaml")
        let script = try #require(
            CaseLoader.load(TestSupport.text(url), file: "t.yaml", knowledge: TestSupport.knowledge).script)
        let linter = PathLinter(context: SessionContext(knowledge: TestSupport.knowledge, course: LateEventsCourse()))
        let found = linter.lint(script).diagnostics.map(Self.rendered)
        #expect(
            found.contains(
                "71:9: warning: thrombocytopenia grade 2 comes after the progression at month 2 that ended the line on the path hb-401: tdm1 (23 of 44 paths); move it to the next turn, or guard it"
            ),
            "\(found.joined(separator: "\n"))")
        #expect(
            found.contains { $0.contains(": warning: ECOG 2 comes after the interval's end (month 4 of 3.5)") },
            "\(found.joined(separator: "\n"))")
    }
}
