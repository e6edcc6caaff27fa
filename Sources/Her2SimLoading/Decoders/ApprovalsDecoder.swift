import Foundation
import Her2SimCore
import Yams

final class ApprovalsDecoder {
    let reader: YAMLReader
    let knowledge: Knowledge

    init(reader: YAMLReader, knowledge: Knowledge) {
        self.reader = reader
        self.knowledge = knowledge
    }

    func decode(_ root: Node) -> ApprovalTable? {
        guard let top = reader.mapping(root, "the approval file", allowed: ["regions", "approvals"]) else { return nil }
        top.rejectUnknownKeys()
        var regions: [ApprovalRegion] = []
        if let node = top.required("regions"), let items = reader.sequence(node, "the list of regions") {
            for item in items {
                guard let map = reader.mapping(item, "a region", allowed: ["id", "name", "short-name"]) else {
                    continue
                }
                map.rejectUnknownKeys()
                let id = map.required("id").flatMap { reader.string($0, "region id") }
                let name = map.required("name").flatMap { reader.string($0, "region name") }
                let short = map["short-name"].flatMap { reader.string($0, "short name") }
                if let id, regions.contains(where: { $0.id == id }), let node = map["id"] {
                    reader.error("region '\(id)' is listed twice", at: node)
                }
                if let id, let name { regions.append(ApprovalRegion(id: id, name: name, shortName: short ?? id)) }
            }
        }
        var approvals: [String: RegimenApproval] = [:]
        if let node = top.required("approvals"), let items = reader.sequence(node, "the list of approvals") {
            for item in items {
                guard let approval = approval(item, regions: regions) else { continue }
                if approvals[approval.regimen] != nil {
                    reader.error("regimen '\(approval.regimen)' has two approval entries", at: item)
                }
                approvals[approval.regimen] = approval
            }
            for regimen in knowledge.regimenIDs where approvals[regimen.rawValue] == nil {
                reader.warning(
                    "regimen '\(regimen)' has no approval entry; exports will say its approval status is not recorded",
                    at: node)
            }
        }
        return ApprovalTable(regions: regions, approvals: approvals)
    }

    private func approval(_ node: Node, regions: [ApprovalRegion]) -> RegimenApproval? {
        let keys = ["regimen", "status", "approved-in", "unverified", "note", "sources"]
        guard let map = reader.mapping(node, "an approval", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let regimen = map.required("regimen").flatMap {
            reader.identifier(
                $0, "regimen", resolve: { knowledge.regimenIDs.contains(RegimenID($0)) ? $0 : nil },
                candidates: { knowledge.regimenIDs.map(\.rawValue) })
        }
        let status =
            map["status"].flatMap { reader.choice($0, "approval status", as: RegimenApproval.Status.self) } ?? .labelled
        let regionIDs = regions.map(\.id)
        func regionList(_ key: String) -> [String] {
            guard let node = map[key], let items = reader.list(node, "a list of region ids") else { return [] }
            return items.compactMap { item in
                reader.identifier(
                    item, "region", resolve: { regionIDs.contains($0) ? $0 : nil }, candidates: { regionIDs },
                    listedIn: "regions are: \(regionIDs.joined(separator: ", "))")
            }
        }
        let approvedIn = regionList("approved-in")
        let unverified = regionList("unverified")
        if status != .labelled, !approvedIn.isEmpty, let node = map["approved-in"] {
            reader.error(
                "a regimen with status '\(status.rawValue)' is approved nowhere; remove 'approved-in'", at: node)
        }
        let note = map["note"].flatMap { reader.string($0, "note") }
        var sources: [String] = []
        if let node = map["sources"], let items = reader.list(node, "a list of source ids") {
            sources = items.compactMap { item in
                reader.identifier(
                    item, "source", resolve: { knowledge.isSource($0) ? $0 : nil },
                    candidates: { knowledge.sourceIDs })
            }
        }
        guard let regimen else { return nil }
        return RegimenApproval(
            regimen: regimen, status: status, regions: approvedIn, unverified: unverified,
            note: note, sources: sources)
    }
}
