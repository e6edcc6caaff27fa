/// `toxicity` in `model.yaml`: incidence, onset, grades, residual toxicities and proxies, plus
/// each regimen's toxicities calibrated from them at load.
extension SimulationModel {
    public struct ToxicitySection: Sendable {
        /// `onset`: the curve of a toxicity without its own, and the toxicities with their own.
        public var defaultOnset: OnsetCurve
        public var onsets: [Toxicity: OnsetCurve]
        /// `grades`: the mix of a toxicity without its own, and the toxicities with their own.
        public var defaultGradeMix: GradeMix
        public var gradeMixes: [Toxicity: GradeMix]
        /// Share of grade ≥ 3 when a profile publishes only an any-grade rate.
        public var grade3ShareWhenOnlyAny: Double
        /// Any-grade events per grade ≥ 3 event when a profile publishes only a grade ≥ 3 rate.
        public var anyGradePerGrade3: Double
        /// `residual`: toxicities that outlast their regimen, and how they settle or worsen.
        public var persistentToxicities: Set<Toxicity>
        public var improveGrades: Int
        public var furtherImprovementProbability: Double
        public var worseningOverResidual: Int
        /// `proxies`: regimens that borrow rates from a similar regimen, in file order.
        public var proxies: [ToxicityProxy]
        /// Derived at load: each regimen's toxicities (own profile, then borrowed ones), their
        /// susceptibility calibrated so the profile trial's observed rate matches the published
        /// one. It lives here because onsets, grade mixes and proxies above decide every value.
        public var byRegimen: [String: [ToxicityParameters]]

        public func onset(of toxicity: Toxicity) -> OnsetCurve { onsets[toxicity] ?? defaultOnset }

        public func gradeMix(of toxicity: Toxicity) -> GradeMix { gradeMixes[toxicity] ?? defaultGradeMix }

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(
            defaultOnset: OnsetCurve, onsets: [Toxicity: OnsetCurve], defaultGradeMix: GradeMix,
            gradeMixes: [Toxicity: GradeMix], grade3ShareWhenOnlyAny: Double, anyGradePerGrade3: Double,
            persistentToxicities: Set<Toxicity>, improveGrades: Int, furtherImprovementProbability: Double,
            worseningOverResidual: Int, proxies: [ToxicityProxy], byRegimen: [String: [ToxicityParameters]] = [:]
        ) {
            self.defaultOnset = defaultOnset
            self.onsets = onsets
            self.defaultGradeMix = defaultGradeMix
            self.gradeMixes = gradeMixes
            self.grade3ShareWhenOnlyAny = grade3ShareWhenOnlyAny
            self.anyGradePerGrade3 = anyGradePerGrade3
            self.persistentToxicities = persistentToxicities
            self.improveGrades = improveGrades
            self.furtherImprovementProbability = furtherImprovementProbability
            self.worseningOverResidual = worseningOverResidual
            self.proxies = proxies
            self.byRegimen = byRegimen
        }
    }
}
