import Foundation
import Her2SimCore
import Testing

/// `at-month:` places a drug-independent scripted event at that month of the interval: the
/// timeline, the state and the interval text agree, and nothing happens after the line ended.
@Suite struct AtMonthTests {
    static func session(_ events: String, choose regimen: String = "tdxd", seed: UInt64 = 7) throws -> Session {
        let result = TurnGuardTests.load(
            """
              - narrative: Later.
                events:
            \(events)
                decide: regimen
                teaching: T.

            """)
        let script = try #require(result.script, "\(result.diagnostics.map(CaseTestSupport.rendered))")
        var session = Session(script: script, seed: seed, context: SessionTests.context)
        try #require(session.choose(regimen) != nil)
        return session
    }

    /// The interval on T-DXd with nothing timed, to place events inside it or beyond it.
    static func baseline(seed: UInt64 = 7) throws -> Interval {
        try #require(try session("      - preference: avoid-alopecia", seed: seed).currentInterval)
    }

    @Test func anEventIsPlacedAtItsMonth() throws {
        let baseline = try Self.baseline()
        let month = (baseline.months / 2 * 10).rounded() / 10
        let session = try Self.session(
            """
                  - trial-available: true
                    at-month: \(month)
            """)
        let interval = try #require(session.currentInterval)
        let placed = try #require(interval.events.first { $0.kind == .trialAvailable })
        #expect(placed.month == month)
        // In time order, among the simulated events (which are unchanged).
        #expect(interval.events.map(\.month) == interval.events.map(\.month).sorted())
        #expect(
            interval.events.filter { $0.kind != .trialAvailable } == baseline.events.filter { $0.kind != .preference })
        #expect(session.state.trialAvailable)
        #expect(session.decisions[0].missedEvents.isEmpty)
    }

    @Test func anEventAfterTheLineEndedDoesNotHappen() throws {
        let baseline = try Self.baseline()
        let session = try Self.session(
            """
                  - trial-available: true
                    at-month: \(Int(baseline.months) + 30)
            """)
        let interval = try #require(session.currentInterval)
        #expect(!interval.events.contains { $0.kind == .trialAvailable })
        #expect(!session.state.trialAvailable)
        let missed = try #require(session.decisions[0].missedEvents.first)
        #expect(missed.scripted.event == .trialAvailable(true))
        #expect(abs(missed.lineEnd - baseline.months) < 1e-9)
        // Without at-month the event happens when the interval ends.
        let untimed = try Self.session("      - trial-available: true")
        #expect(untimed.state.trialAvailable)
    }

    @Test func aProgressionEndsTheLineAtItsMonth() throws {
        // A seed whose line outlasts the progression's month.
        let seed = try #require((UInt64(1)...40).first { (try? Self.baseline(seed: $0).months > 3) == true })
        let session = try Self.session(
            """
                  - progression: {new-sites: [lung]}
                    at-month: 2
            """, seed: seed)
        let interval = try #require(session.currentInterval)
        #expect(interval.months == 2)
        #expect(interval.stopped == .progression)
        let progression = try #require(interval.events.first { $0.kind == .progression })
        #expect(progression.month == 2)
        #expect(!interval.events.contains { $0.month > 2 })
        #expect(session.state.history.last?.months == 2)
        #expect(session.state.sites.contains("lung"))
        #expect(session.intervalText.contains("month 2"), "\(session.intervalText)")
    }

    @Test func replayGivesTheSameSession() throws {
        let session = try Self.session(
            """
                  - ecog: 2
                    at-month: 1
            """)
        let replayed = try #require(Session.replay(session.log, script: session.script, context: SessionTests.context))
        #expect(replayed.currentInterval == session.currentInterval)
        #expect(replayed.state == session.state)
    }

    @Test func atMonthIsRefusedWhereTheSimulatorTimesTheEvent() {
        let result = TurnGuardTests.load(
            """
              - narrative: Later.
                events:
                  - when: {chosen: [tdxd]}
                    toxicity: {ild: 2}
                    at-month: 3
                decide: regimen
                teaching: T.

            """)
        let messages = result.diagnostics.map(CaseTestSupport.rendered)
        #expect(messages.contains { $0.hasPrefix("22:19: error: at-month cannot place a toxicity") }, "\(messages)")
        #expect(result.script == nil)
    }

    @Test func atMonthIsRefusedBeforeTheFirstDecision() {
        let header = TurnGuardTests.header.replacingOccurrences(
            of: """
                  - narrative: She progresses.
                    decide: regimen
                """,
            with: """
                  - narrative: She progresses.
                    events:
                      - trial-available: true
                        at-month: 2
                    decide: regimen
                """)
        let result = CaseTestSupport.load(header, file: "Cases/hb-901.yaml")
        let messages = result.diagnostics.map(CaseTestSupport.rendered)
        #expect(
            messages.contains {
                $0.hasPrefix("16:9: error: at-month places an event in the interval after a decision")
            },
            "\(messages)")
    }
}
