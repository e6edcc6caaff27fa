/// `progression-sites` in `model.yaml`: where a progression outside the brain shows up.
extension SimulationModel {
    public struct ProgressionSitesSection: Sendable {
        public var newSiteProbability: Double
        /// Candidate new sites with weights, in file order.
        public var siteWeights: [(site: String, weight: Double)]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(newSiteProbability: Double, siteWeights: [(site: String, weight: Double)]) {
            self.newSiteProbability = newSiteProbability
            self.siteWeights = siteWeights
        }
    }
}
