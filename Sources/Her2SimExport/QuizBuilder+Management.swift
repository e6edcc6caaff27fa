import Foundation
import Her2SimCore

/// Management decisions as quiz items: "what do you do with the current regimen?", every action
/// the regimen allows as an option, the label's own action the key.
extension QuizBuilder {
    /// The management decision a `decide: management` turn poses on the reference path: on the
    /// regimen chosen at the previous decision, or — before the first one — on the regimen of her
    /// last line, which a case may open with her still receiving. The toxicity is the one the turn
    /// scripts, else her worst current one the tables cover (as a session decides).
    func managementDecision(
        _ script: CaseScript, turn: CaseTurn, previous: Recommendation?, state: PatientState,
        engine: ManagementEngine
    ) -> ManagementDecision? {
        guard turn.manages else { return nil }
        let received = Set(state.history.map { knowledge.regimen($0.regimen)?.id ?? $0.regimen })
        let regimen: RegimenID
        let facts: PathFacts
        var stopping: Toxicity?
        if let previous {
            regimen = previous.first.regimen
            facts = PathFacts(chosen: regimen, tier: previous.first.tier, received: received.union([regimen]))
        } else {
            guard let last = state.history.last, last.setting == .metastatic,
                last.stopped == .completed || last.stopped == .toxicity
            else { return nil }
            regimen = knowledge.regimen(last.regimen)?.id ?? last.regimen
            facts = PathFacts(received: received)
            stopping = last.stopped == .toxicity ? last.toxicity?.toxicity : nil
        }
        let months = turn.afterMonths(on: facts) ?? (previous == nil ? state.history.last?.months : nil) ?? 0
        var candidates: [(Toxicity, Int)] = []
        for scripted in turn.events(on: facts) {
            if case .toxicity(let toxicity, let grade) = scripted.event, grade > 0 {
                candidates.append((toxicity, grade))
            }
        }
        if candidates.isEmpty, previous == nil {
            candidates = state.toxicities.present.sorted { $0.grade > $1.grade }.map { ($0.toxicity, $0.grade) }
        }
        for (toxicity, grade) in candidates where stopping == nil || stopping == toxicity {
            let decision = ManagementDecision(
                regimen: regimen, months: months, toxicity: toxicity, grade: grade,
                occurrence: 1, heartFailure: state.heartFailure)
            if engine.rank(decision) != nil { return decision }
        }
        return nil
    }

    func managementItem(
        _ script: CaseScript, turn: CaseTurn, turnIndex: Int, caseIdentifier: String,
        decision number: Int, of decisionCount: Int, line: Int, stem: Vignette,
        recommendation: ManagementRecommendation, seed: UInt64
    ) -> QuizItem {
        var generator = SeededGenerator(seed: Identifiers.stableHash("\(seed)/\(script.id)/\(turnIndex)/manage"))
        let keys = recommendation.bestTier
        let multiple = keys.count > 1
        let count = recommendation.options.count
        let keyCredit = Self.moodleFraction(100.0 / Double(keys.count))
        let wrong = recommendation.options.count - keys.count
        let penalty = multiple ? -Self.moodleFraction(100.0 / Double(max(1, wrong))) : 0
        let regimenName = Narration(knowledge: knowledge).name(recommendation.decision.regimen)
        var options: [QuizOption] = []
        for option in recommendation.options {
            let correct = keys.contains(option)
            let tier = Self.prose(option.tier)
            let place = "rank \(option.rank) of \(count)"
            let verdict: String
            if correct {
                verdict =
                    multiple
                    ? "Correct: one of \(keys.count) equally good actions here (\(tier), \(place))."
                    : "Best choice: what the label says (\(tier), \(place))."
            } else if knowledge.rubric.unsafe.contains(option.tier) {
                verdict = "Unsafe for her now (\(tier), \(place))."
            } else {
                verdict = "Not the best choice here (\(tier), \(place))."
            }
            let phrase = recommendation.phrases[option.action] ?? option.action.id
            options.append(
                QuizOption(
                    identifier: Identifiers.xmlName(option.action.id, prefix: "a-"),
                    regimen: recommendation.decision.regimen.rawValue,
                    text: Text.xmlSafe(phrase.prefix(1).uppercased() + phrase.dropFirst()), tier: option.tier,
                    rank: option.rank,
                    rankedCount: count, isCorrect: correct, credit: correct ? keyCredit : penalty,
                    decidingRule: recommendation.row.id, verdict: verdict,
                    reasons: option.reasons.map {
                        QuizReason(rule: $0.rule, text: Text.xmlSafe($0.text), sources: $0.sources)
                    },
                    offLabel: nil))
        }
        Self.shuffle(&options, using: &generator)
        let objectiveTexts = turn.objectives.compactMap { id in script.objectives.first { $0.id == id }?.text }
        var references: [String] = []
        for id in script.references + options.flatMap({ $0.reasons.flatMap(\.sources) }) where !references.contains(id)
        {
            references.append(id)
        }
        let decision = recommendation.decision
        let prompt =
            "Grade \(decision.grade) \(decision.toxicity.displayName) on \(regimenName): "
            + (multiple
                ? "which of these are the best things to do with the regimen now? Select all that apply."
                : "what is the best thing to do with the regimen now?")
        let label = Text.xmlSafe("The label: \u{201C}\(recommendation.instruction)\u{201D}")
        return QuizItem(
            identifier: "\(caseIdentifier)-t\(turnIndex + 1)", caseID: script.id, caseTitle: script.title,
            turnIndex: turnIndex, decisionNumber: number, decisionCount: decisionCount,
            line: line, stem: stem, prompt: prompt, options: options,
            isMultipleAnswer: multiple, teaching: [label] + Text.paragraphs(turn.teaching),
            objectives: objectiveTexts, references: references)
    }
}
