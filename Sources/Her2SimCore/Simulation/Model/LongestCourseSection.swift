/// `longest-course` in `model.yaml` (optional).
extension SimulationModel {
    public struct LongestCourseSection: Sendable {
        /// No simulated course runs longer (months): the curves' tails go beyond any follow-up.
        /// Infinite when the file leaves the section out.
        public var months: Double

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(months: Double = .infinity) {
            self.months = months
        }
    }
}
