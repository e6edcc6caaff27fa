/// A toxicity-management decision: a new toxicity on the current regimen.
public struct ManagementDecision: Hashable, Sendable {
    /// Canonical id of the regimen she is on.
    public var regimen: RegimenID
    /// Months on it so far.
    public var months: Double
    public var toxicity: Toxicity
    public var grade: Int
    /// 1 = the first time on this regimen.
    public var occurrence: Int
    /// Symptomatic heart failure with it (LVEF events).
    public var heartFailure: Bool

    public init(
        regimen: RegimenID, months: Double = 0, toxicity: Toxicity, grade: Int, occurrence: Int = 1,
        heartFailure: Bool = false
    ) {
        self.regimen = regimen
        self.months = months
        self.toxicity = toxicity
        self.grade = grade
        self.occurrence = occurrence
        self.heartFailure = heartFailure
    }
}

/// One action as ranked for one decision.
public struct ManagementOption: Hashable, Sendable {
    public var action: ManagementAction
    public var tier: Tier
    /// 1-based; follows tier first.
    public var rank: Int
    public var reasons: [Reason]
}

/// The reference's answer to "what do you do with the current regimen?": every action once, best first.
public struct ManagementRecommendation: Hashable, Sendable {
    public var decision: ManagementDecision
    /// The label row that decided it.
    public var row: DoseModificationRow
    /// The label's instruction for this occurrence (quotable).
    public var instruction: String
    public var options: [ManagementOption]
    /// How each action reads ("holding T-DM1, then one dose level lower (3.0 mg/kg)").
    public var phrases: [ManagementAction: String] = [:]

    public var first: ManagementOption { options[0] }

    public func option(for action: ManagementAction) -> ManagementOption? {
        options.first { $0.action == action }
    }

    /// Every option sharing the best tier, in rank order.
    public var bestTier: [ManagementOption] { options.prefix { $0.tier == options[0].tier }.map { $0 } }
}

/// Ranks the management actions for a decision from the labels' dose-modification table.
///
/// The label's action is preferred; the alternatives the row names take their tier; every other
/// action is judged by a `situation` of the table (restarting a drug the label ends for good is
/// contraindicated, continuing through grade 3 or 4 not recommended, …). Ties keep continuing last,
/// so continuing through a toxicity never ranks above holding it.
public struct ManagementEngine: Sendable {
    public let knowledge: Knowledge
    public let table: DoseModificationTable

    public init(knowledge: Knowledge, table: DoseModificationTable) {
        self.knowledge = knowledge
        self.table = table
    }

    /// The row the label applies, first match in file order; nil when the tables say nothing.
    public func row(for decision: ManagementDecision) -> DoseModificationRow? {
        guard let regimen = knowledge.regimen(decision.regimen) else { return nil }
        let agents = regimen.agents.map(\.id)
        return table.rows.first { row in
            row.agents.contains(where: agents.contains)
                && (row.regimens?.contains(regimen.id.rawValue) ?? true)
                && (row.toxicity == nil || row.toxicity == decision.toxicity)
                && row.grades.contains(decision.grade)
                && (!row.heartFailure || decision.heartFailure)
        }
    }

    /// The actions a fellow may choose on this regimen: continue, hold, reduce (when a drug of it has
    /// dose levels), omit-DRUG for each drug it can go on without, discontinue.
    public func actions(for regimenID: RegimenID) -> [ManagementAction] {
        guard let regimen = knowledge.regimen(regimenID) else { return [] }
        var actions = [ManagementAction(.continue), ManagementAction(.hold)]
        let drugs = regimen.agents.compactMap { table.drug($0.id) }
        if drugs.contains(where: { $0.levels.count >= 2 }) { actions.append(ManagementAction(.reduce)) }
        if regimen.agents.count > 1 {
            for drug in drugs {
                guard let omit = drug.omitAs else { continue }
                let action = ManagementAction(.omit, drug: omit)
                if !actions.contains(action) { actions.append(action) }
            }
        }
        actions.append(ManagementAction(.discontinue))
        return actions
    }

