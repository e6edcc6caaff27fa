import Her2SimCore
import Yams

/// Decodes `Scoring/rules.yaml` against the regimens and sources already loaded.
final class RulesDecoder {
    static let sections = ["safety", "failed", "line", "modifier"]
    static let conditionKeys = [
        "line", "line-at-least", "line-at-most", "ecog-at-least", "ecog-at-most", "lvef-below", "lvef-at-least",
        "heart-failure", "dpd-deficiency", "trial-available", "hepatic-impairment", "hormone-receptor",
        "brain-metastases", "toxicity-at-least", "toxicity-exactly", "stopped-for-toxicity-at-least", "preference",
        "received", "not-received", "progressed-on", "progressed-on-with-any", "any", "all", "not",
        "self-progressed-on", "self-received", "self-stopped-for-toxicity",
        "visceral-crisis", "sites-all-in", "stopped-for", "progressed-on-within", "self-stopped-for",
        "tiers-at-most",
    ]
    static let effectKeys = ["targets", "when", "kind", "tier", "boost", "text", "sources", "reasons"]
    /// How the text of an order effect with a negative boost begins: it reads as a demotion.
    static let movedDownPrefix = "Ranked lower in its tier"
    /// In `self-stopped-for`: any toxicity at this grade or worse.
    static let anyToxicityKey = "any-toxicity"
    static let targetKeys = ["all", "ids", "with-any", "with-all", "route", "visits", "except"]

    let reader: YAMLReader
    let regimens: [Regimen]
    let isSource: (String) -> Bool
    let sourceIDs: [String]
    private let resolveRegimen: (String) -> Int?
    private let allTags: Set<String>
    private var ruleIDs: [String: SourceLocation] = [:]

    init(reader: YAMLReader, knowledgeSoFar: Knowledge) {
        self.reader = reader
        self.regimens = knowledgeSoFar.regimens
        self.isSource = knowledgeSoFar.isSource
        self.sourceIDs = knowledgeSoFar.sourceIDs
        self.resolveRegimen = knowledgeSoFar.regimenIndex(named:)
        self.allTags = knowledgeSoFar.regimens.reduce(into: Set<String>()) { $0.formUnion($1.tags) }
    }

    /// `evidence-order` is read first: regimens.yaml is checked against it.
    static func evidenceOrder(_ root: Node, reader: YAMLReader) -> [String] {
        guard case .mapping(let mapping) = root, let node = mapping["evidence-order"] else { return [] }
        return reader.stringList(node, "evidence strengths") ?? []
    }

    func decode(_ root: Node) -> (rules: [Rule], lineOfTherapy: LineOfTherapyPolicy?, evidenceOrder: [String]) {
        guard let top = reader.mapping(root, "the rules file", allowed: ["evidence-order", "line-of-therapy", "rules"])
        else {
            return ([], nil, [])
        }
        top.rejectUnknownKeys()
        let order = top.required("evidence-order").flatMap { reader.stringList($0, "evidence strengths") } ?? []
        let policy = top.required("line-of-therapy").flatMap(lineOfTherapy)
        var rules: [Rule] = []
        if let node = top.required("rules"), let items = reader.sequence(node, "the list of rules") {
            rules = items.compactMap(rule)
        }
        return (rules, policy, order)
    }

    // MARK: - Rule 0

