import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// The case format's guards: `when:` alternatives chosen on the path actually played.
@Suite struct TurnGuardTests {
    static let header = """
        id: hb-901
        title: Guards
        summary: A test case.
        difficulty: introductory
        minutes: 5
        objectives:
          - id: o1
            text: Something
        references: [HER2CLIMB]
        patient: {age: 50, ecog: 1, hormone-receptor: negative, lvef: 60, sites: [liver]}
        history:
          - {regimen: thp, months: 20, response: partial, stopped: progression}
        turns:
          - narrative: She progresses.
            decide: regimen
            objectives: [o1]
            teaching: First.

        """

    static func load(_ turn: String) -> CaseLoader.Result {
        CaseTestSupport.load(header + turn, file: "Cases/hb-901.yaml")
    }

    static let guarded = """
          - narrative:
              - when: {chosen: [tdxd]}
                text: After T-DXd.
              - when: {received: [tdm1], not-received: [tdxd]}
                text: After T-DM1.
              - text: Fallback.
            events:
              - trial-available: true
              - when: {received: [tdxd]}
                toxicity: {ild: 1}
            decide: regimen
            answer:
              - when: {tier: [preferred]}
                regimens: [tdm1]
              - regimens: [tucatinib]
            teaching:
              - when: {chosen: [tdxd]}
                text: ILD teaching.
              - text: General teaching.

        """

    @Test func guardedAlternativesFollowThePath() throws {
        let result = Self.load(Self.guarded)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let turn = try #require(result.script?.turns.last)
        let afterTDXd = PathFacts(chosen: "tdxd", tier: .preferred, received: ["thp", "tdxd"])
        let afterTDM1 = PathFacts(chosen: "tdm1", tier: .recommended, received: ["thp", "tdm1"])
        let neither = PathFacts(chosen: "trastuzumab-taxane", tier: .conditional, received: ["thp"])
        #expect(turn.narrative(on: afterTDXd)?.source == "After T-DXd.")
        #expect(turn.narrative(on: afterTDM1)?.source == "After T-DM1.")
        #expect(turn.narrative(on: neither)?.source == "Fallback.")
        #expect(turn.answer(on: afterTDXd) == ["tdm1"])
        #expect(turn.answer(on: afterTDM1) == ["tucatinib-trastuzumab-capecitabine"])
        #expect(turn.teaching(on: afterTDXd) == "ILD teaching.")
        #expect(turn.teaching(on: neither) == "General teaching.")
        #expect(turn.events(on: afterTDXd).map(\.event) == [.trialAvailable(true), .toxicity(.ild, grade: 1)])
        #expect(turn.events(on: neither).map(\.event) == [.trialAvailable(true)])
        // Tools that follow no path see the unguarded fallback only.
        #expect(turn.events == [.trialAvailable(true)])
        #expect(turn.isGuarded)
    }

    @Test func receivedAllNeedsEveryRegimen() throws {
        let result = Self.load(
            """
              - narrative:
                  - when: {received-all: [tdxd, kadcyla]}
                    text: After both.
                  - when: {received: [tdxd, tdm1]}
                    text: After either.
                  - text: Neither.
                decide: regimen
                teaching: T.

            """)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let turn = try #require(result.script?.turns.last)
        let guardAll = try #require(turn.narratives.first?.when)
        #expect(guardAll.receivedAll == ["tdxd", "tdm1"], "an alias resolves to its regimen id")
        #expect(guardAll.regimens == ["tdxd", "tdm1"])
        let both = PathFacts(chosen: "tdm1", received: ["thp", "tdxd", "tdm1"])
        let one = PathFacts(chosen: "tdxd", received: ["thp", "tdxd"])
        let other = PathFacts(chosen: "tdm1", received: ["thp", "tdm1"])
        #expect(turn.narrative(on: both)?.source == "After both.")
        #expect(turn.narrative(on: one)?.source == "After either.")
        #expect(turn.narrative(on: other)?.source == "After either.")
        #expect(turn.narrative(on: PathFacts(received: ["thp"]))?.source == "Neither.")
        // With other keys, all must hold.
        let combined = TurnGuard(chosen: ["tdm1"], receivedAll: ["tdxd", "tdm1"])
        #expect(combined.holds(on: both))
        #expect(!combined.holds(on: PathFacts(chosen: "tdxd", received: ["tdxd", "tdm1"])))
    }

