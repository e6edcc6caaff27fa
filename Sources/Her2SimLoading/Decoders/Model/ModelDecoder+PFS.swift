import Foundation
import Her2SimCore
import Yams

/// `pfs`, `longest-course`, `preferred-arms` and `proxies`: where each regimen's PFS curve comes from.
extension ModelDecoder {
    func pfs(_ node: Node) -> SimulationModel.PFSSection? {
        guard let map = assumptionMap(node, "the PFS model", extra: ["default-shape"], section: "pfs") else {
            return nil
        }
        return map.required("default-shape").flatMap { reader.number($0, "default shape", in: 0.2...5) }
            .map { SimulationModel.PFSSection(defaultShape: $0) }
    }

    func longestCourse(_ node: Node) -> SimulationModel.LongestCourseSection? {
        guard let map = assumptionMap(node, "the longest course", extra: ["months"], section: "longest-course")
        else {
            return nil
        }
        return map.required("months").flatMap { reader.number($0, "longest course (months)", in: 12...600) }
            .map { SimulationModel.LongestCourseSection(months: $0) }
    }

    func proxies(_ node: Node) -> [PFSProxy]? {
        reader.sequence(node, "the list of PFS proxies").map { $0.compactMap(proxy) }
    }

    func preferredArms(_ node: Node) -> [String: String]? {
        guard let map = assumptionMap(node, "the preferred arms", extra: ["arms"], section: "preferred-arms") else {
            return nil
        }
        guard let armsNode = map.required("arms"),
            let arms = reader.mapping(armsNode, "preferred arms (regimen: trial)", allowed: [])
        else { return nil }
        var result: [String: String] = [:]
        for entry in arms.entries {
            guard let regimen = regimenID(entry.keyNode), let trial = trialID(entry.value) else { continue }
            if knowledge.trial(TrialID(trial))?.arms.contains(where: { $0.regimen == regimen }) != true {
                let trials = knowledge.trials.filter { $0.arms.contains { $0.regimen == regimen } }.map(\.id.rawValue)
                reader.error(
                    "\(trial) has no arm of \(regimen); its arms are in \(trials.isEmpty ? "no trial" : trials.joined(separator: ", "))",
                    at: entry.value)
                continue
            }
            result[regimen] = trial
        }
        return result
    }

    func proxy(_ node: Node) -> PFSProxy? {
        guard let map = assumptionMap(node, "a PFS proxy", extra: ["regimens", "trial", "arm", "hazard-ratio"]) else {
            return nil
        }
        let id = map["id"]?.scalar?.string
        let regimens =
            map.required("regimens").flatMap { reader.list($0, "a list of regimen ids") }?.compactMap(regimenID) ?? []
        let trial = map.required("trial").flatMap(trialID)
        var label: String?
        if let armNode = map.required("arm"), let text = reader.string(armNode, "arm label"), let trial,
            let arms = knowledge.trial(TrialID(trial))?.arms
        {
            if arms.contains(where: { $0.label == text }) {
                label = text
            } else {
                reader.error(
                    "\(trial) has no arm '\(text)'\(Suggestion.hint(for: text, in: arms.map(\.label))); its arms: \(arms.map { "'\($0.label)'" }.joined(separator: ", "))",
                    at: armNode)
            }
        }
        let ratio = map.required("hazard-ratio").flatMap(hazardRatio)
        guard let id, let trial, let label, let ratio else { return nil }
        return PFSProxy(id: id, regimens: regimens, trial: trial, armLabel: label, hazardRatio: ratio)
    }
}
