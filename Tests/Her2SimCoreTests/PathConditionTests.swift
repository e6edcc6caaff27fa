import Foundation
import Her2SimCore
import Testing

/// The guard keys that follow what the simulator did — `had`, `stopped`, `response`, `months` —
/// guarded `findings`, and path keys in an `on-choice` `when`.
@Suite struct PathConditionTests {
    /// A path whose last line (T-DXd) ran 7 months, stopped by progression after a partial
    /// response, with grade 2 ILD; earlier on the path she had grade 3 diarrhea.
    static let afterILD: PathFacts = {
        var facts = PathFacts(chosen: "tdxd", tier: .preferred, received: ["thp", "tdxd"])
        facts.course = CourseFacts(
            toxicities: [.diarrhea: 3, .ild: 2],
            last: .init(
                months: 7, stopped: .progression, response: .partial,
                toxicities: [.ild: 2]))
        return facts
    }()

    static let quiet: PathFacts = {
        var facts = PathFacts(chosen: "tdm1", tier: .recommended, received: ["thp", "tdm1"])
        facts.course = CourseFacts(
            toxicities: [:],
            last: .init(months: 2.5, stopped: .toxicity, response: .stable, toxicities: [:]))
        return facts
    }()

    static func holds(_ conditions: PathConditions, on facts: PathFacts) -> Bool {
        var guarded = TurnGuard()
        guarded.conditions = conditions
        return guarded.holds(on: facts)
    }