    private func lineOfTherapy(_ node: Node) -> LineOfTherapyPolicy? {
        let keys = ["id", "text", "sources", "relapse-window-months", "relapse-window-months-with"]
        guard let map = reader.mapping(node, "the line-of-therapy policy", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { ruleID($0) }
        let text = map.required("text").flatMap { reader.string($0, "text") }
        let sources = map.required("sources").flatMap(self.sources) ?? []
        let window = map.required("relapse-window-months").flatMap {
            reader.number($0, "relapse window (months)", in: 0...60)
        }
        var byAgent: [String: Double] = [:]
        if let withNode = map["relapse-window-months-with"],
            let withMap = reader.mapping(withNode, "relapse windows by agent", allowed: [])
        {
            let agentIDs = Set(regimens.flatMap { $0.agents.map(\.id) })
            for entry in withMap.entries {
                if !agentIDs.contains(entry.key) {
                    reader.error(
                        "unknown agent '\(entry.key)'\(Suggestion.hint(for: entry.key, in: agentIDs))",
                        at: entry.keyNode)
                    continue
                }
                if let months = reader.number(entry.value, "relapse window (months)", in: 0...60) {
                    byAgent[entry.key] = months
                }
            }
        }
        guard let id, let text, let window else { return nil }
        return LineOfTherapyPolicy(
            id: id, text: text, sources: sources, relapseWindowMonths: window,
            relapseWindowWithAgent: byAgent)
    }

    // MARK: - Rules

    private func rule(_ node: Node) -> Rule? {
        let keys = ["id", "section", "text", "rationale", "sources", "when", "effects", "order-by"]
        guard let map = reader.mapping(node, "a rule", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { ruleID($0) }
        var section: String?
        if let sectionNode = map.required("section"), let text = reader.string(sectionNode, "section") {
            if Self.sections.contains(text) {
                section = text
            } else {
                reader.error(
                    "unknown section '\(text)'\(Suggestion.hint(for: text, in: Self.sections)); expected one of: \(Self.sections.joined(separator: ", "))",
                    at: sectionNode)
            }
        }
        let text = map.required("text").flatMap { reader.string($0, "rule text") }
        let rationale = map.required("rationale").flatMap { reader.string($0, "rationale") }
        let sourcesNode = map.required("sources")
        let sources = sourcesNode.flatMap(self.sources) ?? []
        if let sourcesNode, sources.isEmpty, reader.list(sourcesNode, "a list of sources")?.isEmpty == true {
            reader.error("a rule must cite at least one source", at: sourcesNode)
        }
        let condition = map["when"].flatMap(self.condition) ?? .always
        var ordersByEvidence = false
        if let byNode = map["order-by"], let by = reader.string(byNode, "order-by") {
            if by == "evidence-strength" {
                ordersByEvidence = true
            } else {
                reader.error("unknown order-by '\(by)'; expected evidence-strength", at: byNode)
            }
        }
        var effects: [Effect] = []
        if let effectsNode = map["effects"], let items = reader.sequence(effectsNode, "the rule's effects") {
            effects = items.compactMap(effect)
        } else if !ordersByEvidence {
            _ = map.required("effects")
        }
        guard let id, let section, let text, let rationale else { return nil }
        return Rule(
            id: id, section: section, text: text, rationale: rationale, sources: sources,
            condition: condition, effects: effects, ordersByEvidence: ordersByEvidence)
    }

    private func ruleID(_ node: Node) -> String? {
        guard let id = reader.string(node, "rule id") else { return nil }
        if let first = ruleIDs[id] {
            reader.error("rule id '\(id)' is already used at \(first)", at: node)
        } else {
            ruleIDs[id] = reader.location(of: node)
        }
        return id
    }

    private func sources(_ node: Node) -> [String]? {
        guard let items = reader.list(node, "a list of sources") else { return nil }
        return items.compactMap { item in
            reader.identifier(item, "source", resolve: { isSource($0) ? $0 : nil }, candidates: { sourceIDs })
        }
    }

    // MARK: - Effects and targets

    private func effect(_ node: Node) -> Effect? {
        guard let map = reader.mapping(node, "an effect", allowed: Self.effectKeys) else { return nil }
        map.rejectUnknownKeys()
        let targets = map.required("targets").flatMap(self.targets)
        let condition = map["when"].flatMap(self.condition) ?? .always
        let kind = map.required("kind").flatMap { reader.choice($0, "effect kind", as: EffectKind.self) }
        let tier = map["tier"].flatMap { reader.choice($0, "tier", as: Tier.self) }
        let boost = map["boost"].flatMap { reader.int($0, "boost", in: -1000...1000) }
        guard let targets, let kind else { return nil }
        let reason = effectReason(text: map["text"], sources: map["sources"])
        let regimenReasons = map["reasons"].map { self.regimenReasons($0, targets: targets) } ?? [:]
        switch kind {
        case .order:
            if boost == nil {
                reader.error("an order effect needs a 'boost' (positive moves earlier within the tier)", at: node)
                return nil
            }
            if let tierNode = map["tier"] {
                reader.error("an order effect never changes the tier; remove 'tier'", at: tierNode)
            }
            if let boost, boost < 0 {
                let texts = [reason?.text].compactMap { $0 } + regimenReasons.values.map(\.text)
                if texts.isEmpty || !texts.allSatisfy({ $0.hasPrefix(Self.movedDownPrefix) }) {
                    reader.error(
                        "an order effect that moves regimens down needs its own text that says so, starting "
                            + "'\(Self.movedDownPrefix)' (it must never read as the reason for the tier)",
                        at: map["text"] ?? node)
                }
            }
        case .restrict, .promote, .fallback:
            if tier == nil {
                if map["tier"] == nil { reader.error("a \(kind.rawValue) effect needs a 'tier'", at: node) }
                return nil
            }
        }
        return Effect(
            targets: targets, condition: condition, kind: kind, tier: tier, boost: boost ?? 0,
            reason: reason, regimenReasons: regimenReasons)
    }

    /// An effect's own `text` (and optional `sources`); sources without a text are an error.
    private func effectReason(text textNode: Node?, sources sourcesNode: Node?) -> EffectReason? {
        let sources = sourcesNode.flatMap(self.sources)
        guard let textNode else {
            if let sourcesNode {
                reader.error(
                    "an effect's 'sources' belong to its own 'text'; add a text about the regimen",
                    at: sourcesNode)
            }
            return nil
        }
        guard let text = reader.string(textNode, "effect text") else { return nil }
        return EffectReason(text: text, sources: sources)
    }

    /// `reasons: {regimen-id: text}` or `{regimen-id: {text: …, sources: […]}}`: one per target.
    private func regimenReasons(_ node: Node, targets: RegimenSet) -> [Int: EffectReason] {
        guard
            let map = reader.mapping(
                node, "reasons by regimen", shape: "a mapping such as {tdxd: text}",
                allowed: [])
        else { return [:] }
        var result: [Int: EffectReason] = [:]
        for entry in map.entries {
            guard let index = resolveRegimen(entry.key) else {
                reader.error(
                    "unknown regimen '\(entry.key)'\(Suggestion.hint(for: entry.key, in: regimens.map(\.id)))",
                    at: entry.keyNode)
                continue
            }
            if !targets.contains(index) {
                reader.error(
                    "'\(entry.key)' is not among this effect's targets; its reason would never show",
                    at: entry.keyNode)
                continue
            }
            if case .mapping = entry.value {
                guard let inner = reader.mapping(entry.value, "a reason", allowed: ["text", "sources"]) else {
                    continue
                }
                inner.rejectUnknownKeys()
                if let textNode = inner.required("text"),
                    let reason = effectReason(text: textNode, sources: inner["sources"])
                {
                    result[index] = reason
                }
            } else if let reason = effectReason(text: entry.value, sources: nil) {
                result[index] = reason
            }
        }
        return result
    }

    private func targets(_ node: Node) -> RegimenSet? {
        guard let map = reader.mapping(node, "targets", allowed: Self.targetKeys) else { return nil }
        map.rejectUnknownKeys()
        var selected = RegimenSet()
        var everything = RegimenSet()
        for index in regimens.indices { everything.insert(index) }
        var selectors = 0
        if let allNode = map["all"], reader.bool(allNode, "all") == true {
            selected = everything
            selectors += 1
        }
        if let idsNode = map["ids"] {
            selected = selected.union(regimenSet(idsNode))
            selectors += 1
        }
        if let node = map["with-any"], let tags = tagList(node) {
            selected = selected.union(matching { regimen in tags.contains(where: regimen.has) })
            selectors += 1
        }
        if let node = map["with-all"], let tags = tagList(node) {
            let all = matching { regimen in tags.allSatisfy(regimen.has) }
            selected = selectors == 0 ? all : selected.union(all)
            selectors += 1
        }
        if let node = map["route"], let items = reader.list(node, "a list of routes") {
            let routes = Set(items.compactMap { reader.choice($0, "route", as: Route.self) })
            selected = selected.union(matching { routes.contains($0.route) })
            selectors += 1
        }
        if let node = map["visits"], let items = reader.list(node, "a list of visit frequencies") {
            let visits = Set(items.compactMap { reader.choice($0, "visit frequency", as: VisitFrequency.self) })
            selected = selected.union(matching { visits.contains($0.visits) })
            selectors += 1
        }
        if selectors == 0 {
            reader.error("targets select nothing: give ids, with-any, with-all, route, visits or all: true", at: node)
            return nil
        }
        if let exceptNode = map["except"] {
            selected = selected.subtracting(regimenSet(exceptNode))
        }
        if selected.isEmpty, !reader.hasErrors {
            reader.warning("these targets match no regimen", at: node)
        }
        return selected
    }

    private func matching(_ predicate: (Regimen) -> Bool) -> RegimenSet {
        var set = RegimenSet()
        for (index, regimen) in regimens.enumerated() where predicate(regimen) { set.insert(index) }
        return set
    }

    private func regimenSet(_ node: Node) -> RegimenSet {
        var set = RegimenSet()
        guard let items = reader.list(node, "a list of regimen ids") else { return set }
        for item in items {
            guard let text = reader.string(item, "regimen id") else { continue }
            if let index = resolveRegimen(text) {
                set.insert(index)
            } else {
                reader.error("unknown regimen '\(text)'\(Suggestion.hint(for: text, in: regimens.map(\.id)))", at: item)
            }
        }
        return set
    }

    private func tagList(_ node: Node) -> [String]? {
        guard let items = reader.list(node, "a list of tags") else { return nil }
        var tags: [String] = []
        for item in items {
            guard let tag = reader.string(item, "tag") else { continue }
            if allTags.contains(tag) {
                tags.append(tag)
            } else {
                reader.error(
                    "no regimen has the tag '\(tag)'\(Suggestion.hint(for: tag, in: allTags)); tags are agent ids, agent classes and regimen tags in regimens.yaml",
                    at: item)
            }
        }
        return tags
    }

    // MARK: - Conditions

    private func condition(_ node: Node) -> Condition? {
        guard let map = reader.mapping(node, "a condition", allowed: Self.conditionKeys) else { return nil }
        map.rejectUnknownKeys()
        var parts: [Condition] = []
        for entry in map.entries where Self.conditionKeys.contains(entry.key) {
            if let part = predicate(entry.key, entry.value) { parts.append(part) }
        }
        if parts.isEmpty {
            if map.entries.isEmpty { reader.error("an empty condition; remove 'when' to always apply", at: node) }
            return nil
        }
        return parts.count == 1 ? parts[0] : .all(parts)
    }

    /// `{ild: 2, lvef-decline: 3}` (and `any-toxicity: 4` where allowed): any of them matches.
    private func thresholds(_ node: Node, allowAny: Bool) -> [ToxicityThreshold]? {
        let names = Toxicity.allCases.map(\.rawValue) + (allowAny ? [Self.anyToxicityKey] : [])
        guard let map = reader.mapping(node, "toxicities and grades (e.g. {ild: 2})", allowed: names) else {
            return nil
        }
        var result: [ToxicityThreshold] = []
        for entry in map.entries {
            guard let grade = reader.int(entry.value, "grade", in: 1...5) else { continue }
            if allowAny, entry.key == Self.anyToxicityKey {
                result.append(ToxicityThreshold(toxicity: nil, grade: grade))
            } else if let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self) {
                result.append(ToxicityThreshold(toxicity: toxicity, grade: grade))
            }
        }
        return result.isEmpty ? nil : result
    }

    private func predicate(_ key: String, _ value: Node) -> Condition? {
        switch key {
        case "line": return reader.int(value, "line", in: 1...20).map { .line($0...$0) }
        case "line-at-least": return reader.int(value, "line", in: 1...20).map { .line($0...99) }
        case "line-at-most": return reader.int(value, "line", in: 1...20).map { .line(1...$0) }
        case "ecog-at-least": return reader.int(value, "ECOG", in: 0...4).map { .ecog($0...4) }
        case "ecog-at-most": return reader.int(value, "ECOG", in: 0...4).map { .ecog(0...$0) }
        case "lvef-below": return reader.int(value, "LVEF", in: 1...100, unit: "%").map { .lvef(0...($0 - 1)) }
        case "lvef-at-least": return reader.int(value, "LVEF", in: 0...100, unit: "%").map { .lvef($0...100) }
        case "heart-failure": return reader.bool(value, key).map(Condition.heartFailure)
        case "dpd-deficiency":
            if case .scalar(let scalar) = value, ["true", "false"].contains(scalar.string.lowercased()) {
                return reader.bool(value, key).map { .dpdDeficiency($0 ? [.complete] : [.none]) }
            }
            return reader.list(value, "a list of DPD deficiency levels").map {
                .dpdDeficiency(Set($0.compactMap { reader.choice($0, "dpd-deficiency", as: DPDDeficiency.self) }))
            }
        case "visceral-crisis": return reader.bool(value, key).map(Condition.visceralCrisis)
        case "sites-all-in":
            guard let items = reader.list(value, "a list of metastatic sites") else { return nil }
            var sites = Set<String>()
            let known = StateDecoder.sites
            for item in items {
                guard let site = reader.string(item, "site") else { continue }
                if known.contains(site) {
                    sites.insert(site)
                } else {
                    reader.error("unknown site '\(site)'\(Suggestion.hint(for: site, in: known))", at: item)
                }
            }
            return .sitesAllIn(sites)
        case "stopped-for":
            guard let map = reader.mapping(value, "a stop (regimens and toxicity)", allowed: ["regimens", "toxicity"])
            else { return nil }
            map.rejectUnknownKeys()
            let set = map.required("regimens").flatMap(targets)
            let thresholds = map.required("toxicity").flatMap { self.thresholds($0, allowAny: false) }
            guard let set, let thresholds else { return nil }
            return .stoppedOn(set, thresholds)
        case "progressed-on-within":
            guard let map = reader.mapping(value, "progression within months", allowed: ["regimens", "months"])
            else { return nil }
            map.rejectUnknownKeys()
            let set = map.required("regimens").map(regimenSet)
            let months = map.required("months").flatMap { reader.number($0, "months", in: 0...300) }
            guard let set, let months else { return nil }
            return .progressedWithin(set, months: months)
        case "tiers-at-most":
            guard let map = reader.mapping(value, "regimens and a tier", allowed: ["regimens", "tier"]) else {
                return nil
            }
            map.rejectUnknownKeys()
            let set = map.required("regimens").flatMap(targets)
            let tier = map.required("tier").flatMap { reader.choice($0, "tier", as: Tier.self) }
            guard let set, let tier else { return nil }
            return .tiersAtMost(set, tier)
        case "self-stopped-for": return thresholds(value, allowAny: true).map(Condition.selfStoppedFor)
        case "trial-available": return reader.bool(value, key).map(Condition.trialAvailable)
        case "hepatic-impairment":
            return reader.list(value, "a list of hepatic impairment classes").map {
                .hepaticImpairment(
                    Set($0.compactMap { reader.choice($0, "hepatic impairment", as: HepaticImpairment.self) }))
            }
        case "hormone-receptor":
            return reader.choice(value, "hormone-receptor", as: HormoneReceptor.self).map(Condition.hormoneReceptor)
        case "brain-metastases":
            return reader.list(value, "a list of brain-metastases states").map {
                .brainMetastases(Set($0.compactMap { reader.choice($0, "brain-metastases", as: BrainMetastases.self) }))
            }
        case "toxicity-at-least", "toxicity-exactly", "stopped-for-toxicity-at-least":
            guard
                let map = reader.mapping(
                    value, "a toxicity and grade (e.g. {ild: 2})", allowed: Toxicity.allCases.map(\.rawValue))
            else { return nil }
            var parts: [Condition] = []
            for entry in map.entries {
                guard let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self),
                    let grade = reader.int(entry.value, "grade", in: 0...5)
                else { continue }
                switch key {
                case "toxicity-at-least": parts.append(.toxicityGrade(toxicity, grade...5))
                case "toxicity-exactly": parts.append(.toxicityGrade(toxicity, grade...grade))
                default: parts.append(.stoppedForToxicity(toxicity, minimumGrade: grade))
                }
            }
            return parts.count == 1 ? parts[0] : .all(parts)
        case "preference": return reader.choice(value, "preference", as: Preference.self).map(Condition.preference)
        case "received": return .received(regimenSet(value))
        case "not-received": return .not(.received(regimenSet(value)))
        case "progressed-on": return .progressedOn(regimenSet(value))
        case "progressed-on-with-any":
            return tagList(value).map { tags in .progressedOn(matching { regimen in tags.contains(where: regimen.has) })
            }
        case "any":
            return reader.sequence(value, "a list of conditions").map { .any($0.compactMap(condition)) }
        case "all":
            return reader.sequence(value, "a list of conditions").map { .all($0.compactMap(condition)) }
        case "not": return condition(value).map(Condition.not)
        case "self-progressed-on": return reader.bool(value, key).map(Condition.selfProgressedOn)
        case "self-received": return reader.bool(value, key).map(Condition.selfReceived)
        case "self-stopped-for-toxicity": return reader.bool(value, key).map(Condition.selfStoppedForToxicity)
        default: return nil
        }
    }
}
