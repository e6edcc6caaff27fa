/// `pfs` in `model.yaml`: the Weibull shape arms are fitted with, and the fitted arms.
extension SimulationModel {
    public struct PFSSection: Sendable {
        /// The shape of an arm's curve when it reports only one figure (median or 12-month PFS).
        public var defaultShape: Double
        /// Derived at load: one fitted curve per trial arm mapped to a regimen, then proxy arms.
        /// It lives here because every fit uses `defaultShape` (and `proxies`, `preferred-arms`).
        public var arms: [ArmFit]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(defaultShape: Double, arms: [ArmFit] = []) {
            self.defaultShape = defaultShape
            self.arms = arms
        }
    }
}
