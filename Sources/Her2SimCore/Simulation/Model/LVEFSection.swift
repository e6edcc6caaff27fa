/// `lvef` in `model.yaml`: the LVEF each grade of decline leads to.
extension SimulationModel {
    public struct LVEFSection: Sendable {
        /// Grade → its band.
        public var bands: [Int: LVEFBand]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(bands: [Int: LVEFBand]) {
            self.bands = bands
        }
    }
}

/// The LVEF a decline of a grade leads to: `drop` points, kept inside the CTCAE band.
public struct LVEFBand: Hashable, Sendable {
    public var drop: Int
    public var lowest: Int
    public var highest: Int

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(drop: Int, lowest: Int, highest: Int) {
        self.drop = drop
        self.lowest = lowest
        self.highest = highest
    }
}
