import Foundation
import Her2SimCore
import Yams

/// Regimen, trial and toxicity ids, probabilities and regimen selectors, as every section reads them.
extension ModelDecoder {
    func regimenID(_ node: Node) -> String? {
        guard let name = reader.string(node, "regimen id") else { return nil }
        guard let canonical = knowledge.canonicalRegimenID(name) else {
            reader.error("unknown regimen '\(name)'\(Suggestion.hint(for: name, in: knowledge.regimenIDs))", at: node)
            return nil
        }
        if canonical != name {
            reader.error(
                "the model names regimens by canonical id: use '\(canonical)' instead of the alias '\(name)'", at: node)
            return nil
        }
        return canonical
    }

    func trialID(_ node: Node) -> String? {
        reader.identifier(
            node, "trial", resolve: { self.knowledge.trial(TrialID($0))?.id.rawValue },
            candidates: { self.knowledge.trials.map(\.id.rawValue) })
    }

    func toxicityList(_ node: Node) -> [Toxicity]? {
        guard let items = reader.list(node, "a list of toxicities") else { return nil }
        let values = items.compactMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        return values.count == items.count ? values : nil
    }

    func probability(_ map: MappingReader, _ key: String, _ what: String) -> Double? {
        map.required(key).flatMap { reader.number($0, what, in: 0...1) }
    }

    func hazardRatio(_ node: Node) -> Double? {
        reader.number(node, "hazard ratio", in: 0.1...10)
    }

    /// `{ids: […], with-any: […], except: […]}` → a regimen set.
    func selector(_ node: Node) -> RegimenSelector? {
        guard
            let map = reader.mapping(node, "regimens (ids, with-any, except)", allowed: ["ids", "with-any", "except"])
        else {
            return nil
        }
        map.rejectUnknownKeys()
        var set = RegimenSet()
        if let idsNode = map["ids"], let items = reader.list(idsNode, "a list of regimen ids") {
            for item in items {
                if let id = regimenID(item), let index = knowledge.regimenIndex(named: id) { set.insert(index) }
            }
        }
        if let tagsNode = map["with-any"], let items = reader.list(tagsNode, "a list of tags") {
            for item in items {
                guard let tag = reader.string(item, "tag") else { continue }
                guard allTags.contains(tag) else {
                    reader.error(
                        "no regimen has the tag '\(tag)'\(Suggestion.hint(for: tag, in: allTags)); tags are agent ids, agent classes and regimen tags in regimens.yaml",
                        at: item)
                    continue
                }
                for (index, regimen) in knowledge.regimens.enumerated() where regimen.has(tag) { set.insert(index) }
            }
        }
        if map["ids"] == nil, map["with-any"] == nil {
            reader.error("regimens select nothing: give ids or with-any", at: node)
            return nil
        }
        if let exceptNode = map["except"], let items = reader.list(exceptNode, "a list of regimen ids") {
            for item in items {
                if let id = regimenID(item), let index = knowledge.regimenIndex(named: id) {
                    set = set.subtracting(RegimenSet(bits: 1 << UInt64(index)))
                }
            }
        }
        return RegimenSelector(regimens: set)
    }
}
