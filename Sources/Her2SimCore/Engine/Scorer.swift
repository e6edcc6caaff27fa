/// A fellow's choice judged against the reference ranking.
public struct Assessment: Hashable, Sendable {
    public var choice: RegimenID
    public var tier: Tier
    public var rank: Int
    public var points: Int
    public var maximumPoints: Int
    /// The rubric flags this tier as unsafe (contraindicated by default).
    public var unsafe: Bool
    /// The reference's first choice and every other option of its tier.
    public var referenceChoices: [RegimenID]
    /// Rules that placed the fellow's choice where it is.
    public var choiceReasons: [Reason]
    /// Rules that put the reference's first choice first.
    public var referenceReasons: [Reason]
    /// What would have had to differ for the choice to rank first (nil when it does, or when
    /// no single change of her state helps). Filled by `assess(_:for:engine:)`.
    public var counterfactual: Counterfactual?

    public var matchesReference: Bool { referenceChoices.first == choice }
}

/// Scores a choice with the rubric in `Scoring/rubric.yaml`.
public struct Scorer: Sendable {
    public let rubric: Rubric

    public init(rubric: Rubric) {
        self.rubric = rubric
    }

    /// `choice` must be a canonical regimen id present in `recommendation`.
    public func assess(_ choice: RegimenID, against recommendation: Recommendation) -> Assessment? {
        guard let option = recommendation.option(for: choice) else { return nil }
        let first = recommendation.first
        return Assessment(
            choice: choice, tier: option.tier, rank: option.rank, points: rubric.points(for: option.tier),
            maximumPoints: bestAchievable(in: recommendation), unsafe: rubric.unsafe.contains(option.tier),
            referenceChoices: recommendation.bestTier.map(\.regimen),
            choiceReasons: option.placingReasons, referenceReasons: first.placingReasons, counterfactual: nil)
    }

    /// The most points any option at this decision earns: a perfect game scores 100 % even
    /// when the best option here is only "recommended".
    public func bestAchievable(in recommendation: Recommendation) -> Int {
        recommendation.options.map { rubric.points(for: $0.tier) }.max() ?? rubric.maximumPoints
    }

    /// Ranks `state`, scores `choice` and searches what would have put it first.
    public func assess(
        _ choice: RegimenID, for state: PatientState, engine: ReferenceEngine,
        recommendation: Recommendation? = nil
    ) -> Assessment? {
        let recommendation = recommendation ?? engine.rank(state)
        guard var assessment = assess(choice, against: recommendation) else { return nil }
        assessment.counterfactual = engine.counterfactual(for: choice, in: state, current: recommendation)
        return assessment
    }
}
