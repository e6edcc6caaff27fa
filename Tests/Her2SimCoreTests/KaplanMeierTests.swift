import Testing

@testable import Her2SimCore

@Suite("Kaplan–Meier estimator")
struct KaplanMeierTests {
    /// Freireich et al. (Blood 1963), 6-MP arm, remission times in weeks; `+` = censored:
    /// 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+
    ///
    /// By hand (a patient censored at t is still at risk at t):
    ///
    ///     t    at risk  events  S(t)
    ///     6    21       3       18/21                = 0.857143
    ///     7    17       1       0.857143 × 16/17     = 0.806723   (6+ left after 6)
    ///     10   15       1       0.806723 × 14/15     = 0.752941   (9+ left)
    ///     13   12       1       0.752941 × 11/12     = 0.690196   (10+, 11+ left)
    ///     16   11       1       0.690196 × 10/11     = 0.627451
    ///     22    7       1       0.627451 × 6/7       = 0.537815   (17+, 19+, 20+ left)
    ///     23    6       1       0.537815 × 5/6       = 0.448179
    ///
    /// Median: the first time S ≤ 0.5, 23 weeks (the textbook value).
    static let sixMP: [(time: Double, event: Bool)] = [
        (6, true), (6, true), (6, true), (6, false), (7, true), (9, false), (10, true), (10, false), (11, false),
        (13, true), (16, true), (17, false), (19, false), (20, false), (22, true), (23, true), (25, false),
        (32, false), (32, false), (34, false), (35, false),
    ]

    @Test func sixMercaptopurineTable() {
        let curve = KaplanMeier(Self.sixMP)
        #expect(curve.times == [6, 7, 10, 13, 16, 22, 23])
        #expect(curve.atRisk == [21, 17, 15, 12, 11, 7, 6])
        #expect(curve.events == [3, 1, 1, 1, 1, 1, 1])
        let expected = [0.857143, 0.806723, 0.752941, 0.690196, 0.627451, 0.537815, 0.448179]
        for (value, hand) in zip(curve.survival, expected) {
            #expect(abs(value - hand) < 5e-7, "S = \(value), by hand \(hand)")
        }
        #expect(curve.median == 23)
        #expect(curve.count == 21)
    }

    @Test func survivalBetweenAndBeyondEvents() {
        let curve = KaplanMeier(Self.sixMP)
        #expect(curve.survival(at: 0) == 1)
        #expect(curve.survival(at: 5.9) == 1)
        #expect(abs(curve.survival(at: 6) - 18.0 / 21) < 1e-12) // a step is included at its time
        #expect(abs(curve.survival(at: 12) - 0.752941) < 5e-7)
        #expect(abs(curve.survival(at: 22.5) - 0.537815) < 5e-7)
        #expect(abs(curve.survival(at: 100) - 0.448179) < 5e-7) // flat after the last event
    }

    /// Order of the input does not matter; event and censoring times given separately agree.
    @Test func inputOrderAndSplitInitialiser() {
        let shuffled = Array(Self.sixMP.reversed())
        let split = KaplanMeier(
            eventTimes: Self.sixMP.filter(\.event).map(\.time).reversed(),
            censorTimes: Self.sixMP.filter { !$0.event }.map(\.time))
        #expect(KaplanMeier(shuffled) == KaplanMeier(Self.sixMP))
        #expect(split == KaplanMeier(Self.sixMP))
    }

    /// 1, 2+, 3, 3, 4+, 5: at 1, 6 at risk → 5/6 = 0.8333; at 3, 4 at risk (2+ gone), two
    /// events → 0.8333 × 2/4 = 0.41667; at 5, one at risk (4+ gone) → 0. Median 3.
    @Test func tiedEventsAndCensoringInBetween() {
        let curve = KaplanMeier([(1, true), (2, false), (3, true), (3, true), (4, false), (5, true)])
        #expect(curve.times == [1, 3, 5])
        #expect(curve.atRisk == [6, 4, 1])
        #expect(abs(curve.survival[0] - 5.0 / 6) < 1e-12)
        #expect(abs(curve.survival[1] - 5.0 / 12) < 1e-12)
        #expect(curve.survival[2] == 0)
        #expect(curve.median == 3)
    }

    /// 1, 2, 3+, 4: S(1) = 3/4, S(2) = 3/4 × 2/3 = 0.5 exactly — the median is 2 (at or below
    /// 0.5); at 4 one patient is at risk (3+ gone) → 0.
    @Test func medianWhenTheCurveTouchesOneHalf() {
        let curve = KaplanMeier([(1, true), (2, true), (3, false), (4, true)])
        #expect(curve.survival == [0.75, 0.5, 0])
        #expect(curve.median == 2)
    }

    /// Censoring heavy enough that the curve never reaches 0.5: no median, as trials report "not reached".
    @Test func medianNotReached() {
        let curve = KaplanMeier([(1, true), (2, false), (2, false), (3, false), (4, false), (5, false)])
        #expect(abs(curve.survival(at: 10) - 5.0 / 6) < 1e-12)
        #expect(curve.median == nil)
        #expect(KaplanMeier([]).median == nil)
        #expect(KaplanMeier([]).survival(at: 3) == 1)
    }

    /// With no censoring the estimate is the empirical survival function.
    @Test func withoutCensoringItIsTheEmpiricalCurve() {
        let times = (1...10).map(Double.init)
        let curve = KaplanMeier(eventTimes: times, censorTimes: [])
        for (index, value) in curve.survival.enumerated() {
            #expect(abs(value - Double(9 - index) / 10) < 1e-12)
        }
        #expect(curve.median == 5)
    }
}
