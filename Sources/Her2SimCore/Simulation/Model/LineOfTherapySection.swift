/// `line-of-therapy` in `model.yaml`: how the hazard grows with each line between the patient
/// and the arm the simulator starts from.
extension SimulationModel {
    public struct LineOfTherapySection: Sendable {
        public var hazardRatioPerLine: Double
        /// At most this many lines are counted when the arm's line is earlier than the patient's.
        public var mostLinesEarlier: Int
        /// At most this many lines are counted when the arm's line is later than the patient's.
        public var mostLinesLater: Int

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(hazardRatioPerLine: Double, mostLinesEarlier: Int, mostLinesLater: Int) {
            self.hazardRatioPerLine = hazardRatioPerLine
            self.mostLinesEarlier = mostLinesEarlier
            self.mostLinesLater = mostLinesLater
        }
    }
}
