import Foundation
import Her2SimCore
import Yams

/// `line-of-therapy`, `ecog`, `brain-metastases` and `prior-exposure`: the patient's hazard ratios.
extension ModelDecoder {
    func lineOfTherapy(_ node: Node) -> SimulationModel.LineOfTherapySection? {
        guard
            let map = assumptionMap(
                node, "the line-of-therapy effect",
                extra: ["hazard-ratio-per-line", "most-lines-earlier", "most-lines-later"], section: "line-of-therapy")
        else { return nil }
        let ratio = map.required("hazard-ratio-per-line").flatMap {
            reader.number($0, "hazard ratio per line", in: 1...3)
        }
        let earlier = map.required("most-lines-earlier").flatMap { reader.int($0, "most lines earlier", in: 0...5) }
        let later = map.required("most-lines-later").flatMap { reader.int($0, "most lines later", in: 0...10) }
        guard let ratio, let earlier, let later else { return nil }
        return .init(hazardRatioPerLine: ratio, mostLinesEarlier: earlier, mostLinesLater: later)
    }

    func ecog(_ node: Node) -> SimulationModel.ECOGSection? {
        guard let map = assumptionMap(node, "the ECOG effect", extra: ["hazard-ratio"], section: "ecog") else {
            return nil
        }
        guard let ratiosNode = map.required("hazard-ratio"),
            let ratios = reader.mapping(ratiosNode, "hazard ratios by ECOG (2, 3, 4)", allowed: [])
        else { return nil }
        var result: [Int: Double] = [:]
        for entry in ratios.entries {
            guard let ecog = reader.int(entry.keyNode, "ECOG", in: 0...4), let ratio = hazardRatio(entry.value) else {
                continue
            }
            result[ecog] = ratio
        }
        return .init(hazardRatios: result)
    }

    func brainMetastases(_ node: Node) -> SimulationModel.BrainMetastasesSection? {
        guard
            let map = assumptionMap(
                node, "the brain-metastases effect", extra: ["hazard-ratio"], section: "brain-metastases")
        else { return nil }
        guard let ratiosNode = map.required("hazard-ratio"),
            let ratios = reader.mapping(ratiosNode, "hazard ratios by brain-metastases status", allowed: [])
        else { return nil }
        var result: [BrainMetastases: Double] = [:]
        for entry in ratios.entries {
            guard let status = reader.choice(entry.keyNode, "brain-metastases status", as: BrainMetastases.self),
                let ratio = hazardRatio(entry.value)
            else { continue }
            result[status] = ratio
        }
        return .init(hazardRatios: result)
    }

    func priorExposure(_ node: Node) -> [PriorExposureEffect]? {
        reader.sequence(node, "the list of prior-exposure effects").map { $0.compactMap(priorExposureEffect) }
    }

    func priorExposureEffect(_ node: Node) -> PriorExposureEffect? {
        guard
            let map = assumptionMap(
                node, "a prior-exposure effect",
                extra: ["same-regimen", "regimens", "after-progression-on", "hazard-ratio"])
        else { return nil }
        let id = map["id"]?.scalar?.string
        let same = map["same-regimen"].flatMap { reader.bool($0, "same-regimen") } ?? false
        let regimens = map["regimens"].flatMap(selector)
        let after = map["after-progression-on"].flatMap(selector)
        let ratio = map.required("hazard-ratio").flatMap(hazardRatio)
        if !same, map["regimens"] == nil || map["after-progression-on"] == nil {
            reader.error(
                "a prior-exposure effect needs 'same-regimen: true' or both 'regimens' and 'after-progression-on'",
                at: node)
            return nil
        }
        guard let id, let ratio else { return nil }
        return PriorExposureEffect(
            id: id, sameRegimen: same, regimens: regimens ?? .all,
            afterProgressionOn: after ?? .all, hazardRatio: ratio)
    }
}
