/// `dose-modifications` in `model.yaml`: dose levels and the rules that act on toxicities, plus
/// the labels' tables of `Scoring/dose-modifications.yaml` when loaded beside the model.
extension SimulationModel {
    public struct DoseModificationsSection: Sendable {
        /// `levels`: how many dose reductions a drug allows before it stops.
        public var maximumReductions: Int
        /// The first rule matching an event decides its action; in file order.
        public var rules: [DoseRule]
        /// A toxicity stop followed by progression within these months is recorded as progression
        /// (`progression-first`; 0: never).
        public var progressionFirstWithinMonths: Double
        /// The labels' dose-modification tables (`Scoring/dose-modifications.yaml`), when loaded
        /// beside the model: sessions on this course play management decisions with them. Kept
        /// here because they answer the same question as `rules`, for the learner's decisions.
        public var table: DoseModificationTable?

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(
            maximumReductions: Int, rules: [DoseRule], progressionFirstWithinMonths: Double = 0,
            table: DoseModificationTable? = nil
        ) {
            self.maximumReductions = maximumReductions
            self.rules = rules
            self.progressionFirstWithinMonths = progressionFirstWithinMonths
            self.table = table
        }
    }
}
