import Foundation
import Her2SimCore
import Yams

final class DoseModificationsDecoder {
    static let placeholders = ["action", "reference", "drug", "regimen", "toxicity", "grade", "instruction", "dose"]
    static let phrasePlaceholders = ["regimen", "drug", "dose"]

    let reader: YAMLReader
    let knowledge: Knowledge
    private var agentIDs: [String] = []

    init(reader: YAMLReader, knowledge: Knowledge) {
        self.reader = reader
        self.knowledge = knowledge
        var seen: Set<String> = []
        for regimen in knowledge.regimens {
            for agent in regimen.agents where seen.insert(agent.id).inserted { agentIDs.append(agent.id) }
        }
    }

    func decode(_ root: Node) -> DoseModificationTable? {
        guard
            let top = reader.mapping(
                root, "the dose-modification table",
                allowed: ["drugs", "rows", "situations", "actions", "effects", "notes"])
        else {
            return nil
        }
        top.rejectUnknownKeys()
        var drugs: [DoseDrug] = []
        if let node = top.required("drugs"), let items = reader.sequence(node, "the list of drugs") {
            for item in items {
                guard let drug = drug(item) else { continue }
                if drugs.contains(where: { $0.agent == drug.agent }) {
                    reader.error("drug '\(drug.agent)' is listed twice", at: item)
                }
                drugs.append(drug)
            }
        }
        var rows: [DoseModificationRow] = []
        if let node = top.required("rows"), let items = reader.sequence(node, "the list of rows") {
            for item in items {
                guard let row = row(item, drugs: drugs) else { continue }
                if rows.contains(where: { $0.id == row.id }) {
                    reader.error("row id '\(row.id)' is used twice", at: item)
                }
                rows.append(row)
            }
        }
        let situations = top.required("situations").map(self.situations) ?? [:]
        let phrases = top.required("actions").map(self.phrases) ?? [:]
        let effects = top["effects"].flatMap(self.effects) ?? .none
        var notes: [ToxicityNote] = []
        if let node = top["notes"], let items = reader.sequence(node, "the list of notes") {
            for item in items {
                guard let note = note(item) else { continue }
                if notes.contains(where: { $0.id == note.id }) {
                    reader.error("note id '\(note.id)' is used twice", at: item)
                }
                notes.append(note)
            }
        }
        return DoseModificationTable(
            drugs: drugs, rows: rows, situations: situations, phrases: phrases,
            effects: effects, notes: notes)
    }

    // MARK: - Notes

    /// One timeline note: id, optional agents, toxicity, grades, text and sources.
    private func note(_ node: Node) -> ToxicityNote? {
        guard
            let map = reader.mapping(
                node, "a note", allowed: ["id", "agents", "toxicity", "grades", "text", "sources"])
        else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { reader.string($0, "note id") }
        let agents = map["agents"].flatMap { reader.list($0, "a list of agent ids") }?.compactMap(agentID) ?? []
        let toxicity = map.required("toxicity").flatMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        var grades: Set<Int> = []
        if let gradesNode = map.required("grades"), let items = reader.list(gradesNode, "a list of CTCAE grades") {
            for item in items { if let grade = reader.int(item, "grade", in: 1...4) { grades.insert(grade) } }
        }
        let text = map.required("text").flatMap { reader.string($0, "the note") }
        let sources = map.required("sources").map(sourceList) ?? []
        if let sourcesNode = map["sources"], sources.isEmpty, !reader.hasErrors {
            reader.error("sources names at least one source", at: sourcesNode)
        }
        guard let id, let toxicity, let text, !sources.isEmpty else { return nil }
        return ToxicityNote(id: id, agents: agents, toxicity: toxicity, grades: grades, text: text, sources: sources)
    }

    // MARK: - Drugs

    private func drug(_ node: Node) -> DoseDrug? {
        let keys = ["agent", "name", "omit-as", "levels", "text", "sources", "section", "checked", "unverified"]
        guard let map = reader.mapping(node, "a drug", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let agent = map.required("agent").flatMap(agentID)
        let name = map.required("name").flatMap { reader.string($0, "drug name") }
        let omitAs = map["omit-as"].flatMap { reader.string($0, "omit-as id") }
        if let omitAs, let node = map["omit-as"], !omitAs.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) {
            reader.error("omit-as is an id of lower-case letters and hyphens (it becomes 'omit-\(omitAs)')", at: node)
        }
        var levels: [String] = []
        if let node = map.required("levels"), let values = reader.stringList(node, "dose levels") {
            levels = values
            if values.count < 2 {
                reader.error("levels lists the starting dose and at least one reduction", at: node)
            }
        }
        let common = documented(map)
        guard let agent, let name, let common else { return nil }
        return DoseDrug(
            agent: agent, name: name, omitAs: omitAs, levels: levels, text: common.text,
            sources: common.sources, section: common.section, checked: common.checked,
            unverified: common.unverified)
    }

