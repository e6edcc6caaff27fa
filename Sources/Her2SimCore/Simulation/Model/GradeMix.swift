/// How a toxicity's grade is split once it strikes.
public struct GradeMix: Hashable, Sendable {
    /// Share of grade 1–2 events that are grade 2.
    public var grade2Share: Double
    /// Share of grade ≥ 3 events that are grade 4.
    public var grade4Share: Double
    /// The lowest and highest grades CTCAE defines for the toxicity (ejection fraction
    /// decreased starts at grade 2, alopecia stops at grade 2).
    public var lowestGrade: Int = 1
    public var highestGrade: Int = 4

    /// The mix as drawn: no grade below `lowestGrade` or above `highestGrade`.
    package func bounded() -> GradeMix {
        var mix = self
        if lowestGrade >= 2 { mix.grade2Share = 1 }
        if highestGrade <= 3 { mix.grade4Share = 0 }
        return mix
    }

    /// `grade` kept within the grades CTCAE defines for the toxicity.
    public func clamp(_ grade: Int) -> Int { grade <= 0 ? 0 : min(max(grade, lowestGrade), highestGrade) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(grade2Share: Double, grade4Share: Double, lowestGrade: Int = 1, highestGrade: Int = 4) {
        self.grade2Share = grade2Share
        self.grade4Share = grade4Share
        self.lowestGrade = lowestGrade
        self.highestGrade = highestGrade
    }
}
