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
    /// Every distinct citation: each rule's own, then each effect's (and each per-regimen) reason.
    private let citations: [Citation]
    /// Per rule, per effect, per regimen index: the citation that effect gives that regimen.
    private let effectCitations: [[[Int]]]
    /// Per rule: whether its own condition must be checked per regimen.
    private let rulePerRegimen: [Bool]
    /// Per rule: whether it reads the other rules' tiers, so it is applied in a second pass.
    private let ruleDeferred: [Bool]

    public init(knowledge: Knowledge) {
        self.knowledge = knowledge
        self.ordersByEvidence = knowledge.rules.contains { $0.ordersByEvidence }
        self.evidenceRanks = knowledge.regimens.map(knowledge.evidenceRank(of:))
        var citations = knowledge.rules.map { Citation(rule: $0.id, text: $0.rationale, sources: $0.sources) }
        let count = knowledge.regimens.count
        var effectCitations: [[[Int]]] = []
        for (ruleIndex, rule) in knowledge.rules.enumerated() {
            var perEffect: [[Int]] = []
            for effect in rule.effects {
                func add(_ reason: EffectReason) -> Int {
                    let sources = reason.sources ?? rule.sources
                    citations.append(Citation(rule: rule.id, text: reason.text, sources: sources))
                    return citations.count - 1
                }
                let shared = effect.reason.map(add) ?? ruleIndex
                var byRegimen = [Int](repeating: shared, count: count)
                for (index, reason) in effect.regimenReasons.sorted(by: { $0.key < $1.key }) where index < count {
                    byRegimen[index] = add(reason)
                }
                perEffect.append(byRegimen)
            }
            effectCitations.append(perEffect)
        }
        self.citations = citations
        self.effectCitations = effectCitations
        self.rulePerRegimen = knowledge.rules.map(\.condition.isPerRegimen)
        self.ruleDeferred = knowledge.rules.map { rule in
            rule.condition.isDeferred || rule.effects.contains { $0.condition.isDeferred }
        }
    }

    /// Where one regimen would stand for `state` (tier and 1-based rank), without building
    /// the reasons: what the counterfactual search asks many times.
    public func placement(of regimenIndex: Int, in state: PatientState) -> (tier: Tier, rank: Int) {
        let (_, tallies) = tally(state)
        let target = key(regimenIndex, tallies[regimenIndex])
        var rank = 1
        for index in tallies.indices where index != regimenIndex && key(index, tallies[index]) < target { rank += 1 }
        return (tallies[regimenIndex].tier, rank)
    }

    /// The index of the reference's first choice for `state` — `rank(state).first` without
    /// building the ranking's reasons: what the 1,000-patient comparison asks at every step.
    public func firstChoiceIndex(_ state: PatientState) -> Int {
        let (_, tallies) = tally(state)
        var best = 0
        var bestKey = Int.max
        for index in tallies.indices {
            let key = key(index, tallies[index])
            if key < bestKey {
                bestKey = key
                best = index
            }
        }
        return best
    }

    /// One integer key per regimen: tier, then boost, then evidence, then file order.
    private func key(_ index: Int, _ tally: Tally) -> Int {
        let evidence = ordersByEvidence ? evidenceRanks[index] : 0
        return ((tally.tier.order * 100_000 - tally.boost) * 100 + evidence) * 100 + index
    }

    /// Every rule applied to `state`: the tally of hits per regimen.
    private func tally(_ state: PatientState) -> (PatientFacts, [Tally]) {
        var facts = PatientFacts(state: state, knowledge: knowledge)
        let count = knowledge.regimens.count
        var tallies = [Tally](repeating: Tally(), count: count)

        func apply(_ ruleIndex: Int) {
            let rule = knowledge.rules[ruleIndex]
            let perRegimen = rulePerRegimen[ruleIndex]
            if !perRegimen, !facts.holds(rule.condition, for: -1) { return }
            for (effectIndex, effect) in rule.effects.enumerated() {
                let effectPerRegimen = effect.condition.isPerRegimen
                if !effectPerRegimen, !facts.holds(effect.condition, for: -1) { continue }
                var remaining = effect.targets.bits
                while remaining != 0 {
                    let index = remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    guard index < count else { break }
                    if perRegimen, !facts.holds(rule.condition, for: index) { continue }
                    if effectPerRegimen, !facts.holds(effect.condition, for: index) { continue }
                    let citation = effectCitations[ruleIndex][effectIndex][index]
                    tallies[index].add(effect, hit: Tally.Hit(citation: citation, tier: effect.tier, kind: effect.kind))
                }
            }
        }
        var anyDeferred = false
        for ruleIndex in knowledge.rules.indices {
            if ruleDeferred[ruleIndex] {
                anyDeferred = true
            } else {
                apply(ruleIndex)
            }
        }
        if anyDeferred {
            facts.settledTiers = tallies.map(\.tier)
            for ruleIndex in knowledge.rules.indices where ruleDeferred[ruleIndex] { apply(ruleIndex) }
        }

        return (facts, tallies)
    }

    public func rank(_ state: PatientState) -> Recommendation {
        let (facts, tallies) = tally(state)
        let count = tallies.count
        var keys = [(key: Int, index: Int)]()
        keys.reserveCapacity(count)
        for index in 0..<count { keys.append((key(index, tallies[index]), index)) }
        keys.sort { $0.key < $1.key }
        var ranked: [RankedOption] = []
        ranked.reserveCapacity(count)
        let received = receivedTags(state)
        for (position, entry) in keys.enumerated() {
            let tally = tallies[entry.index]
            let tier = tally.tier
            ranked.append(
                RankedOption(
                    regimen: knowledge.regimens[entry.index].id, tier: tier, rank: position + 1,
                    reasons: filled(reasons(tally, tier: tier), received: received)))
        }
        return Recommendation(line: facts.line, options: ranked)
    }

    /// The line of therapy the engine counts for this state (rule 0).
    public func line(of state: PatientState) -> Int {
        PatientFacts(state: state, knowledge: knowledge).line
    }

    /// Binding restrictions and winning promotions (or the default), then order modifiers,
    /// then promotions a restriction overrode — each rule once per role.
    private func reasons(_ tally: Tally, tier: Tier) -> [Reason] {
        var reasons: [Reason] = []
        reasons.reserveCapacity(tally.hits.count)
        func add(_ hit: Tally.Hit, _ role: Reason.Role) {
            let citation = citations[hit.citation]
            if reasons.contains(where: { $0.role == role && $0.citation === citation }) { return }
            reasons.append(Reason(citation: citation, role: role, tier: hit.tier))
        }
        for hit in tally.hits where hit.kind == .restrict && hit.tier == tier { add(hit, .tier) }
        for hit in tally.hits where hit.kind == .promote && hit.tier == tier { add(hit, .tier) }
        if reasons.isEmpty {
            for hit in tally.hits where hit.kind == .fallback && hit.tier == tier { add(hit, .tier) }
        }
        for hit in tally.hits where hit.kind == .order { add(hit, .order) }
        for hit in tally.hits where hit.kind == .promote && (hit.tier ?? tier) < tier { add(hit, .overridden) }
        return reasons
    }
}

/// The rules that fired for one regimen and how they combine.
private struct Tally {
    struct Hit {
        /// Index into the engine's citations.
        var citation: Int
        var tier: Tier?
        var kind: EffectKind
    }

    var worstRestriction: Tier?
    var bestPromotion: Tier?
    var fallback: Tier?
    var boost = 0
    var hits: [Hit] = []

    /// Promotion (or the default, or conditional) capped by the worst restriction.
    var tier: Tier {
        let base = bestPromotion ?? fallback ?? .conditional
        return worstRestriction.map { base.worse($0) } ?? base
    }

    mutating func add(_ effect: Effect, hit: Hit) {
        switch effect.kind {
        case .restrict:
            guard let tier = effect.tier else { return }
            worstRestriction = worstRestriction.map { $0.worse(tier) } ?? tier
        case .promote:
            guard let tier = effect.tier else { return }
            bestPromotion = bestPromotion.map { $0.better(tier) } ?? tier
        case .fallback:
            guard let tier = effect.tier else { return }
            fallback = fallback.map { $0.better(tier) } ?? tier
        case .order:
            boost += effect.boost
        }
        hits.append(hit)
    }
}
