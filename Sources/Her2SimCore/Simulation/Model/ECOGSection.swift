/// `ecog` in `model.yaml`: the hazard ratio of each performance status.
extension SimulationModel {
    public struct ECOGSection: Sendable {
        /// ECOG → hazard ratio (ECOG 0–1 are 1).
        public var hazardRatios: [Int: Double]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(hazardRatios: [Int: Double]) {
            self.hazardRatios = hazardRatios
        }
    }
}
