import Foundation
import Her2SimCore
import Yams

/// `response`: how response is drawn and first seen.
extension ModelDecoder {
    func response(_ node: Node) -> SimulationModel.ResponseSection? {
        guard
            let map = assumptionMap(
                node, "the response model",
                extra: ["pfs-correlation", "complete-share", "first-restaging-months", "default-orr"],
                section: "response")
        else { return nil }
        let correlation = probability(map, "pfs-correlation", "PFS correlation")
        let complete = probability(map, "complete-share", "complete-response share")
        let restaging = map.required("first-restaging-months").flatMap {
            reader.number($0, "first restaging (months)", in: 0.25...6)
        }
        let orr = map.required("default-orr").flatMap { reader.number($0, "default ORR (percent)", in: 0...100) }
        guard let correlation, let complete, let restaging, let orr else { return nil }
        return .init(
            pfsCorrelation: correlation, completeShare: complete, firstRestagingMonths: restaging, defaultORR: orr)
    }
}
