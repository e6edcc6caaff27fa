/// `holdout` in `model.yaml` (optional): the leave-one-trial-out check.
extension SimulationModel {
    public struct HoldoutSection: Sendable {
        /// Trial id → the trial whose patients it reports again (a subgroup): the check leaves
        /// both out together.
        public var samePatients: [String: String]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(samePatients: [String: String] = [:]) {
            self.samePatients = samePatients
        }
    }
}