    public func rank(_ decision: ManagementDecision) -> ManagementRecommendation? {
        guard let regimen = knowledge.regimen(decision.regimen), let row = row(for: decision) else { return nil }
        let agentIDs = regimen.agents.map(\.id)
        // The drug the row is about, as it appears in this regimen.
        let agent = row.agents.first(where: agentIDs.contains) ?? row.agents[0]
        let drug = table.drug(agent)
        let useSecond = decision.occurrence >= 2 && row.second != nil
        let verb = useSecond ? row.second!.action : row.action
        let instruction = useSecond ? row.second!.text : row.text
        let reference = ManagementAction(verb, drug: drug?.omitAs)
        let reduceTarget =
            (drug?.levels.count ?? 0) >= 2
            ? drug : regimen.agents.lazy.compactMap { table.drug($0.id) }.first { $0.levels.count >= 2 }
        let reducedLevel = useSecond && row.action == .reduce && verb == .reduce ? 2 : 1
        let dose = reduceTarget.map { $0.levels[min(reducedLevel, $0.levels.count - 1)] } ?? ""

        func drugName(_ agentID: String) -> String {
            table.drug(agentID)?.name ?? regimen.agents.first { $0.id == agentID }?.name ?? agentID
        }
        func phrase(_ action: ManagementAction) -> String {
            let actingOn: String
            switch action.verb {
            case .omit:
                let names = regimen.agents.filter { table.drug($0.id)?.omitAs == action.drug }.map { drugName($0.id) }
                actingOn = names.isEmpty ? (action.drug ?? "") : names.joined(separator: " and ")
            case .reduce: actingOn = reduceTarget?.name ?? drugName(agent)
            default: actingOn = drugName(agent)
            }
            return fill(
                table.phrases[action.verb] ?? action.id,
                ["regimen": regimen.nameInSentence, "drug": actingOn, "dose": dose])
        }
        let referencePhrase = phrase(reference)

        var options: [ManagementOption] = []
        var phrases: [ManagementAction: String] = [:]
        for action in actions(for: regimen.id) {
            phrases[action] = phrase(action)
            let (tier, template, sources) = judge(
                action, reference: reference, row: row, grade: decision.grade,
                offender: drug?.omitAs, reduceTarget: reduceTarget)
            let text = fill(
                template,
                [
                    "action": phrase(action), "reference": referencePhrase, "drug": drugName(agent),
                    "regimen": regimen.nameInSentence, "toxicity": decision.toxicity.displayName,
                    "grade": String(decision.grade),
                    "instruction": instruction, "dose": dose,
                ])
            let citation = Citation(rule: row.id, text: Self.capitalized(text), sources: sources)
            options.append(
                ManagementOption(
                    action: action, tier: tier, rank: 0,
                    reasons: [Reason(citation: citation, role: .tier, tier: tier)]))
        }
        let alternativeOrder = row.alternatives.map(\.action)
        func order(_ action: ManagementAction) -> Int {
            if action == reference { return 0 }
            if let index = alternativeOrder.firstIndex(of: action) { return 1 + index }
            switch action.verb {
            case .hold: return 10
            case .reduce: return 11
            case .omit: return 12
            case .discontinue: return 13
            case .continue: return 14
            }
        }
        options.sort { ($0.tier, order($0.action)) < ($1.tier, order($1.action)) }
        for index in options.indices { options[index].rank = index + 1 }
        var recommendation = ManagementRecommendation(
            decision: decision, row: row, instruction: instruction,
            options: options)
        recommendation.phrases = phrases
        return recommendation
    }

    /// The tier of one action, the reason template and its sources.
    private func judge(
        _ action: ManagementAction, reference: ManagementAction, row: DoseModificationRow, grade: Int,
        offender: String?, reduceTarget: DoseDrug?
    ) -> (Tier, String, [String]) {
        func situation(_ id: ManagementSituationID) -> (Tier, String, [String]) {
            let found = table.situations[id]
            return (found?.tier ?? .conditional, found?.text ?? "{action}", row.sources + (found?.sources ?? []))
        }
        if action == reference { return situation(.reference) }
        if let alternative = row.alternatives.first(where: { $0.action == action }) {
            let (_, text, sources) = situation(.alternative)
            return (alternative.tier, alternative.text ?? text, alternative.sources ?? sources)
        }
        // Actions that give the drug the row is about again.
        let keepsDrug: Bool
        switch action.verb {
        case .continue, .hold, .reduce: keepsDrug = true
        case .omit: keepsDrug = action.drug != offender
        case .discontinue: keepsDrug = false
        }
        if row.permanent, keepsDrug { return situation(.restartEnded) }
        switch action.verb {
        case .continue:
            return situation(grade >= 3 ? .continueThrough : .continueEarly)
        case .discontinue:
            return situation(.discontinueEarly)
        case .hold:
            return situation(reference.verb == .continue ? .holdUnneeded : .holdFullDose)
        case .reduce:
            return situation(reduceTarget == nil ? .noLowerDose : .reduceUnneeded)
        case .omit:
            return situation(action.drug == offender ? .omitOffender : .omitOther)
        }
    }

    private func fill(_ template: String, _ values: [String: String]) -> String {
        var result = template
        for (key, value) in values { result = result.replacingOccurrences(of: "{\(key)}", with: value) }
        return result
    }

    private static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
