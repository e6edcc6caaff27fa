/// A prior-exposure effect: after progression on some regimens, another works less well.
public struct PriorExposureEffect: Hashable, Sendable {
    public var id: String
    /// True for "the same regimen again after progression on it".
    public var sameRegimen: Bool
    public var regimens: RegimenSelector
    public var afterProgressionOn: RegimenSelector
    public var hazardRatio: Double

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, sameRegimen: Bool, regimens: RegimenSelector, afterProgressionOn: RegimenSelector,
        hazardRatio: Double
    ) {
        self.id = id
        self.sameRegimen = sameRegimen
        self.regimens = regimens
        self.afterProgressionOn = afterProgressionOn
        self.hazardRatio = hazardRatio
    }
}
