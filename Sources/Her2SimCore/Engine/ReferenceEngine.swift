/// Ranks every regimen for a patient by the rules in `Scoring/rules.yaml`.
///
/// A regimen's tier is the worst tier any binding restriction gives it, and otherwise the best
/// promotion (or the default tier when nothing promotes it). Within a tier, order boosts come
/// first, then the strength of evidence, then the knowledge base's order. Pure: the same state
/// always gives the same answer.
public struct ReferenceEngine: Sendable {
    public let knowledge: Knowledge
    private let ordersByEvidence: Bool
    private let evidenceRanks: [Int]

    public init(knowledge: Knowledge) {
        self.knowledge = knowledge
        self.ordersByEvidence = knowledge.rules.contains { $0.ordersByEvidence }
        self.evidenceRanks = knowledge.regimens.map(knowledge.evidenceRank(of:))
    }

    public func rank(_ state: PatientState) -> Recommendation {
        let facts = PatientFacts(state: state, knowledge: knowledge)
        let count = knowledge.regimens.count
        var tallies = [Tally](repeating: Tally(), count: count)

        for (ruleIndex, rule) in knowledge.rules.enumerated() {
            for (effectIndex, effect) in rule.effects.enumerated() {
                var remaining = effect.targets.bits
                while remaining != 0 {
                    let index = remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    guard index < count,
                          facts.holds(rule.condition, for: index),
                          facts.holds(effect.condition, for: index) else { continue }
                    tallies[index].add(effect, rule: ruleIndex, effect: effectIndex)
                }
            }
        }

        var options: [(option: RankedOption, boost: Int)] = []
        options.reserveCapacity(count)
        for index in 0..<count {
            let tally = tallies[index]
            let tier = tally.tier
            options.append((RankedOption(regimen: knowledge.regimens[index].id, tier: tier, rank: 0,
                                         reasons: reasons(tally, tier: tier)), tally.boost))
        }
        let order = (0..<count).sorted { a, b in
            let left = options[a], right = options[b]
            if left.option.tier != right.option.tier { return left.option.tier < right.option.tier }
            if left.boost != right.boost { return left.boost > right.boost }
            if ordersByEvidence, evidenceRanks[a] != evidenceRanks[b] { return evidenceRanks[a] < evidenceRanks[b] }
            return a < b
        }
        var ranked: [RankedOption] = []
        ranked.reserveCapacity(count)
        for (position, index) in order.enumerated() {
            var option = options[index].option
            option.rank = position + 1
            ranked.append(option)
        }
        return Recommendation(line: facts.line, options: ranked)
    }

    /// The line of therapy the engine counts for this state (rule 0).
    public func line(of state: PatientState) -> Int {
        PatientFacts(state: state, knowledge: knowledge).line
    }

    private func reasons(_ tally: Tally, tier: Tier) -> [Reason] {
        var reasons: [Reason] = []
        func reason(_ hit: Tally.Hit, _ role: Reason.Role) -> Reason {
            let rule = knowledge.rules[hit.rule]
            return Reason(rule: rule.id, text: rule.rationale, sources: rule.sources, role: role,
                          tier: rule.effects[hit.effect].tier)
        }
        let binding = tally.restrictions.filter { knowledge.rules[$0.rule].effects[$0.effect].tier == tier }
        let promotions = tally.promotions.filter { knowledge.rules[$0.rule].effects[$0.effect].tier == tier }
        reasons += binding.map { reason($0, .tier) }
        reasons += promotions.map { reason($0, .tier) }
        if reasons.isEmpty {
            let fallbacks = tally.fallbacks.filter { knowledge.rules[$0.rule].effects[$0.effect].tier == tier }
            reasons += fallbacks.map { reason($0, .tier) }
        }
        reasons += tally.orders.map { reason($0, .order) }
        reasons += tally.promotions
            .filter { (knowledge.rules[$0.rule].effects[$0.effect].tier ?? tier) < tier }
            .map { reason($0, .overridden) }
        return unique(reasons)
    }

    private func unique(_ reasons: [Reason]) -> [Reason] {
        var seen: Set<String> = []
        return reasons.filter { seen.insert("\($0.rule)/\($0.role)").inserted }
    }
}

/// The rules that fired for one regimen, grouped by how they combine.
private struct Tally {
    struct Hit {
        var rule: Int
        var effect: Int
    }

    var worstRestriction: Tier?
    var bestPromotion: Tier?
    var fallback: Tier?
    var boost = 0
    var restrictions: [Hit] = []
    var promotions: [Hit] = []
    var fallbacks: [Hit] = []
    var orders: [Hit] = []

    /// Promotion (or the default, or conditional) capped by the worst restriction.
    var tier: Tier {
        let base = bestPromotion ?? fallback ?? .conditional
        return worstRestriction.map { base.worse($0) } ?? base
    }

    mutating func add(_ effect: Effect, rule: Int, effect index: Int) {
        let hit = Hit(rule: rule, effect: index)
        switch effect.kind {
        case .restrict:
            guard let tier = effect.tier else { return }
            worstRestriction = worstRestriction.map { $0.worse(tier) } ?? tier
            restrictions.append(hit)
        case .promote:
            guard let tier = effect.tier else { return }
            bestPromotion = bestPromotion.map { $0.better(tier) } ?? tier
            promotions.append(hit)
        case .fallback:
            guard let tier = effect.tier else { return }
            fallback = fallback.map { $0.better(tier) } ?? tier
            fallbacks.append(hit)
        case .order:
            boost += effect.boost
            orders.append(hit)
        }
    }
}
