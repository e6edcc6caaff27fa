import Her2SimCore
import Yams

/// Decodes `Scoring/rubric.yaml`: points per tier and the unsafe tiers.
struct RubricDecoder {
    let reader: YAMLReader

    func decode(_ root: Node) -> Rubric? {
        guard let top = reader.mapping(root, "the rubric", allowed: ["points", "unsafe"]) else { return nil }
        top.rejectUnknownKeys()
        var points: [Tier: Int] = [:]
        if let node = top.required("points"),
            let map = reader.mapping(node, "points per tier", allowed: Tier.allCases.map(\.rawValue))
        {
            for entry in map.entries {
                guard let tier = reader.choice(entry.keyNode, "tier", as: Tier.self),
                    let value = reader.int(entry.value, "points", in: 0...100)
                else { continue }
                points[tier] = value
            }
            let missing = Tier.allCases.filter { points[$0] == nil && map[$0.rawValue] == nil }
            if !missing.isEmpty {
                reader.error("points are missing for \(missing.map(\.rawValue).joined(separator: ", "))", at: node)
            }
            let ordered = Tier.allCases.compactMap { points[$0] }
            if ordered.count == Tier.allCases.count, ordered != ordered.sorted(by: >) {
                reader.error("points must not increase from preferred to contraindicated", at: node)
            }
        }
        var unsafe: Set<Tier> = []
        if let node = top.required("unsafe"), let items = reader.list(node, "a list of tiers") {
            unsafe = Set(items.compactMap { reader.choice($0, "tier", as: Tier.self) })
        }
        return Rubric(points: points, unsafe: unsafe)
    }
}
