/// `ecog-decline` in `model.yaml`: when performance status worsens.
extension SimulationModel {
    public struct ECOGDeclineSection: Sendable {
        public var atProgression: Double
        public var onSupportiveCare: Double
        /// The regimens that count as supportive care (regimen ids).
        public var supportiveCare: Set<String>

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(atProgression: Double, onSupportiveCare: Double, supportiveCare: Set<String>) {
            self.atProgression = atProgression
            self.onSupportiveCare = onSupportiveCare
            self.supportiveCare = supportiveCare
        }
    }
}
