import Foundation
import Her2SimCore
import Yams

/// `calibration` and `holdout`: how `her2sim calibrate` checks the model against the trials.
extension ModelDecoder {
    /// The leave-one-trial-out check: which trials report the same patients as another.
    func holdout(_ node: Node) -> SimulationModel.HoldoutSection? {
        guard
            let map = assumptionMap(node, "the leave-one-trial-out check", extra: ["same-patients"], section: "holdout")
        else {
            return nil
        }
        guard let pairsNode = map["same-patients"],
            let pairs = reader.mapping(pairsNode, "same patients (subgroup trial: trial)", allowed: [])
        else { return .init() }
        var result: [String: String] = [:]
        for entry in pairs.entries {
            guard let subgroup = trialID(entry.keyNode), let trial = trialID(entry.value) else { continue }
            if subgroup == trial {
                reader.error("\(subgroup) cannot report its own patients again", at: entry.value)
                continue
            }
            result[subgroup] = trial
        }
        return .init(samePatients: result)
    }

    func calibration(_ node: Node) -> SimulationModel.CalibrationSection? {
        guard
            let map = assumptionMap(
                node, "the calibration follow-up", extra: ["follow-up-months"], section: "calibration")
        else { return nil }
        guard let followNode = map.required("follow-up-months"),
            let follow = reader.mapping(
                followNode, "follow-up months (minimum, maximum)", allowed: ["minimum", "maximum"])
        else { return nil }
        follow.rejectUnknownKeys()
        let minimum = follow.required("minimum").flatMap {
            reader.number($0, "minimum follow-up (months)", in: 1...240)
        }
        let maximum = follow.required("maximum").flatMap {
            reader.number($0, "maximum follow-up (months)", in: 1...240)
        }
        guard let minimum, let maximum else { return nil }
        guard minimum <= maximum else {
            reader.error("minimum follow-up (\(minimum)) is above the maximum (\(maximum))", at: followNode)
            return nil
        }
        return .init(followUpMinimum: minimum, followUpMaximum: maximum)
    }
}
