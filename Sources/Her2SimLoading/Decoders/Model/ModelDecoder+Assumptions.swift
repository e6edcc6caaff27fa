import Foundation
import Her2SimCore
import Yams

/// The assumption every model section carries (id, basis, text, sources) and its checks.
extension ModelDecoder {
    /// A mapping that is also an assumption (id, basis, text, sources) plus `extra` keys.
    func assumptionMap(_ node: Node, _ what: String, extra: [String], section: String? = nil) -> MappingReader? {
        guard let map = reader.mapping(node, what, allowed: Self.assumptionKeys + extra) else { return nil }
        map.rejectUnknownKeys()
        if let assumption = assumption(map), let section { sectionAssumptions[section] = assumption.id }
        return map
    }

    @discardableResult
    func assumption(_ map: MappingReader) -> ModelAssumption? {
        var id: String?
        if let node = map.required("id"), let text = reader.string(node, "assumption id") {
            if let first = assumptionIDs[text] {
                reader.error("assumption id '\(text)' is already used at \(first)", at: node)
            } else {
                assumptionIDs[text] = reader.location(of: node)
                id = text
            }
        }
        let basis = map.required("basis").flatMap { reader.choice($0, "basis", as: AssumptionBasis.self) }
        let text = map.required("text").flatMap { reader.string($0, "assumption text") }
        var sources: [String] = []
        if let node = map.required("sources"), let items = reader.list(node, "a list of sources") {
            sources = items.compactMap { item in
                reader.identifier(
                    item, "source", resolve: { self.knowledge.isSource($0) ? $0 : nil },
                    candidates: { self.knowledge.sourceIDs })
            }
            if items.isEmpty { reader.error("an assumption must cite at least one source", at: node) }
        }
        guard let id, let basis, let text else { return nil }
        let assumption = ModelAssumption(id: id, basis: basis, text: text, sources: sources)
        assumptions.append(assumption)
        return assumption
    }
}
