import Her2SimCore
import Yams

/// Decodes `Scoring/regimens.yaml` and checks it against the trials already loaded.
final class RegimensDecoder {
    let reader: YAMLReader
    let isSource: (String) -> Bool
    let sourceIDs: [String]
    let evidenceOrder: [String]
    private var agents: [String: Agent] = [:]
    private var names: [String: (regimen: String, location: SourceLocation)] = [:]

    init(reader: YAMLReader, isSource: @escaping (String) -> Bool, sourceIDs: [String], evidenceOrder: [String]) {
        self.reader = reader
        self.isSource = isSource
        self.sourceIDs = sourceIDs
        self.evidenceOrder = evidenceOrder
    }

    func decode(_ root: Node) -> [Regimen] {
        guard let top = reader.mapping(root, "the regimens file", allowed: ["agents", "regimens"]) else { return [] }
        top.rejectUnknownKeys()
        if let node = top.required("agents"), let items = reader.sequence(node, "the list of agents") {
            for item in items { agent(item) }
        }
        guard let node = top.required("regimens"), let items = reader.sequence(node, "the list of regimens") else {
            return []
        }
        let regimens = items.compactMap(regimen)
        if regimens.count > 64 {
            reader.error("at most 64 regimens are supported; found \(regimens.count)", at: node)
        }
        return regimens
    }

    private func agent(_ node: Node) {
        guard let map = reader.mapping(node, "an agent", allowed: ["id", "name", "classes"]) else { return }
        map.rejectUnknownKeys()
        guard let idNode = map.required("id"), let id = reader.string(idNode, "agent id") else { return }
        let name = map.required("name").flatMap { reader.string($0, "agent name") } ?? id
        let classes = map["classes"].flatMap { reader.stringList($0, "drug classes") } ?? []
        if agents[id] != nil {
            reader.error("agent '\(id)' is defined twice", at: idNode)
        }
        agents[id] = Agent(id: id, name: name, classes: classes)
    }

