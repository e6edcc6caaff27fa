/// `response` in `model.yaml`: how response is drawn and when it is first seen.
extension SimulationModel {
    public struct ResponseSection: Sendable {
        /// Correlation between the response draw and the PFS draw (`pfs-correlation`).
        public var pfsCorrelation: Double
        /// Share of responses that are complete.
        public var completeShare: Double
        public var firstRestagingMonths: Double
        /// Percent: the ORR of an arm that reports none and borrows none.
        public var defaultORR: Double

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(pfsCorrelation: Double, completeShare: Double, firstRestagingMonths: Double, defaultORR: Double) {
            self.pfsCorrelation = pfsCorrelation
            self.completeShare = completeShare
            self.firstRestagingMonths = firstRestagingMonths
            self.defaultORR = defaultORR
        }
    }
}
