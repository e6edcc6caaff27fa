/// `brain-progression` in `model.yaml`: new and reactivated brain metastases at progression.
extension SimulationModel {
    public struct BrainProgressionSection: Sendable {
        /// Probability of new brain metastases at a progression (`new`).
        public var newBrainMetastases: Double
        public var stableToActive: Double
        public var cnsActiveAgents: Set<String>
        /// Multiplies both probabilities on a regimen with a CNS-active agent.
        public var cnsActiveFactor: Double

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(
            newBrainMetastases: Double, stableToActive: Double, cnsActiveAgents: Set<String>, cnsActiveFactor: Double
        ) {
            self.newBrainMetastases = newBrainMetastases
            self.stableToActive = stableToActive
            self.cnsActiveAgents = cnsActiveAgents
            self.cnsActiveFactor = cnsActiveFactor
        }
    }
}