    private func regimen(_ node: Node) -> Regimen? {
        let keys = [
            "id", "name", "aliases", "agents", "route", "visits", "schedule", "dose", "tags",
            "evidence", "toxicities", "notes",
        ]
        guard let map = reader.mapping(node, "a regimen", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        guard let idNode = map.required("id"), let id = reader.string(idNode, "regimen id") else { return nil }
        claim(id, for: id, at: idNode)
        let name = map.required("name").flatMap { reader.string($0, "regimen name") }
        var aliases: [String] = []
        if let node = map["aliases"], let items = reader.list(node, "a list of aliases") {
            for item in items {
                guard let alias = reader.string(item, "alias") else { continue }
                if alias != alias.lowercased() {
                    reader.error("alias '\(alias)' must be lower case (matching ignores case)", at: item)
                }
                claim(alias.lowercased(), for: id, at: item)
                aliases.append(alias.lowercased())
            }
        }
        var regimenAgents: [Agent] = []
        if let node = map["agents"], let items = reader.list(node, "a list of agent ids") {
            for item in items {
                guard let agentID = reader.string(item, "agent id") else { continue }
                if let agent = agents[agentID] {
                    regimenAgents.append(agent)
                } else {
                    reader.error(
                        "unknown agent '\(agentID)'\(Suggestion.hint(for: agentID, in: agents.keys)); agents are listed under 'agents:' at the top of this file",
                        at: item)
                }
            }
        }
        let route = map.required("route").flatMap { reader.choice($0, "route", as: Route.self) }
        let visits = map.required("visits").flatMap { reader.choice($0, "visit frequency", as: VisitFrequency.self) }
        let schedule = map.required("schedule").flatMap { reader.string($0, "schedule") } ?? ""
        let dose = map.required("dose").flatMap { reader.string($0, "dose") } ?? ""
        let ownTags = map["tags"].flatMap { reader.stringList($0, "tags") } ?? []
        let evidence = map.required("evidence").flatMap(self.evidence)
        let toxicities =
            map["toxicities"].flatMap(toxicityProfile)
            ?? ToxicityProfile(trial: nil, rates: [:], unverified: [], notes: nil)
        // A regimen with other errors is still returned (the load fails anyway), so that files
        // naming it do not report a cascade of "unknown regimen" errors.
        let evidenceOrPlaceholder = evidence ?? EvidenceLevel(strength: "", trials: [])
        var tags = Set(ownTags)
        for agent in regimenAgents {
            tags.insert(agent.id)
            tags.formUnion(agent.classes)
        }
        return Regimen(
            id: RegimenID(id), name: name ?? id, aliases: aliases, agents: regimenAgents, route: route ?? .none,
            visits: visits ?? .none, schedule: schedule, dose: dose, tags: tags,
            evidence: evidenceOrPlaceholder, toxicities: toxicities)
    }

    /// Ids and aliases share one namespace: a name must point at exactly one regimen.
    private func claim(_ name: String, for regimen: String, at node: Node) {
        if let existing = names[name] {
            let owner = existing.regimen == regimen ? "this regimen" : "regimen '\(existing.regimen)'"
            reader.error("'\(name)' is already used by \(owner) at \(existing.location)", at: node)
        } else {
            names[name] = (regimen, reader.location(of: node))
        }
    }

    private func evidence(_ node: Node) -> EvidenceLevel? {
        guard let map = reader.mapping(node, "the evidence", allowed: ["strength", "trials"]) else { return nil }
        map.rejectUnknownKeys()
        var strength: String?
        if let strengthNode = map.required("strength"), let text = reader.string(strengthNode, "evidence strength") {
            if evidenceOrder.isEmpty || evidenceOrder.contains(text) {
                strength = text
            } else {
                reader.error(
                    "unknown evidence strength '\(text)'\(Suggestion.hint(for: text, in: evidenceOrder)); expected one of rules.yaml's evidence-order: \(evidenceOrder.joined(separator: ", "))",
                    at: strengthNode)
            }
        }
        let trials = map["trials"].flatMap(citations) ?? []
        guard let strength else { return nil }
        return EvidenceLevel(strength: strength, trials: trials)
    }

    private func toxicityProfile(_ node: Node) -> ToxicityProfile? {
        guard let map = reader.mapping(node, "a toxicity profile", allowed: ["trial", "rates", "unverified", "notes"])
        else {
            return nil
        }
        map.rejectUnknownKeys()
        var trial: String?
        if let trialNode = map["trial"], case .scalar(let scalar) = trialNode, !reader.isNull(scalar) {
            trial = citation(trialNode)
        }
        var rates: [Toxicity: ToxicityRate] = [:]
        if let ratesNode = map["rates"], case .mapping = ratesNode,
            let ratesMap = reader.mapping(ratesNode, "toxicity rates", allowed: Toxicity.allCases.map(\.rawValue))
        {
            for entry in ratesMap.entries {
                guard let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self) else { continue }
                guard let rateMap = reader.mapping(entry.value, "a toxicity rate", allowed: ["any", "grade3"]) else {
                    continue
                }
                rateMap.rejectUnknownKeys()
                let any = rateMap["any"].flatMap { reader.number($0, "any-grade rate (%)", in: 0...100) }
                let severe = rateMap["grade3"].flatMap { reader.number($0, "grade ≥3 rate (%)", in: 0...100) }
                if any == nil, severe == nil {
                    reader.error(
                        "a toxicity rate needs 'any' (any grade, %) or 'grade3' (grade ≥3, %)", at: entry.value)
                    continue
                }
                if let severe, let any, severe > any {
                    reader.error("grade ≥3 rate \(severe)% exceeds the any-grade rate \(any)%", at: entry.value)
                }
                rates[toxicity] = ToxicityRate(anyGrade: any, grade3OrHigher: severe)
            }
        } else if let ratesNode = map["rates"], case .scalar(let scalar) = ratesNode, reader.isNull(scalar) {
            // an explicitly empty profile
        } else if let ratesNode = map["rates"] {
            reader.error(
                "expected toxicity rates (a mapping of toxicity: {any, grade3}), found \(reader.describe(ratesNode))",
                at: ratesNode)
        }
        var unverified: [Toxicity] = []
        if let node = map["unverified"], let items = reader.list(node, "a list of toxicities") {
            unverified = items.compactMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        }
        let notes = map["notes"].flatMap { reader.string($0, "notes") }
        return ToxicityProfile(trial: trial, rates: rates, unverified: unverified, notes: notes)
    }

    private func citations(_ node: Node) -> [String]? {
        guard let items = reader.list(node, "a list of trial ids") else { return nil }
        return items.compactMap(citation)
    }

    private func citation(_ node: Node) -> String? {
        reader.identifier(node, "trial or source", resolve: { isSource($0) ? $0 : nil }, candidates: { sourceIDs })
    }
}
