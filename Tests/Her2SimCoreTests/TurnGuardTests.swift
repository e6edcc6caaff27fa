import Foundation
import Her2SimCore
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

    @Test func noMatchingAlternativeMeansNothing() throws {
        let result = Self.load("""
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
        let result = Self.load("""
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
        let result = Self.load("""
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
        #expect(messages.contains { $0.hasPrefix("19:16: error: unknown key 'recieved'") && $0.contains("did you mean 'received'?") },
                "\(messages)")
        #expect(messages.contains { $0.hasPrefix("21:25: error: unknown regimen 'tdxdd'") && $0.contains("did you mean") },
                "\(messages)")
        #expect(!messages.contains { $0.contains("a guard needs") }, "a misspelt key is reported once")
        #expect(result.script == nil)
    }

    @Test func twoFallbacksAreAnError() {
        let result = Self.load("""
              - narrative:
                  - text: A.
                  - text: B.
                decide: regimen
                teaching: T.

            """)
        #expect(result.diagnostics.contains { $0.severity == .error && $0.message.contains("second alternative without 'when'") })
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
