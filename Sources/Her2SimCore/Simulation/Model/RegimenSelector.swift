/// Which regimens a model entry applies to, resolved to a set at load time.
public struct RegimenSelector: Hashable, Sendable {
    public var regimens: RegimenSet
    /// Every regimen (an entry that names none).
    public static let all = RegimenSelector(regimens: RegimenSet(bits: ~0))

    /// Whether the regimen at this knowledge-base index is selected.
    public func contains(_ index: Int) -> Bool { regimens.contains(index) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(regimens: RegimenSet) {
        self.regimens = regimens
    }
}
