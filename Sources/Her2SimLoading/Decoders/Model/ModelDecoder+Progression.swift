import Foundation
import Her2SimCore
import Yams

/// `progression-sites`, `brain-progression` and `ecog-decline`: what a progression brings.
extension ModelDecoder {
    func progressionSites(_ node: Node) -> SimulationModel.ProgressionSitesSection? {
        guard
            let map = assumptionMap(
                node, "the progression sites", extra: ["new-site-probability", "sites"], section: "progression-sites")
        else { return nil }
        let probability = probability(map, "new-site-probability", "new-site probability")
        var weights: [(site: String, weight: Double)] = []
        if let sitesNode = map.required("sites"),
            let sites = reader.mapping(sitesNode, "site weights (site: weight)", allowed: [])
        {
            for entry in sites.entries {
                guard StateDecoder.sites.contains(entry.key), entry.key != "brain" else {
                    let candidates = StateDecoder.sites.filter { $0 != "brain" }
                    let extra =
                        entry.key == "brain"
                        ? "; the brain has its own assumption (brain-progression)"
                        : Suggestion.hint(for: entry.key, in: candidates)
                    reader.error("unknown site '\(entry.key)'\(extra)", at: entry.keyNode)
                    continue
                }
                if let weight = reader.number(entry.value, "site weight", in: 0...100) {
                    weights.append((entry.key, weight))
                }
            }
            if sites.entries.isEmpty { reader.error("give at least one site", at: sitesNode) }
        }
        guard let probability else { return nil }
        return .init(newSiteProbability: probability, siteWeights: weights)
    }

    func brainProgression(_ node: Node) -> SimulationModel.BrainProgressionSection? {
        guard
            let map = assumptionMap(
                node, "the brain progression",
                extra: ["new", "stable-to-active", "cns-active-agents", "cns-active-factor"],
                section: "brain-progression")
        else { return nil }
        let new = probability(map, "new", "new brain metastases probability")
        let stable = probability(map, "stable-to-active", "stable-to-active probability")
        var agents: Set<String> = []
        if let agentsNode = map.required("cns-active-agents"),
            let items = reader.list(agentsNode, "a list of agent ids")
        {
            for item in items {
                guard let agent = reader.string(item, "agent id") else { continue }
                if agentIDs.contains(agent) {
                    agents.insert(agent)
                } else {
                    reader.error("unknown agent '\(agent)'\(Suggestion.hint(for: agent, in: agentIDs))", at: item)
                }
            }
        }
        let factor = probability(map, "cns-active-factor", "CNS-active factor")
        guard let new, let stable, let factor else { return nil }
        return .init(newBrainMetastases: new, stableToActive: stable, cnsActiveAgents: agents, cnsActiveFactor: factor)
    }

    func ecogDecline(_ node: Node) -> SimulationModel.ECOGDeclineSection? {
        guard
            let map = assumptionMap(
                node, "the ECOG decline",
                extra: ["at-progression", "on-supportive-care", "supportive-care"], section: "ecog-decline")
        else { return nil }
        let at = probability(map, "at-progression", "probability at progression")
        let onCare = probability(map, "on-supportive-care", "probability on supportive care")
        let regimens =
            map.required("supportive-care")
            .flatMap { reader.list($0, "a list of regimen ids") }?.compactMap(regimenID) ?? []
        guard let at, let onCare else { return nil }
        return .init(atProgression: at, onSupportiveCare: onCare, supportiveCare: Set(regimens))
    }
}
