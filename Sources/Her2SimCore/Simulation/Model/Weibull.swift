import Foundation

/// A Weibull survival curve `S(t) = exp(-(t / scale)^shape)`, the simulator's PFS shape.
public struct Weibull: Hashable, Sendable {
    public var scale: Double
    public var shape: Double

    public init(scale: Double, shape: Double) {
        self.scale = scale
        self.shape = shape
    }

    /// The curve through a median (months) with a given shape.
    public init(median: Double, shape: Double) {
        self.init(scale: median / pow(Self.ln2, 1 / shape), shape: shape)
    }

    /// The curve with survival `survival` (0–1) at `time` months, for a given shape.
    public init(survival: Double, at time: Double, shape: Double) {
        self.init(scale: time / pow(-log(survival), 1 / shape), shape: shape)
    }

    /// The curve through both a median and a survival at `time`; `nil` when they cannot meet
    /// (the survival at `time` must lie on the same side of 0.5 as `time` of the median).
    public init?(median: Double, survival: Double, at time: Double) {
        guard median > 0, survival > 0, survival < 1, time > 0, median != time else { return nil }
        let ratio = log(Self.ln2 / -log(survival)) / log(median / time)
        guard ratio.isFinite, ratio > 0 else { return nil }
        self.init(median: median, shape: ratio)
    }

    public func survival(at time: Double) -> Double {
        time <= 0 ? 1 : exp(-pow(time / scale, shape))
    }

    public var median: Double { quantile(survival: 0.5) }

    /// The time at which survival equals `survival` (inverse of `survival(at:)`).
    public func quantile(survival: Double) -> Double {
        scale * pow(-log(survival), 1 / shape)
    }

    /// The same curve with its hazard multiplied by `ratio` (proportional hazards).
    public func scalingHazard(by ratio: Double) -> Weibull {
        Weibull(scale: scale * pow(ratio, -1 / shape), shape: shape)
    }

    static let ln2 = 0.693_147_180_559_945_3
}
