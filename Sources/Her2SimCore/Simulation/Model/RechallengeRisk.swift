/// A drug given again after a toxicity its label ends it for good with: the toxicity may come
/// back, sooner and worse (`rechallenge` in `model.yaml`).
public struct RechallengeRisk: Hashable, Sendable {
    public var id: String
    /// The regimens given again that the risk applies to.
    public var regimens: RegimenSelector
    public var toxicity: Toxicity
    /// The prior toxicity that ended the drug: at least this grade, on one of `on`.
    public var gradeAtLeast: Int
    public var on: RegimenSelector
    /// Probability that the toxicity comes back on the rechallenge.
    public var recurrence: Double
    /// When it comes back, from the start of the rechallenge.
    public var onset: OnsetCurve
    /// Grade of the recurrence (grade 5: fatal) and its share; shares add up to 1.
    public var grades: [(grade: Int, share: Double)]

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.regimens == b.regimens && a.toxicity == b.toxicity && a.gradeAtLeast == b.gradeAtLeast
            && a.on == b.on && a.recurrence == b.recurrence && a.onset == b.onset
            && a.grades.map(\.grade) == b.grades.map(\.grade) && a.grades.map(\.share) == b.grades.map(\.share)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The grade a draw `u` (0–1) gives.
    func grade(_ u: Double) -> Int {
        var total = 0.0
        for entry in grades {
            total += entry.share
            if u < total { return entry.grade }
        }
        return grades.last?.grade ?? gradeAtLeast
    }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, regimens: RegimenSelector, toxicity: Toxicity, gradeAtLeast: Int, on: RegimenSelector,
        recurrence: Double, onset: OnsetCurve, grades: [(grade: Int, share: Double)]
    ) {
        self.id = id
        self.regimens = regimens
        self.toxicity = toxicity
        self.gradeAtLeast = gradeAtLeast
        self.on = on
        self.recurrence = recurrence
        self.onset = onset
        self.grades = grades
    }
}
