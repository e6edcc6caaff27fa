import Foundation
import Her2SimCore
import Yams

/// Decodes one case script, reporting every problem with its position and a did-you-mean.
final class CaseDecoder {
    static let topKeys = [
        "id", "title", "summary", "difficulty", "minutes", "objectives", "references", "patient", "history", "turns",
        "manage", "confidence",
    ]
    static let turnKeys = [
        "id", "narrative", "findings", "events", "after-months", "decide", "answer", "objectives", "teaching",
        "on-choice",
        "confidence",
    ]
    static let eventKeys = [
        "toxicity", "progression", "response", "lvef", "ecog", "trial-available", "preference",
        "preference-withdrawn", "hepatic-impairment", "heart-failure",
    ]

    /// Events `at-month` cannot place: the simulator times them.
    static let untimedEvents: Set<String> = ["toxicity", "response", "lvef"]

    /// Why each top-level key is needed, for "the case is missing 'title' (…)".
    static let topKeyPurposes: [String: String] = [
        "id": "a unique id such as hb-401; 'start hb-401' plays the case",
        "title": "one line, shown in 'her2sim cases'",
        "summary": "two or three sentences for the case list and the quiz",
        "difficulty": "introductory, intermediate or advanced",
        "minutes": "the expected playing time",
        "objectives": "what the case teaches",
        "references": "the trials and sources it rests on, from Scoring/trials.yaml",
        "patient": "her state when the case begins",
        "history": "her lines of therapy so far, oldest first; [] if none",
        "turns": "the decisions, in order",
    ]

    let reader: YAMLReader
    let knowledge: Knowledge
    private var objectiveIDs: [String] = []
    /// Turn ids as read, for "already used by turn 1 (line 44)".
    private var turnIDs: [String: (number: Int, line: Int)] = [:]

    init(reader: YAMLReader, knowledge: Knowledge) {
        self.reader = reader
        self.knowledge = knowledge
    }

    func decode(_ root: Node) -> CaseScript? {
        guard
            let top = reader.mapping(
                root, "the case", shape: "a mapping with id, title, summary, patient, history, turns…",
                allowed: Self.topKeys)
        else {
            return nil
        }
        top.rejectUnknownKeys()
        func required(_ key: String) -> Node? { top.required(key, why: Self.topKeyPurposes[key]) }
        let id = required("id").flatMap(caseID)
        let title = required("title").flatMap { reader.string($0, "title") }
        let summary = required("summary").flatMap { reader.string($0, "summary") }
        let difficulty = required("difficulty").flatMap { reader.choice($0, "difficulty", as: Difficulty.self) }
        let minutes = required("minutes").flatMap { reader.int($0, "minutes", in: 1...240, unit: "minutes") }
        let objectives = required("objectives").flatMap(self.objectives) ?? []
        objectiveIDs = objectives.map(\.id)
        let references = required("references").flatMap(self.references) ?? []
        let state = StateDecoder(reader: reader, knowledge: knowledge)
        let history = required("history").flatMap(state.history) ?? []
        let patient = required("patient").flatMap {
            state.patient($0, history: history, anchor: top.keyNode("patient"))
        }
        var turns: [CaseTurn] = []
        if let turnsNode = required("turns"), let items = reader.sequence(turnsNode, "the turns") {
            if items.isEmpty { reader.error("a case needs at least one turn", at: turnsNode) }
            for (index, item) in items.enumerated() {
                if let turn = turn(item, number: index + 1) { turns.append(turn) }
            }
            if !turns.isEmpty, !turns.contains(where: \.decides) {
                reader.error("no turn has 'decide: regimen'; a case needs at least one decision", at: turnsNode)
            }
            // Events up to the first decision apply when the case begins: there is no interval yet.
            let opening = turns.prefix { !$0.decides } + turns.drop { !$0.decides }.prefix(1)
            for turn in opening {
                for event in turn.scriptedEvents where event.atMonth != nil {
                    reader.report(
                        Diagnostic(
                            .error,
                            "at-month places an event in the interval after a decision, but turn '\(turn.id)' comes before the first decision (its events apply when the case begins); remove at-month",
                            at: event.location ?? turn.location))
                }
            }
        }
        var manageAuto = false
        if let manageNode = top["manage"], let text = reader.string(manageNode, "manage") {
            switch text {
            case "auto": manageAuto = true
            case "scripted": break
            default:
                reader.error(
                    "unknown manage '\(text)'\(Suggestion.hint(for: text, in: ["auto", "scripted"])); expected auto (offer a management decision for a grade 3 or 4 toxicity on a responding regimen) or scripted",
                    at: manageNode)
            }
        }
        let confidence = top["confidence"].flatMap { reader.choice($0, "confidence", as: ConfidencePrompt.self) }
        guard let id, let title, let summary, let difficulty, let minutes, let patient, !reader.hasErrors else {
            return nil
        }
        var script = CaseScript(
            id: id, title: title, summary: summary, difficulty: difficulty, minutes: minutes,
            objectives: objectives, references: references, initialState: patient, turns: turns,
            file: reader.file, idLocation: top["id"].map(reader.location(of:)) ?? reader.location(of: root),
            referenceLocations: referenceLocations, confidence: confidence)
        script.manageAuto = manageAuto
        return script
    }

