/// Onset curve of a toxicity (Weibull through its median).
public struct OnsetCurve: Hashable, Sendable {
    public var medianMonths: Double
    public var shape: Double

    public var weibull: Weibull { Weibull(median: medianMonths, shape: shape) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(medianMonths: Double, shape: Double) {
        self.medianMonths = medianMonths
        self.shape = shape
    }
}