    @Test func hadHoldsOnTheGradeAndScopeWritten() {
        let ild2 = ToxicityCondition(toxicities: [.ild], grade: Comparison(.atLeast, 2))
        #expect(Self.holds(PathConditions(had: ild2), on: Self.afterILD))
        #expect(!Self.holds(PathConditions(had: ild2), on: Self.quiet))
        let ild3 = ToxicityCondition(toxicities: [.ild], grade: Comparison(.atLeast, 3))
        #expect(!Self.holds(PathConditions(had: ild3), on: Self.afterILD))
        // Diarrhea happened on the path, but not during the last line.
        #expect(Self.holds(PathConditions(had: ToxicityCondition(toxicities: [.diarrhea])), on: Self.afterILD))
        #expect(
            !Self.holds(
                PathConditions(had: ToxicityCondition(toxicities: [.diarrhea], lastLine: true)),
                on: Self.afterILD))
        let ildLastLine = ToxicityCondition(toxicities: [.ild], lastLine: true)
        #expect(Self.holds(PathConditions(had: ildLastLine), on: Self.afterILD))
    }

    @Test func stoppedResponseAndMonthsLookAtTheLastLine() {
        #expect(Self.holds(PathConditions(stopped: [.progression]), on: Self.afterILD))
        #expect(!Self.holds(PathConditions(stopped: [.progression]), on: Self.quiet))
        #expect(Self.holds(PathConditions(response: [.partial, .complete]), on: Self.afterILD))
        #expect(!Self.holds(PathConditions(response: [.partial, .complete]), on: Self.quiet))
        #expect(Self.holds(PathConditions(months: Comparison(parsing: ">=6")), on: Self.afterILD))
        #expect(!Self.holds(PathConditions(months: Comparison(parsing: ">=6")), on: Self.quiet))
        #expect(Self.holds(PathConditions(months: Comparison(parsing: "<3")), on: Self.quiet))
        // Before the first decision there is no last line: none of them holds.
        #expect(!Self.holds(PathConditions(stopped: [.progression]), on: PathFacts()))
        #expect(!Self.holds(PathConditions(months: Comparison(parsing: ">=0")), on: PathFacts()))
    }

    @Test func brainLooksAtTheStateTheTimelineLeft() {
        var facts = Self.afterILD
        #expect(!Self.holds(PathConditions(brain: [.active]), on: facts))
        #expect(Self.holds(PathConditions(brain: [.none]), on: facts))
        let interval = Interval(
            regimen: "tdxd", months: 4, bestResponse: .stable, stopped: .progression,
            events: [
                Interval.Event(
                    month: 4,
                    event: .progression(
                        newSites: [],
                        brainMetastases: .active))
            ],
            isSupportiveCare: false)
        facts.course = facts.course.adding(interval)
        #expect(Self.holds(PathConditions(brain: [.active, .treatedStable]), on: facts))
        #expect(!Self.holds(PathConditions(brain: [.none]), on: facts))
        // A later line without a brain event leaves it as it was.
        facts.course = facts.course.adding(
            Interval(
                regimen: "tdm1", months: 2, bestResponse: nil, stopped: .toxicity,
                events: [], isSupportiveCare: false))
        #expect(facts.course.brain == .active)
    }

    @Test func comparisonsParse() {
        #expect(Comparison(parsing: ">=2") == Comparison(.atLeast, 2))
        #expect(Comparison(parsing: "< 6.5") == Comparison(.less, 6.5))
        #expect(Comparison(parsing: "3") == Comparison(.equal, 3))
        #expect(Comparison(parsing: "about 6") == nil)
        #expect(Comparison(parsing: ">=") == nil)
    }

    @Test func courseFactsComeFromTheInterval() {
        let interval = Interval(
            regimen: "tucatinib-trastuzumab-capecitabine", months: 5, bestResponse: nil,
            stopped: .progression,
            events: [
                Interval.Event(month: 1, event: .toxicity(.handFootSyndrome, grade: 3)),
                Interval.Event(month: 2, event: .toxicity(.handFootSyndrome, grade: 1)),
            ],
            isSupportiveCare: false)
        let facts = CourseFacts(toxicities: [.handFootSyndrome: 1, .ild: 2]).adding(interval)
        #expect(facts.toxicities == [.handFootSyndrome: 3, .ild: 2])
        #expect(facts.last?.toxicities == [.handFootSyndrome: 3])
        #expect(facts.last?.months == 5)
        // Stopped by progression with no restaging: the best response counts as progression.
        #expect(facts.last?.response == .progression)
        #expect(CourseFacts().adding(nil).last == nil)
    }

    static let turns = """
          - narrative:
              - when: {had: {toxicity: ild, grade: ">=2"}}
                text: After the ILD.
              - when: {stopped: [progression], months: "<6"}
                text: It grew early.
              - text: Later.
            findings:
              - when: {stopped: [progression]}
                labs: {ca15-3: 140}
              - labs: {ca15-3: 60}
            decide: regimen
            teaching:
              - when: {response: [partial, complete]}
                text: It shrank.
              - text: T.
            on-choice:
              - when: {regimen: [tdxd], received: [tdxd]}
                narrative: T-DXd again.
              - when: {regimen: [thp, tdm1], again: true}
                narrative: Given before.
              - when: {not-received: [tdm1]}
                narrative: Something new.

        """

    @Test func decodedGuardsFollowThePath() throws {
        let result = TurnGuardTests.load(Self.turns)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let turn = try #require(result.script?.turns.last)
        #expect(turn.narrative(on: Self.afterILD)?.source == "After the ILD.")
        var early = Self.quiet
        early.course.last?.stopped = .progression
        #expect(turn.narrative(on: early)?.source == "It grew early.")
        #expect(turn.narrative(on: Self.quiet)?.source == "Later.")
        #expect(turn.findings(on: Self.afterILD).value(.ca153) == 140)
        #expect(turn.findings(on: Self.quiet).value(.ca153) == 60)
        // Tools that follow no path see the fallback.
        #expect(turn.findings.value(.ca153) == 60)
        #expect(turn.teaching(on: Self.afterILD) == "It shrank.")
        #expect(turn.teaching(on: Self.quiet) == "T.")
        // On-choice: `received` asks whether the choice was given before.
        #expect(turn.branch(for: "tdxd", tier: .preferred, on: Self.afterILD)?.narrative?.source == "T-DXd again.")
        #expect(turn.branch(for: "tdxd", tier: .preferred, on: Self.quiet) == nil)
        #expect(turn.branch(for: "tdm1", tier: .preferred, on: Self.afterILD)?.narrative?.source == "Something new.")
        // `again`: the regimen chosen here was given before on this path.
        #expect(turn.branch(for: "thp", tier: .preferred, on: Self.afterILD)?.narrative?.source == "Given before.")
        #expect(turn.branch(for: "tdm1", tier: .preferred, on: Self.quiet)?.narrative?.source == "Given before.")
    }

    @Test func aSessionFillsTheCourseFactsFromItsTimeline() throws {
        let script = try #require(TurnGuardTests.load(Self.turns).script)
        var session = Session(script: script, seed: 3, context: SessionTests.context)
        #expect(session.path.course.last == nil)
        let chosen = session.choose("tdxd")
        let record = try #require(chosen)
        let interval = try #require(record.interval)
        let last = try #require(session.path.course.last)
        #expect(last.months == interval.months)
        #expect(last.stopped == interval.stopped)
        let expected = script.turns[1].narrative(on: session.path)?.source
        #expect(session.narrative == expected)
        #expect(session.findings == script.turns[1].findings(on: session.path))
    }

    @Test func lintReportsAGuardThatHoldsOnNoPath() throws {
        let result = TurnGuardTests.load(
            """
              - narrative:
                  - when: {chosen: [tdxd], had: {toxicity: hand-foot-syndrome, on: last-line}}
                    text: Sore hands on T-DXd.
                  - when: {received: [tdm1], not-received: [tdm1]}
                    text: Never.
                  - when: {chosen: [tdxd], had: {toxicity: ild}}
                    text: After ILD.
                  - text: Later.
                decide: regimen
                teaching: T.

            """)
        let script = try #require(result.script, "\(result.diagnostics)")
        let found = PathLintTests.linter.lint(script).diagnostics.filter { $0.message.contains("holds on none") }
        let lines = Set(found.compactMap { $0.location?.line })
        // T-DXd causes no hand-foot syndrome; the second guard contradicts itself; ILD on T-DXd can happen.
        #expect(lines == [19, 21], "\(found)")
    }
}