    // MARK: - Header

    private func caseID(_ node: Node) -> String? {
        guard let id = reader.string(node, "case id") else { return nil }
        if Self.isValidCaseID(id) { return id }
        // The nearest valid id: lower case, with spaces and underscores as hyphens.
        let repaired = String(
            id.lowercased().map { $0 == " " || $0 == "_" ? "-" : $0 }
                .filter { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
                .drop { $0 == "-" })
        let example = Self.isValidCaseID(repaired) ? "did you mean '\(repaired)'?" : "e.g. hb-401"
        reader.error("case id '\(id)' may contain only lower-case letters, digits and hyphens (\(example))", at: node)
        return nil
    }

    static func isValidCaseID(_ id: String) -> Bool {
        !id.isEmpty && !id.hasPrefix("-")
            && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    private func objectives(_ node: Node) -> [Objective]? {
        guard let items = reader.sequence(node, "a list of objectives") else { return nil }
        if items.isEmpty { reader.error("a case needs at least one objective", at: node) }
        var result: [Objective] = []
        var seen: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            if case .scalar = item, let text = reader.string(item, "objective") {
                result.append(Objective(id: String(index + 1), text: text, location: reader.location(of: item)))
                continue
            }
            guard
                let map = reader.mapping(
                    item, "an objective", shape: "text, or a mapping with id and text",
                    allowed: ["id", "text"])
            else { continue }
            map.rejectUnknownKeys()
            guard let idNode = map.required("id"), let id = reader.string(idNode, "objective id"),
                let text = map.required("text").flatMap({ reader.string($0, "objective text") })
            else { continue }
            if let firstLine = seen[id] {
                reader.error("objective id '\(id)' is used twice (first on line \(firstLine))", at: idNode)
            } else {
                seen[id] = reader.location(of: idNode).line
            }
            result.append(Objective(id: id, text: text, location: reader.location(of: item)))
        }
        return result
    }

    private(set) var referenceLocations: [String: SourceLocation] = [:]

    private func references(_ node: Node) -> [String]? {
        guard let items = reader.list(node, "a list of trial or source ids") else { return nil }
        return items.compactMap { item in
            let id = reader.identifier(
                item, "reference", resolve: { knowledge.isSource($0) ? $0 : nil },
                candidates: { knowledge.sourceIDs },
                listedIn: "trial and source ids are listed in Scoring/trials.yaml")
            if let id { referenceLocations[id] = reader.location(of: item) }
            return id
        }
    }

    // MARK: - Turns

    private func turn(_ node: Node, number: Int) -> CaseTurn? {
        guard let map = reader.mapping(node, "turn \(number)", allowed: Self.turnKeys) else { return nil }
        map.rejectUnknownKeys()
        let idNode = map["id"]
        let id = idNode.flatMap { reader.string($0, "turn id") } ?? "t\(number)"
        let idLocation = reader.location(of: idNode ?? node)
        if let first = turnIDs[id] {
            let message =
                idNode == nil
                ? "turn \(number) has no id, so its id is '\(id)', which turn \(first.number) (line \(first.line)) already uses; give one of them another id"
                : "turn id '\(id)' is already used by turn \(first.number) (line \(first.line))"
            reader.report(Diagnostic(.error, message, at: idLocation))
        } else {
            turnIDs[id] = (number, idLocation.line)
        }
        let narratives =
            map.required("narrative", why: "what the fellow reads")
            .flatMap { guardedTexts($0, "narrative", item: template) } ?? []
        let narrative = narratives.first { $0.when == nil }?.value ?? narratives.first?.value
        let findingsAlternatives = map["findings"].flatMap(guardedFindings) ?? []
        let findings =
            findingsAlternatives.first { $0.when == nil }?.value ?? findingsAlternatives.first?.value ?? Findings()
        let scriptedEvents = map["events"].flatMap { self.scriptedEvents($0, guards: true) } ?? []
        let events = scriptedEvents.filter { $0.when == nil }.map(\.event)
        var afterMonths: Double?
        var afterMonthsAlternatives: [Guarded<Double>] = []
        if let node = map["after-months"] {
            if case .sequence = node {
                afterMonthsAlternatives = guardedAlternatives(node, "after-months", valueKey: "months") {
                    self.reader.number($0, "after-months", in: 0...240)
                }
            } else {
                afterMonths = reader.number(node, "after-months", in: 0...240)
            }
        }
        var decides = false
        var manages = false
        // Only a valid 'decide: none' makes an answer or on-choice out of place: after a missing
        // or misspelt decide, they would only repeat that error.
        var decidesNone = false
        let decideNode = map.required(
            "decide",
            message: "turn \(number) needs 'decide: regimen' (or 'decide: none' for a turn without a decision)")
        if let decideNode, let decide = reader.string(decideNode, "decide") {
            switch decide {
            case "regimen": decides = true
            case "none": decidesNone = true
            case "management": manages = true
            default:
                reader.error(
                    "unknown decide '\(decide)'\(Suggestion.hint(for: decide, in: ["regimen", "none", "management"])); expected regimen, management or none",
                    at: decideNode)
            }
        }
        var answers: [Guarded<[RegimenID]>] = []
        if let node = map["answer"] {
            if case .sequence(let items) = node, !items.isEmpty,
                items.allSatisfy({ if case .mapping = $0 { true } else { false } })
            {
                answers = guardedAlternatives(node, "answer", valueKey: "regimens", item: regimenList)
            } else if let list = regimenList(node) {
                answers = [Guarded(when: nil, value: list, location: reader.location(of: node))]
            }
        }
        let answer = answers.first { $0.when == nil }?.value ?? []
        let objectives = map["objectives"].flatMap(objectiveReferences) ?? []
        let teachings =
            map["teaching"].flatMap { guardedTexts($0, "teaching") { self.reader.string($0, "teaching") } } ?? []
        let teaching = teachings.first { $0.when == nil }?.value ?? teachings.first?.value ?? ""
        if manages {
            if let answerNode = map["answer"] {
                reader.error(
                    "'answer' needs 'decide: regimen'; the labels decide a management turn's answer", at: answerNode)
            }
            if let branchNode = map["on-choice"] { reader.error("'on-choice' needs 'decide: regimen'", at: branchNode) }
        }
        if decides || manages, map["teaching"] == nil {
            reader.error(
                "turn \(number) decides but has no 'teaching' (shown after the decision)", at: map.anchor ?? node)
        }
        let branches = map["on-choice"].flatMap(self.branches) ?? []
        let confidence = map["confidence"].flatMap { reader.choice($0, "confidence", as: ConfidencePrompt.self) }
        if decidesNone {
            if let answerNode = map["answer"] { reader.error("'answer' needs 'decide: regimen'", at: answerNode) }
            if let branchNode = map["on-choice"] { reader.error("'on-choice' needs 'decide: regimen'", at: branchNode) }
            if let node = map["confidence"] {
                reader.error("'confidence' needs 'decide: regimen' (it is asked after a decision)", at: node)
            }
        }
        guard let narrative else { return nil }
        let narrativeNode = map["narrative"].map(fallbackTextNode)
        var turn = CaseTurn(
            id: id, afterMonths: afterMonths, narrative: narrative, findings: findings, events: events,
            decides: decides, answer: answer, objectives: objectives, teaching: teaching,
            branches: branches, location: reader.location(of: node),
            narrativeLocation: narrativeNode.map(reader.location(of:)) ?? reader.location(of: node),
            answerLocation: map["answer"].map(reader.location(of:)),
            narrativeSource: narrativeNode.map(sourceLines(of:)) ?? [])
        turn.manages = manages
        turn.narratives = narratives
        turn.answers = answers
        turn.teachings = teachings
        turn.scriptedEvents = scriptedEvents
        turn.afterMonthsAlternatives = afterMonthsAlternatives
        turn.findingsAlternatives = findingsAlternatives
        rejectCourseGuards(scriptedEvents.compactMap(\.when), in: "an event")
        rejectCourseGuards(afterMonthsAlternatives.compactMap(\.when), in: "after-months")
        turn.teachingSource = map["teaching"].map(fallbackTextNode).map(sourceLines(of:)) ?? []
        turn.teachingLocation = map["teaching"].map(fallbackTextNode).map(reader.location(of:))
        turn.confidence = confidence
        return turn
    }

    // MARK: - Guards

    /// A text field: a plain string (one unguarded alternative) or a list of `{when, text}`.
    private func guardedTexts<Value>(_ node: Node, _ what: String, item: (Node) -> Value?) -> [Guarded<Value>]? {
        if case .sequence = node { return guardedAlternatives(node, what, valueKey: "text", item: item) }
        return item(node).map { [Guarded(when: nil, value: $0, location: reader.location(of: node))] }
    }

    /// A list of alternatives, each a mapping with an optional `when` and `valueKey`.
    private func guardedAlternatives<Value>(
        _ node: Node, _ what: String, valueKey: String,
        item: (Node) -> Value?
    ) -> [Guarded<Value>] {
        guard let items = reader.sequence(node, "a list of \(what) alternatives") else { return [] }
        if items.isEmpty { reader.error("\(what) needs at least one alternative", at: node) }
        var result: [Guarded<Value>] = []
        var fallbackLine: Int?
        for entry in items {
            guard
                let map = reader.mapping(
                    entry, "a \(what) alternative",
                    shape: "a mapping such as {when: {chosen: [tdxd]}, \(valueKey): ...}",
                    allowed: ["when", valueKey])
            else { continue }
            map.rejectUnknownKeys()
            let when = map["when"].flatMap(turnGuard)
            if map["when"] == nil {
                if let fallbackLine {
                    reader.error(
                        "\(what) has a second alternative without 'when' (the first is on line \(fallbackLine)); only one fallback applies",
                        at: entry)
                }
                fallbackLine = fallbackLine ?? reader.location(of: entry).line
            } else if let fallbackLine {
                reader.warning(
                    "this guarded \(what) comes after the fallback on line \(fallbackLine); the first alternative that holds wins, so put the fallback last",
                    at: entry)
            }
            guard let valueNode = map.required(valueKey), let value = item(valueNode) else { continue }
            result.append(Guarded(when: when, value: value, location: reader.location(of: entry)))
        }
        return result
    }

    /// `when: {chosen: [...], received: [...], received-all: [...], not-received: [...], tier: [...]}`.
    func turnGuard(_ node: Node) -> TurnGuard? {
        guard
            let map = reader.mapping(
                node, "a guard",
                shape:
                    "{chosen: [...]}, {received: [...]}, {received-all: [...]}, {not-received: [...]} or {tier: [...]}",
                allowed: TurnGuard.keys)
        else { return nil }
        map.rejectUnknownKeys()
        var result = TurnGuard(location: reader.location(of: node))
        result.chosen = map["chosen"].flatMap(regimenList).map(Set.init)
        result.received = map["received"].flatMap(regimenList).map(Set.init)
        result.receivedAll = map["received-all"].flatMap(regimenList).map(Set.init)
        result.notReceived = map["not-received"].flatMap(regimenList).map(Set.init)
        if let tierNode = map["tier"], let items = reader.list(tierNode, "a list of tiers") {
            result.tiers = Set(items.compactMap { reader.choice($0, "tier", as: Tier.self) })
        }
        result.conditions = pathConditions(map)
        if map.entries.isEmpty {
            reader.error("a guard needs one of: \(TurnGuard.keys.joined(separator: ", "))", at: node)
            return nil
        }
        return result
    }

    /// The node of a text field's fallback text (or of its first alternative), for locations.
    private func fallbackTextNode(_ node: Node) -> Node {
        guard case .sequence(let items) = node else { return node }
        let texts = items.compactMap { item -> (Bool, Node)? in
            guard case .mapping(let mapping) = item,
                let text = mapping.first(where: { $0.key.scalar?.string == "text" })?.value
            else { return nil }
            return (mapping.contains { $0.key.scalar?.string == "when" }, text)
        }
        return (texts.first { !$0.0 } ?? texts.first)?.1 ?? node
    }

    /// The lines a scalar is written on: its own line (unless it is block text, which starts
    /// below its `|` or `>`) and the more-indented or blank lines that follow it.
    private func sourceLines(of node: Node) -> [SourceLine] {
        let lines = reader.sourceLines
        let start = reader.location(of: node).line
        guard start >= 1, start <= lines.count, case .scalar(let scalar) = node else { return [] }
        let indent = { (line: Substring) in line.prefix { $0 == " " }.count }
        // The key's own column: "  - narrative: |" puts the turn's keys at 4, not 2.
        var keyIndent = indent(lines[start - 1])
        while lines[start - 1].dropFirst(keyIndent).hasPrefix("- ") { keyIndent += 2 }
        var result: [SourceLine] = []
        if scalar.style != .literal, scalar.style != .folded {
            result.append(SourceLine(line: start, text: String(lines[start - 1])))
        }
        var index = start
        while index < lines.count {
            let line = lines[index]
            let blank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            if !blank, indent(line) <= keyIndent { break }
            result.append(SourceLine(line: index + 1, text: String(line)))
            index += 1
        }
        return result
    }

    private func template(_ node: Node) -> NarrativeTemplate? {
        guard let text = reader.string(node, "narrative") else { return nil }
        let parsed = NarrativeTemplate.parse(text)
        let names = NarrativeTemplate.Placeholder.allCases.map(\.rawValue)
        for unknown in parsed.unknown {
            let location = reader.location(ofCharacter: unknown.offset, in: text, of: node)
            let hint = Suggestion.hint(
                for: unknown.name.trimmingCharacters(in: .whitespaces), in: names, display: { "{\($0)}" })
            reader.report(
                Diagnostic(
                    .error,
                    "unknown placeholder '{\(unknown.name)}'\(hint); expected one of: \(names.map { "{\($0)}" }.joined(separator: ", "))",
                    at: location))
        }
        return parsed.template
    }

    // MARK: - Findings

    func findings(_ node: Node, also extra: [String] = []) -> Findings? {
        guard let map = reader.mapping(node, "findings", allowed: ["labs", "imaging", "symptoms"] + extra) else {
            return nil
        }
        map.rejectUnknownKeys()
        var labs: [(lab: Lab, value: Double)] = []
        if let labsNode = map["labs"],
            let labsMap = reader.mapping(
                labsNode, "labs", shape: "a mapping such as {platelets: 85, alt: 120}",
                allowed: Lab.allCases.map(\.rawValue))
        {
            for entry in labsMap.entries {
                guard let lab = reader.choice(entry.keyNode, "lab", as: Lab.self),
                    let value = reader.number(entry.value, "\(lab.rawValue) (\(lab.unit))", in: lab.plausibleRange)
                else { continue }
                labs.append((lab, value))
            }
        }
        let imaging = map["imaging"].flatMap { reader.stringList($0, "imaging reports") } ?? []
        let symptoms = map["symptoms"].flatMap { reader.stringList($0, "symptoms") } ?? []
        return Findings(labs: labs, imaging: imaging, symptoms: symptoms)
    }

    // MARK: - Events

    func events(_ node: Node) -> [ClinicalEvent]? {
        scriptedEvents(node, guards: false)?.map(\.event)
    }

    /// Events; with `guards`, each may also carry `when:` (on the actual path) and `at-month:`.
    func scriptedEvents(_ node: Node, guards: Bool) -> [ScriptedEvent]? {
        guard let items = reader.sequence(node, "a list of events") else { return nil }
        var result: [ScriptedEvent] = []
        let extra = guards ? ["when", "at-month"] : []
        for item in items {
            guard
                let map = reader.mapping(
                    item, "an event", shape: "a one-key mapping such as toxicity: {diarrhea: 3}",
                    allowed: Self.eventKeys + extra, keyNoun: "event")
            else { continue }
            map.rejectUnknownKeys()
            let when = guards ? map["when"].flatMap(turnGuard) : nil
            let atMonth = guards ? map["at-month"].flatMap { reader.number($0, "at-month", in: 0...240) } : nil
            let entries = map.entries.filter { !extra.contains($0.key) }
            if entries.isEmpty {
                reader.error("an event needs one key, such as toxicity: {diarrhea: 3}", at: item)
            } else if entries.count > 1 {
                // Usually a forgotten '- ': point at the key that should start its own event.
                let names = entries.map { "'\($0.key)'" }
                let extra = names.dropFirst()
                let count = entries.count == 2 ? "two" : String(entries.count)
                let listed = names.dropLast().joined(separator: ", ") + " and " + names.last!
                let fix =
                    extra.count == 1
                    ? "put \(extra.first!) on its own '- ' line"
                    : "put \(extra.dropLast().joined(separator: ", ")) and \(extra.last!) on their own '- ' lines"
                reader.error("this event has \(count) keys, \(listed); \(fix)", at: entries[1].keyNode)
            }
            if let atNode = map["at-month"], let timed = entries.first(where: { Self.untimedEvents.contains($0.key) }) {
                reader.error(
                    "at-month cannot place \(timed.key == "lvef" ? "an LVEF change" : "a \(timed.key)"): the simulator times toxicities, responses and LVEF changes (from her onset for each) and applies the dose rules; remove at-month",
                    at: atNode)
            }
            for entry in entries where Self.eventKeys.contains(entry.key) {
                result += event(entry.key, entry.value).map {
                    ScriptedEvent(when: when, event: $0, atMonth: atMonth, location: reader.location(of: item))
                }
            }
        }
        return result
    }

    private func event(_ key: String, _ value: Node) -> [ClinicalEvent] {
        switch key {
        case "toxicity":
            let state = StateDecoder(reader: reader, knowledge: knowledge)
            guard case .mapping = value else {
                reader.error(
                    "expected a toxicity and its grade, e.g. toxicity: {diarrhea: 3}, found \(reader.describe(value))",
                    at: value)
                return []
            }
            guard let grades = state.toxicities(value), case .mapping(let mapping) = value else { return [] }
            return mapping.compactMap { pair in
                guard let name = pair.key.scalar?.string, let toxicity = Toxicity(rawValue: name) else { return nil }
                return .toxicity(toxicity, grade: grades[toxicity])
            }
        case "progression":
            if case .scalar(let scalar) = value, reader.isNull(scalar) || scalar.string == "true" {
                return [.progression(newSites: [], brainMetastases: nil)]
            }
            guard
                let map = reader.mapping(
                    value, "a progression", shape: "true, or a mapping such as {new-sites: [liver]}",
                    allowed: ["new-sites", "brain-metastases"])
            else { return [] }
            map.rejectUnknownKeys()
            var sites: [String] = []
            if let sitesNode = map["new-sites"], let items = reader.list(sitesNode, "a list of new sites") {
                for item in items {
                    guard let site = reader.string(item, "site") else { continue }
                    if StateDecoder.sites.contains(site) {
                        sites.append(site)
                    } else {
                        reader.error(
                            "unknown site '\(site)'\(Suggestion.hint(for: site, in: StateDecoder.sites)); expected one of: \(StateDecoder.sites.joined(separator: ", "))",
                            at: item)
                    }
                }
            }
            var brain = map["brain-metastases"].flatMap {
                reader.choice($0, "brain-metastases", as: BrainMetastases.self)
            }
            if brain == nil, sites.contains("brain") { brain = .active }
            return [.progression(newSites: sites.filter { $0 != "brain" }, brainMetastases: brain)]
        case "response": return reader.choice(value, "response", as: Response.self).map { [.response($0)] } ?? []
        case "lvef": return reader.int(value, "lvef", in: 5...90, unit: "percent").map { [.lvef($0)] } ?? []
        case "ecog": return reader.int(value, "ecog", in: 0...4).map { [.ecog($0)] } ?? []
        case "trial-available": return reader.bool(value, "trial-available").map { [.trialAvailable($0)] } ?? []
        case "preference":
            return reader.choice(value, "preference", as: Preference.self).map { [.preference($0)] } ?? []
        case "preference-withdrawn":
            return reader.choice(value, "preference", as: Preference.self).map { [.preferenceWithdrawn($0)] } ?? []
        case "hepatic-impairment":
            return reader.choice(value, "hepatic-impairment", as: HepaticImpairment.self).map {
                [.hepaticImpairment($0)]
            } ?? []
        case "heart-failure": return reader.bool(value, "heart-failure").map { [.heartFailure($0)] } ?? []
        default: return []
        }
    }

    // MARK: - Decisions

    func regimenList(_ node: Node) -> [RegimenID]? {
        guard let items = reader.list(node, "a list of regimen ids") else { return nil }
        return items.compactMap { item in reader.regimen(item, knowledge: knowledge) }
    }

    private func objectiveReferences(_ node: Node) -> [String]? {
        guard let items = reader.list(node, "a list of objective ids") else { return nil }
        return items.compactMap { item in
            guard let text = reader.string(item, "objective id") else { return nil }
            if objectiveIDs.contains(text) { return text }
            let listed =
                objectiveIDs.isEmpty
                ? "the case lists no objectives" : "this case's objectives are: \(objectiveIDs.joined(separator: ", "))"
            reader.error(
                "unknown objective '\(text)'\(Suggestion.hint(for: text, in: objectiveIDs)); \(listed)", at: item)
            return nil
        }
    }

    private func branches(_ node: Node) -> [ChoiceBranch]? {
        guard let items = reader.sequence(node, "a list of choice branches") else { return nil }
        return items.compactMap(branch)
    }

    private func branch(_ node: Node) -> ChoiceBranch? {
        guard let map = reader.mapping(node, "a choice branch", allowed: ["when", "narrative", "events", "end"]) else {
            return nil
        }
        map.rejectUnknownKeys()
        var condition: ChoiceBranch.Condition?
        var pathGuard: TurnGuard?
        var again: Bool?
        if let whenNode = map.required("when"),
            let when = reader.mapping(
                whenNode, "a branch condition", shape: "{tier: [...]} or {regimen: [...]}",
                allowed: ["tier", "regimen"] + Self.branchGuardKeys)
        {
            when.rejectUnknownKeys()
            if when["tier"] != nil, when["regimen"] != nil {
                reader.error("a branch matches either tier or regimen, not both; write two branches", at: whenNode)
            } else if let tierNode = when["tier"], let items = reader.list(tierNode, "a list of tiers") {
                let tiers = items.compactMap { reader.choice($0, "tier", as: Tier.self) }
                if tiers.count == items.count { condition = .tiers(Set(tiers)) }
            } else if let regimenNode = when["regimen"], let regimens = regimenList(regimenNode) {
                condition = .regimens(Set(regimens))
            } else if let guarded = branchGuard(when) {
                pathGuard = guarded
                condition = .tiers(Set(Tier.allCases))
            } else if when["tier"] == nil, when["regimen"] == nil, when["again"] == nil {
                reader.error("a branch condition needs tier or regimen", at: whenNode)
            }
            if condition != nil, pathGuard == nil { pathGuard = branchGuard(when) }
            again = when["again"].flatMap { reader.bool($0, "again") }
            if condition == nil, again != nil, when["tier"] == nil, when["regimen"] == nil {
                condition = .tiers(Set(Tier.allCases))
            }
        }
        let narrative = map["narrative"].flatMap(template)
        let events = map["events"].flatMap(self.events) ?? []
        let ends = map["end"].flatMap { reader.bool($0, "end") } ?? false
        if map["narrative"] == nil, map["events"] == nil, map["end"] == nil {
            reader.error("a branch needs narrative, events or end: true", at: node)
        }
        guard let condition else { return nil }
        return ChoiceBranch(
            condition: condition, narrative: narrative, events: events, ends: ends,
            location: reader.location(of: node), pathGuard: pathGuard, again: again)
    }
}