    @Test func misspeltReceivedAllIsLocatedWithAFix() {
        let result = Self.load(
            """
              - narrative:
                  - when: {recieved-all: [tdxd, tdm1]}
                    text: A.
                  - when: {received-all: [tdxd, tdmi]}
                    text: B.
                  - text: C.
                decide: regimen
                teaching: T.

            """)
        let messages = result.diagnostics.map(CaseTestSupport.rendered)
        #expect(
            messages.contains {
                $0.hasPrefix("19:16: error: unknown key 'recieved-all'") && $0.contains("did you mean 'received-all'?")
            },
            "\(messages)")
        #expect(
            messages.contains { $0.hasPrefix("21:37: error: unknown regimen 'tdmi'") && $0.contains("did you mean") },
            "\(messages)")
        #expect(result.script == nil)
    }

    @Test func guardsThatCanNeverHold() {
        let regimens = TestSupport.knowledge.regimenIDs
        let history: Set<RegimenID> = ["thp", "tdxd"]
        func never(_ guardValue: TurnGuard, after decisions: Int) -> String? {
            guardValue.neverHolds(afterDecisions: decisions, history: history, regimens: regimens)
        }
        // Before the first decision: no choice, and only the history.
        #expect(never(TurnGuard(chosen: ["tdm1"]), after: 0)?.contains("before the first decision") == true)
        #expect(never(TurnGuard(received: ["tdm1"]), after: 0) != nil)
        #expect(never(TurnGuard(received: ["tdxd", "tdm1"]), after: 0) == nil)
        #expect(never(TurnGuard(receivedAll: ["thp", "tdxd"]), after: 0) == nil)
        // The history cannot be undone.
        #expect(never(TurnGuard(notReceived: ["tdxd"]), after: 3)?.contains("history already has tdxd") == true)
        // Contradictions.
        #expect(never(TurnGuard(chosen: ["tdm1"], notReceived: ["tdm1"]), after: 1) != nil)
        #expect(never(TurnGuard(receivedAll: ["tdm1"], notReceived: ["tdm1"]), after: 2) != nil)
        // How many regimens the decisions so far can add: the choice and what received-all needs.
        let both = TurnGuard(
            chosen: ["lapatinib-capecitabine"], receivedAll: ["tdm1", "tucatinib-trastuzumab-capecitabine"])
        #expect(never(both, after: 2)?.contains("it needs 3 regimens") == true)
        #expect(never(both, after: 3) == nil)
        #expect(never(TurnGuard(chosen: ["tdm1"], receivedAll: ["tdm1", "tdxd"]), after: 1) == nil)
        #expect(never(TurnGuard(chosen: ["tdm1"], received: ["neratinib-capecitabine"]), after: 1) != nil)
        #expect(never(TurnGuard(chosen: ["tdm1"], received: ["neratinib-capecitabine"]), after: 2) == nil)
        #expect(never(TurnGuard(tiers: [.preferred]), after: 1) == nil)
    }

    @Test func anEarlierWiderGuardShadowsANarrowerOne() {
        let history: Set<RegimenID> = ["thp"]
        func shadowed(_ later: TurnGuard, by earlier: TurnGuard) -> Bool {
            later.shadowed(by: earlier, history: history)
        }
        #expect(shadowed(TurnGuard(chosen: ["tdm1"]), by: TurnGuard(received: ["tdm1"])))
        #expect(shadowed(TurnGuard(receivedAll: ["tdm1", "tdxd"]), by: TurnGuard(received: ["tdxd"])))
        #expect(
            shadowed(
                TurnGuard(chosen: ["tdm1"], tiers: [.preferred]), by: TurnGuard(tiers: [.preferred, .recommended])))
        #expect(shadowed(TurnGuard(notReceived: ["tdxd", "tdm1"]), by: TurnGuard(notReceived: ["tdxd"])))
        #expect(shadowed(TurnGuard(chosen: ["tdxd"]), by: TurnGuard(received: ["thp"])), "the history always holds")
        // Narrower first is right; unrelated guards do not shadow.
        #expect(!shadowed(TurnGuard(received: ["tdm1"]), by: TurnGuard(chosen: ["tdm1"])))
        #expect(!shadowed(TurnGuard(received: ["tdxd"]), by: TurnGuard(receivedAll: ["tdm1", "tdxd"])))
        #expect(!shadowed(TurnGuard(chosen: ["tdm1", "tdxd"]), by: TurnGuard(chosen: ["tdm1"])))
        #expect(!shadowed(TurnGuard(received: ["tdm1"]), by: TurnGuard(notReceived: ["tdxd"])))
        // An earlier guard that also asks what the simulator did is narrower (hb-410's
        // `{chosen: [endocrine-her2], months: ">=6"}` before `{chosen: [endocrine-her2]}`).
        var longer = TurnGuard(chosen: ["endocrine-her2"])
        longer.conditions = PathConditions(months: Comparison(.atLeast, 6))
        #expect(!shadowed(TurnGuard(chosen: ["endocrine-her2"]), by: longer))
        #expect(shadowed(longer, by: TurnGuard(chosen: ["endocrine-her2"])))
    }

    @Test func noMatchingAlternativeMeansNothing() throws {
        let result = Self.load(
            """
              - narrative: Later.
                decide: regimen
                teaching:
                  - when: {chosen: [tdxd]}
                    text: Only after T-DXd.

            """)
        let turn = try #require(result.script?.turns.last)
        #expect(turn.teaching(on: PathFacts(chosen: "tdm1", received: ["tdm1"])) == "")
        #expect(turn.teaching(on: PathFacts(chosen: "tdxd", received: ["tdxd"])) == "Only after T-DXd.")
    }

    @Test func plainFormsStillLoadUnguarded() throws {
        let result = Self.load(
            """
              - after-months: 5
                narrative: Plain.
                events:
                  - toxicity: {diarrhea: 2}
                decide: regimen
                answer: [tdm1]
                teaching: Plain teaching.

            """)
        let turn = try #require(result.script?.turns.last)
        let path = PathFacts(chosen: "tdxd", received: ["tdxd"])
        #expect(turn.narrative(on: path)?.source == "Plain.")
        #expect(turn.answer(on: path) == ["tdm1"])
        #expect(turn.teaching(on: path) == "Plain teaching.")
        #expect(turn.events(on: path).map(\.event) == [.toxicity(.diarrhea, grade: 2)])
        #expect(turn.afterMonths == 5)
        #expect(turn.afterMonths(on: path) == nil)
        #expect(!turn.isGuarded)
    }

    @Test func misspeltGuardKeyAndRegimenAreLocatedWithAFix() {
        let result = Self.load(
            """
              - narrative:
                  - when: {recieved: [tdxd]}
                    text: A.
                  - when: {chosen: [tdxdd]}
                    text: B.
                  - text: C.
                decide: regimen
                teaching: T.

            """)
        let messages = result.diagnostics.map(CaseTestSupport.rendered)
        #expect(
            messages.contains {
                $0.hasPrefix("19:16: error: unknown key 'recieved'") && $0.contains("did you mean 'received'?")
            },
            "\(messages)")
        #expect(
            messages.contains { $0.hasPrefix("21:25: error: unknown regimen 'tdxdd'") && $0.contains("did you mean") },
            "\(messages)")
        #expect(!messages.contains { $0.contains("a guard needs") }, "a misspelt key is reported once")
        #expect(result.script == nil)
    }

    @Test func twoFallbacksAreAnError() {
        let result = Self.load(
            """
              - narrative:
                  - text: A.
                  - text: B.
                decide: regimen
                teaching: T.

            """)
        #expect(
            result.diagnostics.contains {
                $0.severity == .error && $0.message.contains("second alternative without 'when'")
            })
    }

    @Test func guardsHold() {
        let path = PathFacts(chosen: "tdxd", tier: .preferred, received: ["thp", "tdxd"])
        #expect(TurnGuard(chosen: ["tdxd"], tiers: [.preferred]).holds(on: path))
        #expect(!TurnGuard(chosen: ["tdxd"], tiers: [.recommended]).holds(on: path))
        #expect(TurnGuard(received: ["thp", "tdm1"]).holds(on: path))
        #expect(!TurnGuard(notReceived: ["thp"]).holds(on: path))
        #expect(!TurnGuard(chosen: ["tdxd"]).holds(on: PathFacts()))
        #expect(TurnGuard().holds(on: PathFacts()))
    }
}
