/// `brain-metastases` in `model.yaml`: the hazard ratio of each brain-metastases status.
extension SimulationModel {
    public struct BrainMetastasesSection: Sendable {
        public var hazardRatios: [BrainMetastases: Double]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(hazardRatios: [BrainMetastases: Double]) {
            self.hazardRatios = hazardRatios
        }
    }
}
