import Foundation

/// Common random numbers: every draw of a course comes from a `SeededGenerator` whose seed is
/// derived from the patient seed and *what* is drawn (which course, which toxicity), never from
/// the regimen. So the same patient meets the same disease — the same PFS percentile, the same
/// susceptibility to diarrhoea — whichever regimen is chosen, and two choices compare fairly.
enum Streams {
    /// Draws of the course itself: PFS percentile, response, progression details.
    static let course: UInt64 = 0
    /// One stream per toxicity, offset by its canonical index.
    static let toxicityBase: UInt64 = 0x100
    /// Follow-up in `her2sim calibrate`.
    static let censoring: UInt64 = 0xC0
    /// Recovery of residual toxicities between decisions, salted by the decision index.
    static let recovery: UInt64 = 0xD0
    /// Rechallenge risks, offset by their index in the model.
    static let rechallenge: UInt64 = 0xE0

    /// A well-mixed 64-bit key from two (SplitMix64's finaliser over a golden-ratio combination).
    @inline(__always)
    static func key(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var z = a ^ (b &* 0x9E37_79B9_7F4A_7C15 &+ 0x632B_E59B_D9B4_E019)
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The generator for one stream of one course.
    @inline(__always)
    static func generator(_ courseKey: UInt64, _ stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: key(courseKey, stream))
    }
}

/// The arithmetic shared by `Simulator.course` and the calibration hot path, so both draw
/// exactly the same patient from the same numbers.
enum Draw {
    /// The time at which a Weibull curve reaches survival `1 - u` (increasing in `u`).
    @inline(__always)
    static func weibull(_ u: Double, scale: Double, inverseShape: Double) -> Double {
        let h = -log1p(-u)
        return inverseShape == 1 ? scale * h : scale * pow(h, inverseShape)
    }

    /// The grade (0 = does not strike) a susceptibility draw `u` gives: the lowest draws are the
    /// most severe, so a patient prone to a toxicity is prone on every regimen that causes it.
    @inline(__always)
    static func grade(
        _ u: Double, susceptibility: Double, severeShare: Double, grade4Share: Double, grade2Share: Double
    ) -> Int {
        guard u < susceptibility else { return 0 }
        let x = u / susceptibility
        if x < severeShare { return x < severeShare * grade4Share ? 4 : 3 }
        let y = (x - severeShare) / (1 - severeShare)
        return y < grade2Share ? 2 : 1
    }

    /// The response threshold that makes the realised ORR equal `orr` when a share `correlation`
    /// of patients respond by PFS percentile, the rest by chance, and none of those who
    /// progress before the first restaging (`early`, a probability) can respond.
    static func responseThreshold(orr: Double, early: Double, correlation: Double) -> Double {
        guard orr > 0 else { return 0 }
        let alive = max(1e-12, 1 - early)
        let threshold = orr / (correlation + (1 - correlation) * alive)
        if threshold <= alive { return threshold }
        guard correlation < 1 else { return alive }
        return min(1, (orr - correlation * alive) / ((1 - correlation) * alive))
    }

    /// Whether the patient responds: `percentile` is her PFS percentile, `mix` and `chance`
    /// her other two response draws.
    @inline(__always)
    static func responds(percentile: Double, mix: Double, chance: Double, correlation: Double, threshold: Double)
        -> Bool
    {
        let w = mix < correlation ? percentile : chance
        return w >= 1 - threshold
    }
}
