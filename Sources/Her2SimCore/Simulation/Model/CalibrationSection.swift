/// `calibration` in `model.yaml`: the follow-up `her2sim calibrate` censors simulated patients with.
extension SimulationModel {
    public struct CalibrationSection: Sendable {
        public var followUpMinimum: Double
        public var followUpMaximum: Double

        /// Uniform administrative censoring between the two bounds (months).
        public var followUp: ClosedRange<Double> { followUpMinimum...followUpMaximum }

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(followUpMinimum: Double, followUpMaximum: Double) {
            self.followUpMinimum = followUpMinimum
            self.followUpMaximum = followUpMaximum
        }
    }
}
