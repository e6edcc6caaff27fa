import Her2SimCore
import Yams

/// Decoding of the guard keys that look at what happened on the path (`had`, `stopped`,
/// `response`, `months`), of guarded `findings`, and of the path keys an `on-choice` branch's
/// `when` may add to its `regimen` or `tier`.
extension CaseDecoder {
    /// Keys an on-choice `when` takes besides `tier` and `regimen`; `chosen` is left out there,
    /// since `regimen` already names the choice made at this decision.
    /// `again: true` holds when the regimen chosen here was given before on the path.
    static let branchGuardKeys = ["again", "received", "not-received"] + PathConditions.keys

    static let toxicityConditionKeys = ["toxicity", "grade", "on"]
    static let lineScopes = ["path", "last-line"]

    /// The `had`, `stopped`, `response` and `months` keys of a guard; `nil` when it has none.
    func pathConditions(_ map: MappingReader) -> PathConditions? {
        var result = PathConditions()
        if let node = map["had"] { result.had = toxicityCondition(node) }
        if let node = map["stopped"], let items = reader.list(node, "a list of stop reasons") {
            result.stopped = Set(items.compactMap { reader.choice($0, "stop reason", as: StopReason.self) })
        }
        if let node = map["response"], let items = reader.list(node, "a list of responses") {
            result.response = Set(items.compactMap(response))
        }
        if let node = map["months"] { result.months = comparison(node, "months", admits: nil) }
        if let node = map["brain"], let items = reader.list(node, "a list of brain-metastases states") {
            result.brain = Set(items.compactMap { reader.choice($0, "brain-metastases", as: BrainMetastases.self) })
        }
        return result.isEmpty ? nil : result
    }

    /// `had: ild`, `had: [ild, diarrhea]` (any grade), or `had: {toxicity: ild, grade: ">=2",
    /// on: last-line}`.
    private func toxicityCondition(_ node: Node) -> ToxicityCondition? {
        if case .mapping = node {
            guard
                let map = reader.mapping(
                    node, "had", shape: "{toxicity: ild, grade: \">=2\"}",
                    allowed: Self.toxicityConditionKeys)
            else { return nil }
            map.rejectUnknownKeys()
            guard let toxicities = map.required("toxicity", why: "the toxicity id, e.g. ild").flatMap(toxicityList)
            else { return nil }
            var condition = ToxicityCondition(toxicities: toxicities)
            if let gradeNode = map["grade"] {
                guard let grade = comparison(gradeNode, "grade", admits: 1...4) else { return nil }
                condition.grade = grade
            }
            if let scopeNode = map["on"], let scope = reader.string(scopeNode, "on") {
                guard Self.lineScopes.contains(scope) else {
                    reader.error(
                        "unknown scope '\(scope)'\(Suggestion.hint(for: scope, in: Self.lineScopes)); "
                            + "expected path (any line, the default) or last-line", at: scopeNode)
                    return nil
                }
                condition.lastLine = scope == "last-line"
            }
            return condition
        }
        return toxicityList(node).map { ToxicityCondition(toxicities: $0) }
    }

    private func toxicityList(_ node: Node) -> Set<Toxicity>? {
        guard let items = reader.list(node, "a list of toxicity ids") else { return nil }
        let toxicities = items.compactMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        return toxicities.count == items.count && !toxicities.isEmpty ? Set(toxicities) : nil
    }

    /// A response; `progressive` is read as `progression` (the RECIST word).
    private func response(_ node: Node) -> Response? {
        if case .scalar(let scalar) = node, scalar.string == "progressive" { return .progression }
        return reader.choice(node, "response", as: Response.self)
    }

    /// `">=2"`, `"<6"`, `3`: an operator and a number. With `admits`, a bound that no value of
    /// that range meets (a grade above 4) is an error, since the guard could never hold.
    private func comparison(_ node: Node, _ what: String, admits range: ClosedRange<Int>?) -> Comparison? {
        guard case .scalar(let scalar) = node, let parsed = Comparison(parsing: scalar.string) else {
            reader.error(
                "expected \(what) as a number with an optional comparison in quotes, such as \">=2\" "
                    + "or \"<6\", found \(reader.describe(node))", at: node)
            return nil
        }
        if let range, !parsed.admitsAny(of: range) {
            let bounds = "\(range.lowerBound) to \(range.upperBound)"
            reader.error(
                "\(what) '\(parsed)' can never hold: grades run from \(bounds)",
                at: node)
            return nil
        }
        if range == nil, parsed.value < 0 || (parsed.value == 0 && [.less, .atMost, .equal].contains(parsed.op)) {
            reader.error("\(what) '\(parsed)' can never hold: a line runs for more than 0 months", at: node)
            return nil
        }
        return parsed
    }

    /// The path keys of an on-choice `when` (besides `tier` or `regimen`); `nil` when none.
    func branchGuard(_ when: MappingReader) -> TurnGuard? {
        var result = TurnGuard(location: reader.location(of: when.node))
        result.received = when["received"].flatMap(regimenList).map(Set.init)
        result.notReceived = when["not-received"].flatMap(regimenList).map(Set.init)
        result.conditions = pathConditions(when)
        guard result.received != nil || result.notReceived != nil || result.conditions != nil else { return nil }
        return result
    }

    /// Events and `after-months` feed the simulator, so their guards cannot ask what it did.
    func rejectCourseGuards(_ guards: [TurnGuard], in what: String) {
        for guarded in guards where guarded.conditions != nil {
            let location = guarded.location ?? SourceLocation(file: reader.file, line: 1, column: 1)
            reader.report(
                Diagnostic(
                    .error,
                    "\(what) cannot use had, stopped, response, months or brain in its guard: "
                        + "they tell what the simulator did, and \(what) is placed before it runs; use "
                        + "chosen, received, not-received or tier", at: location))
        }
    }

    /// `findings:` as a mapping (every path) or a list of alternatives, each a findings mapping
    /// with an optional `when`; the first that holds wins, one without `when` is the fallback.
    func guardedFindings(_ node: Node) -> [Guarded<Findings>]? {
        guard case .sequence = node else {
            return findings(node).map { [Guarded(when: nil, value: $0, location: reader.location(of: node))] }
        }
        guard let items = reader.sequence(node, "a list of findings alternatives") else { return nil }
        if items.isEmpty { reader.error("findings needs at least one alternative", at: node) }
        var result: [Guarded<Findings>] = []
        var fallbackLine: Int?
        for item in items {
            guard case .mapping(let mapping) = item else {
                reader.error(
                    "expected a findings alternative (a mapping such as "
                        + "{when: {chosen: [tdxd]}, labs: {…}}), "
                        + "found \(reader.describe(item))", at: item)
                continue
            }
            let whenNode = mapping.first { $0.key.scalar?.string == "when" }?.value
            if whenNode == nil {
                if let fallbackLine {
                    reader.error(
                        "findings has a second alternative without 'when' "
                            + "(the first is on line \(fallbackLine)); "
                            + "only one fallback applies", at: item)
                }
                fallbackLine = fallbackLine ?? reader.location(of: item).line
            } else if let fallbackLine {
                reader.warning(
                    "these guarded findings come after the fallback on line \(fallbackLine); the first "
                        + "alternative that holds wins, so put the fallback last", at: item)
            }
            let when = whenNode.flatMap(turnGuard)
            guard let value = findings(item, also: ["when"]) else { continue }
            result.append(Guarded(when: when, value: value, location: reader.location(of: item)))
        }
        return result
    }
}
