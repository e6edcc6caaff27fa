/// Everything the reference engine knows, loaded from `Scoring/` and cross-checked.
public struct Knowledge: Sendable {
    /// Regimens in file order; a regimen's position is its index in `RegimenSet`.
    public let regimens: [Regimen]
    public let trials: [Trial]
    public let references: [Reference]
    public let rules: [Rule]
    public let lineOfTherapy: LineOfTherapyPolicy
    /// Evidence strengths, strongest first.
    public let evidenceOrder: [String]
    public let rubric: Rubric
    /// Legal but suspicious things found while loading (printed, never fatal).
    public package(set) var warnings: [Diagnostic] = []

    private let indexByName: [String: Int]
    private let trialByID: [TrialID: Int]
    private let referenceByID: [String: Int]

    public init(
        regimens: [Regimen], trials: [Trial], references: [Reference], rules: [Rule],
        lineOfTherapy: LineOfTherapyPolicy, evidenceOrder: [String], rubric: Rubric
    ) {
        self.regimens = regimens
        self.trials = trials
        self.references = references
        self.rules = rules
        self.lineOfTherapy = lineOfTherapy
        self.evidenceOrder = evidenceOrder
        self.rubric = rubric
        var names: [String: Int] = [:]
        for (index, regimen) in regimens.enumerated() {
            for alias in regimen.aliases { names[alias.lowercased()] = index }
        }
        for (index, regimen) in regimens.enumerated() { names[regimen.id.rawValue] = index }
        indexByName = names
        trialByID = Dictionary(trials.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        referenceByID = Dictionary(references.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var regimenIDs: [RegimenID] { regimens.map(\.id) }

    /// Canonical ids and every alias: what a user may type.
    public var regimenNames: [String] { Array(indexByName.keys).sorted() }

    /// The index of a regimen by id or alias (case-insensitive).
    public func regimenIndex(named name: String) -> Int? {
        indexByName[name] ?? indexByName[name.lowercased()]
    }

    public func regimen(named name: String) -> Regimen? {
        regimenIndex(named: name).map { regimens[$0] }
    }

    /// The index of a regimen by id (an alias, too, as `regimenIndex(named:)`).
    public func regimenIndex(_ id: RegimenID) -> Int? { regimenIndex(named: id.rawValue) }

    public func regimen(_ id: RegimenID) -> Regimen? { regimenIndex(id).map { regimens[$0] } }

    /// The canonical id for an id or alias, as text (for decoders and messages); `regimen(named:)?.id`
    /// gives it typed.
    public func canonicalRegimenID(_ name: String) -> String? {
        regimen(named: name)?.id.rawValue
    }

    public func trial(_ id: TrialID) -> Trial? { trialByID[id].map { trials[$0] } }

    public func reference(_ id: String) -> Reference? { referenceByID[id].map { references[$0] } }

    /// Trial and reference ids: everything a rule or regimen may cite.
    public var sourceIDs: [String] { trials.map(\.id.rawValue) + references.map(\.id) }

    public func isSource(_ id: String) -> Bool { trialByID[TrialID(id)] != nil || referenceByID[id] != nil }

    public func rule(_ id: String) -> Rule? { rules.first { $0.id == id } }

    /// Rank of an evidence strength; unknown strengths sort last.
    public func evidenceRank(of regimen: Regimen) -> Int {
        evidenceOrder.firstIndex(of: regimen.evidence.strength) ?? evidenceOrder.count
    }
}
