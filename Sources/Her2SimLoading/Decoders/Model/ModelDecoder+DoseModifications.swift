import Foundation
import Her2SimCore
import Yams

/// `dose-modifications`: dose levels, the rules acting on toxicities, progression over a stop.
extension ModelDecoder {
    func doseModifications(_ node: Node) -> SimulationModel.DoseModificationsSection? {
        let keys = ["levels", "rules", "progression-first"]
        guard let map = reader.mapping(node, "the dose modifications", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        // Optional: without it a toxicity stop is never re-read as progression.
        let progressionWithin =
            map["progression-first"].flatMap { node -> Double? in
                guard
                    let first = assumptionMap(
                        node, "progression over a toxicity stop", extra: ["within-months"],
                        section: "progression-first")
                else { return nil }
                return first.required("within-months").flatMap { reader.number($0, "months", in: 0...3) }
            } ?? 0
        let reductions = map.required("levels").flatMap { levelsNode -> Int? in
            guard
                let levels = assumptionMap(
                    levelsNode, "the dose levels", extra: ["maximum-reductions"], section: "dose-levels")
            else { return nil }
            return levels.required("maximum-reductions").flatMap { reader.int($0, "maximum reductions", in: 0...5) }
        }
        let rules =
            map.required("rules").flatMap { reader.sequence($0, "the list of dose-modification rules") }?
            .compactMap(doseRule) ?? []
        guard let reductions else { return nil }
        return .init(maximumReductions: reductions, rules: rules, progressionFirstWithinMonths: progressionWithin)
    }

    func doseRule(_ node: Node) -> DoseRule? {
        let extra = ["toxicities", "grade-at-least", "lvef-below", "regimens", "action", "agent"]
        guard let map = assumptionMap(node, "a dose-modification rule", extra: extra) else { return nil }
        let id = map["id"]?.scalar?.string
        let toxicities = map["toxicities"].flatMap(toxicityList)
        let grade = map["grade-at-least"].flatMap { reader.int($0, "grade", in: 1...4) }
        let lvef = map["lvef-below"].flatMap { reader.int($0, "LVEF threshold", in: 5...90, unit: "percent") }
        let regimens = map["regimens"].flatMap(selector) ?? .all
        let action = map.required("action").flatMap { reader.choice($0, "action", as: DoseAction.self) }
        if map["lvef-below"] != nil, map["toxicities"] != nil || map["grade-at-least"] != nil {
            reader.error("a rule on 'lvef-below' takes no 'toxicities' or 'grade-at-least'", at: node)
            return nil
        }
        if map["lvef-below"] == nil, map["grade-at-least"] == nil {
            reader.error(
                "a dose-modification rule needs 'grade-at-least' (optionally with 'toxicities') or 'lvef-below'",
                at: node)
            return nil
        }
        var agent: String?
        if let node = map["agent"], let name = reader.string(node, "agent id") {
            if agentIDs.contains(name) {
                agent = name
            } else {
                reader.error("unknown agent '\(name)'\(Suggestion.hint(for: name, in: agentIDs))", at: node)
            }
        }
        guard let id, let action else { return nil }
        return DoseRule(
            id: id, toxicities: toxicities.map(Set.init), gradeAtLeast: grade ?? 1, lvefBelow: lvef,
            regimens: regimens, action: action, agent: agent)
    }
}