    // MARK: - Rows

    private func row(_ node: Node, drugs: [DoseDrug]) -> DoseModificationRow? {
        let keys = [
            "id", "agents", "regimens", "toxicity", "grades", "heart-failure", "action", "second",
            "alternatives", "permanent", "text", "sources", "section", "checked", "unverified",
        ]
        guard let map = reader.mapping(node, "a row", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { reader.string($0, "row id") }
        var agents: [String] = []
        if let agentsNode = map.required("agents"), let items = reader.list(agentsNode, "a list of agent ids") {
            agents = items.compactMap(agentID)
            if items.isEmpty { reader.error("agents names at least one drug", at: agentsNode) }
        }
        var regimens: [String]?
        if let regimensNode = map["regimens"], let items = reader.list(regimensNode, "a list of regimen ids") {
            regimens = items.compactMap(regimenID)
            for (item, id) in zip(items, regimens ?? []) {
                let regimenAgents = knowledge.regimen(named: id)?.agents.map(\.id) ?? []
                if !agents.isEmpty, !agents.contains(where: regimenAgents.contains) {
                    reader.error(
                        "regimen '\(id)' contains none of the row's agents (\(agents.joined(separator: ", ")))",
                        at: item)
                }
            }
        }
        var toxicity: Toxicity?
        let toxicityNode = map.required("toxicity")
        if let toxicityNode, let text = reader.string(toxicityNode, "toxicity"), text != "any" {
            toxicity = reader.choice(toxicityNode, "toxicity", as: Toxicity.self)
        }
        var grades: Set<Int> = []
        if let gradesNode = map.required("grades"), let items = reader.list(gradesNode, "a list of CTCAE grades") {
            for item in items {
                guard let grade = reader.int(item, "grade", in: 1...4) else { continue }
                grades.insert(grade)
            }
        }
        let heartFailure = map["heart-failure"].flatMap { reader.bool($0, "heart-failure") } ?? false
        let actionNode = map.required("action")
        let action = actionNode.flatMap { reader.choice($0, "action", as: ManagementVerb.self) }
        let permanent = map["permanent"].flatMap { reader.bool($0, "permanent") } ?? false
        let rowDrugs = agents.compactMap { agent in drugs.first { $0.agent == agent } }
        if let action, let actionNode {
            check(action, at: actionNode, agents: agents, drugs: rowDrugs)
            if permanent, ![.omit, .discontinue].contains(action) {
                reader.error(
                    "a permanent row ends the drug for good: its action is omit or discontinue, not '\(action.rawValue)'",
                    at: actionNode)
            }
        }
        var second: (ManagementVerb, String)?
        if let secondNode = map["second"],
            let secondMap = reader.mapping(secondNode, "the second occurrence", allowed: ["action", "text"])
        {
            secondMap.rejectUnknownKeys()
            let verbNode = secondMap.required("action")
            let verb = verbNode.flatMap { reader.choice($0, "action", as: ManagementVerb.self) }
            let text = secondMap.required("text").flatMap { reader.string($0, "instruction") }
            if let verb, let verbNode { check(verb, at: verbNode, agents: agents, drugs: rowDrugs) }
            if let verb, let text { second = (verb, text) }
        }
        let reference = action.map { ManagementAction($0, drug: rowDrugs.first?.omitAs) }
        let alternatives =
            map["alternatives"].map {
                self.alternatives($0, reference: reference, grades: grades, drugs: drugs)
            } ?? []
        let common = documented(map)
        guard let id, let action, let common, !agents.isEmpty else { return nil }
        return DoseModificationRow(
            id: id, agents: agents, regimens: regimens, toxicity: toxicity, grades: grades, heartFailure: heartFailure,
            action: action, second: second, alternatives: alternatives, permanent: permanent, text: common.text,
            sources: common.sources, section: common.section, checked: common.checked, unverified: common.unverified)
    }

    /// `reduce` needs a drug with dose levels; `omit` a drug a regimen can go on without.
    private func check(_ verb: ManagementVerb, at node: Node, agents: [String], drugs: [DoseDrug]) {
        switch verb {
        case .reduce where !drugs.contains(where: { $0.levels.count >= 2 }):
            reader.error(
                "action reduce needs dose levels: list \(agents.first.map { "'\($0)'" } ?? "the drug") under drugs with its levels",
                at: node)
        case .omit where !drugs.contains(where: { $0.omitAs != nil }):
            reader.error(
                "action omit needs a drug a regimen can go on without: give \(agents.first.map { "'\($0)'" } ?? "the drug") an omit-as id under drugs",
                at: node)
        default: break
        }
    }

    private func alternatives(
        _ node: Node, reference: ManagementAction?, grades: Set<Int>,
        drugs: [DoseDrug]
    ) -> [ManagementAlternative] {
        let actionIDs = DoseModificationTable(drugs: drugs, rows: [], situations: [:], phrases: [:]).actionIDs
        guard
            let map = reader.mapping(
                node, "alternatives", shape: "a mapping of action: {tier, text}",
                allowed: actionIDs)
        else { return [] }
        var result: [ManagementAlternative] = []
        for entry in map.entries {
            guard let action = ManagementAction(id: entry.key), actionIDs.contains(entry.key) else {
                reader.error(
                    "unknown action '\(entry.key)'\(Suggestion.hint(for: entry.key, in: actionIDs)); actions are: \(actionIDs.joined(separator: ", "))",
                    at: entry.keyNode)
                continue
            }
            if action == reference {
                reader.error(
                    "'\(entry.key)' is the row's own action; alternatives name the other actions", at: entry.keyNode)
                continue
            }
            guard
                let alt = reader.mapping(
                    entry.value, "an alternative", shape: "a mapping with tier and text",
                    allowed: ["tier", "text", "sources"])
            else { continue }
            alt.rejectUnknownKeys()
            guard let tierNode = alt.required("tier"), let tier = reader.choice(tierNode, "tier", as: Tier.self) else {
                continue
            }
            // Continuing through grade 4 never ranks above holding it; through grade 3 at best conditional.
            if action.verb == .continue, let worst = grades.max(), worst >= 3 {
                let limit: Tier = worst >= 4 ? .notRecommended : .conditional
                if tier < limit {
                    reader.error(
                        "continuing through grade \(worst) can be at best \(limit.rawValue), not \(tier.rawValue)",
                        at: tierNode)
                }
            }
            let text = alt["text"].flatMap { reader.string($0, "reason") }
            if let text, let textNode = alt["text"] {
                checkPlaceholders(text, at: textNode, allowed: Self.placeholders)
            }
            let sources = alt["sources"].map(sourceList)
            result.append(ManagementAlternative(action: action, tier: tier, text: text, sources: sources))
        }
        return result
    }

    // MARK: - Situations, phrases, effects

    private func situations(_ node: Node) -> [ManagementSituationID: ManagementSituation] {
        var result: [ManagementSituationID: ManagementSituation] = [:]
        guard let items = reader.sequence(node, "the list of situations") else { return result }
        for item in items {
            guard let map = reader.mapping(item, "a situation", allowed: ["id", "tier", "text", "sources"]) else {
                continue
            }
            map.rejectUnknownKeys()
            let id = map.required("id").flatMap { reader.choice($0, "situation", as: ManagementSituationID.self) }
            let tier = map.required("tier").flatMap { reader.choice($0, "tier", as: Tier.self) }
            let text = map.required("text").flatMap { reader.string($0, "reason") }
            if let text, let textNode = map["text"] {
                checkPlaceholders(text, at: textNode, allowed: Self.placeholders)
            }
            let sources = map["sources"].map(sourceList) ?? []
            guard let id, let tier, let text else { continue }
            if result[id] != nil { reader.error("situation '\(id.rawValue)' is given twice", at: item) }
            result[id] = ManagementSituation(id: id, tier: tier, text: text, sources: sources)
        }
        let missing = ManagementSituationID.allCases.filter { result[$0] == nil }
        if !missing.isEmpty, !reader.hasErrors {
            reader.error("situations is missing \(missing.map(\.rawValue).joined(separator: ", "))", at: node)
        }
        return result
    }

    private func phrases(_ node: Node) -> [ManagementVerb: String] {
        var result: [ManagementVerb: String] = [:]
        guard
            let map = reader.mapping(
                node, "actions", shape: "a mapping of action: phrase",
                allowed: ManagementVerb.allCases.map(\.rawValue), keyNoun: "action")
        else {
            return result
        }
        map.rejectUnknownKeys()
        for entry in map.entries {
            guard let verb = ManagementVerb(rawValue: entry.key), let text = reader.string(entry.value, "phrase") else {
                continue
            }
            checkPlaceholders(text, at: entry.value, allowed: Self.phrasePlaceholders)
            result[verb] = text
        }
        let missing = ManagementVerb.allCases.filter { result[$0] == nil && map[$0.rawValue] == nil }
        if !missing.isEmpty {
            reader.error("actions is missing a phrase for \(missing.map(\.rawValue).joined(separator: ", "))", at: node)
        }
        return result
    }

    static let effectIDs = ["reduced-dose-recurrence", "reduced-dose-efficacy", "hold-weeks", "continue-worsening"]

    private func effects(_ node: Node) -> ManagementEffects? {
        guard let items = reader.sequence(node, "the list of effects") else { return nil }
        let errorsBefore = reader.diagnostics.count
        var figures: [String: ManagementEffects.Figure] = [:]
        for item in items {
            guard let map = reader.mapping(item, "an effect", allowed: ["id", "basis", "value", "text", "sources"])
            else {
                continue
            }
            map.rejectUnknownKeys()
            let id = map.required("id").flatMap { node in
                reader.identifier(
                    node, "effect", resolve: { Self.effectIDs.contains($0) ? $0 : nil },
                    candidates: { Self.effectIDs }, listedIn: "effects are: \(Self.effectIDs.joined(separator: ", "))")
            }
            if let basis = map.required("basis"), let text = reader.string(basis, "basis"),
                !["label", "assumption", "derived"].contains(text)
            {
                reader.error(
                    "unknown basis '\(text)'\(Suggestion.hint(for: text, in: ["label", "assumption", "derived"])); expected label, assumption or derived",
                    at: basis)
            }
            let value = map.required("value").flatMap { reader.number($0, "value", in: 0...52) }
            let text = map.required("text").flatMap { reader.string($0, "text") }
            let sources = map.required("sources").map(sourceList) ?? []
            guard let id, let value, let text else { continue }
            if id == "reduced-dose-recurrence" || id == "reduced-dose-efficacy", value > 1, let valueNode = map["value"]
            {
                reader.error(
                    "\(id) is a relative factor between 0 and 1; found \(ClinicalWording.number(value))", at: valueNode)
            }
            figures[id] = ManagementEffects.Figure(id: id, value: value, text: text, sources: sources)
        }
        let missing = Self.effectIDs.filter { figures[$0] == nil }
        if !missing.isEmpty {
            // An effect misspelt is already reported with its fix.
            if reader.diagnostics.count > errorsBefore { return nil }
            reader.error("effects is missing \(missing.joined(separator: ", "))", at: node)
            return nil
        }
        return ManagementEffects(
            reducedRecurrence: figures["reduced-dose-recurrence"]!,
            reducedEfficacy: figures["reduced-dose-efficacy"]!,
            holdWeeks: figures["hold-weeks"]!, continueWorsening: figures["continue-worsening"]!)
    }

    // MARK: - Shared pieces

    private struct Documented {
        var text: String
        var sources: [String]
        var section: String
        var checked: String
        var unverified: Bool
    }

    /// text, sources, section, checked and unverified: how every drug and row says where it comes from.
    private func documented(_ map: MappingReader) -> Documented? {
        let text = map.required("text").flatMap { reader.string($0, "the label's instruction") }
        let sources = map.required("sources").map(sourceList) ?? []
        if let node = map["sources"], sources.isEmpty, !reader.hasErrors {
            reader.error("sources names at least one label", at: node)
        }
        let section = map.required("section", why: "the label section it comes from").flatMap {
            reader.string($0, "section")
        }
        let checked = map.required("checked", why: "how it was verified against the label").flatMap {
            reader.string($0, "checked")
        }
        let unverified = map["unverified"].flatMap { reader.bool($0, "unverified") } ?? false
        guard let text, let section, let checked else { return nil }
        return Documented(text: text, sources: sources, section: section, checked: checked, unverified: unverified)
    }

    private func agentID(_ node: Node) -> String? {
        reader.identifier(
            node, "agent", resolve: { [agentIDs] in agentIDs.contains($0) ? $0 : nil },
            candidates: { [agentIDs] in agentIDs }, listedIn: "agents are listed in Scoring/regimens.yaml")
    }

    private func regimenID(_ node: Node) -> String? {
        reader.identifier(
            node, "regimen", resolve: { [knowledge] in knowledge.regimenIDs.contains(RegimenID($0)) ? $0 : nil },
            candidates: { [knowledge] in knowledge.regimenIDs.map(\.rawValue) })
    }

    private func sourceList(_ node: Node) -> [String] {
        guard let items = reader.list(node, "a list of source ids") else { return [] }
        return items.compactMap { item in
            reader.identifier(
                item, "source", resolve: { [knowledge] in knowledge.isSource($0) ? $0 : nil },
                candidates: { [knowledge] in knowledge.sourceIDs })
        }
    }

    /// Every `{name}` in a text must be one the engine fills.
    private func checkPlaceholders(_ text: String, at node: Node, allowed: [String]) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                reader.error("unclosed '{' in a text; placeholders are written {name}", at: node)
                return
            }
            let name = String(rest[rest.index(after: open)..<close])
            if !allowed.contains(name) {
                let offset = text.distance(from: text.startIndex, to: open)
                let location = reader.location(ofCharacter: offset, in: text, of: node)
                reader.report(
                    Diagnostic(
                        .error,
                        "unknown placeholder '{\(name)}'\(Suggestion.hint(for: name, in: allowed)); placeholders are: \(allowed.map { "{\($0)}" }.joined(separator: " "))",
                        at: location))
            }
            rest = rest[rest.index(after: close)...]
        }
    }
}
