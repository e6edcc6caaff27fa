/// How demanding a case is, for the case list and quiz metadata.
public enum Difficulty: String, CaseIterable, Sendable, Hashable {
    case introductory, intermediate, advanced
}

/// Whether the REPL asks "How sure are you?" after a decision, when the fellow's setting
/// (`--confidence auto|case`) leaves it to the case: a case or one of its turns may skip it
/// (a turn where the answer is given away, a warm-up turn).
public enum ConfidencePrompt: String, CaseIterable, Sendable, Hashable {
    case ask, skip
}

/// What a case teaches; turns name the objectives they teach.
public struct Objective: Hashable, Sendable, Identifiable {
    public var id: String
    public var text: String
    public var location: SourceLocation

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, text: String, location: SourceLocation) {
        self.id = id
        self.text = text
        self.location = location
    }
}

/// A laboratory value a turn reports, with its unit.
public enum Lab: String, CaseIterable, Sendable, Hashable {
    case lvef, platelets, anc, hemoglobin, alt, ast, bilirubin, creatinine
    case ca153 = "ca15-3"
    case cea

    public var unit: String {
        switch self {
        case .lvef: "%"
        case .platelets, .anc: "×10⁹/L"
        case .hemoglobin: "g/dL"
        case .alt, .ast: "U/L"
        case .bilirubin, .creatinine: "mg/dL"
        case .ca153: "U/mL"
        case .cea: "ng/mL"
        }
    }

    public var displayName: String {
        switch self {
        case .lvef: "LVEF"
        case .platelets: "Platelets"
        case .anc: "ANC"
        case .hemoglobin: "Hemoglobin"
        case .alt: "ALT"
        case .ast: "AST"
        case .bilirubin: "Bilirubin"
        case .creatinine: "Creatinine"
        case .ca153: "CA 15-3"
        case .cea: "CEA"
        }
    }

    /// Plausible bounds; values outside are typos (a platelet count of 1500).
    public var plausibleRange: ClosedRange<Double> {
        switch self {
        case .lvef: 5...90
        case .platelets: 1...1500
        case .anc: 0...100
        case .hemoglobin: 2...22
        case .alt, .ast: 1...5000
        case .bilirubin: 0...50
        case .creatinine: 0.1...20
        case .ca153: 0...100_000
        case .cea: 0...100_000
        }
    }
}

/// Labs, imaging and symptoms reported at a turn.
public struct Findings: Hashable, Sendable {
    /// In the order the author wrote them.
    public var labs: [(lab: Lab, value: Double)]
    public var imaging: [String]
    public var symptoms: [String]

    public init(labs: [(lab: Lab, value: Double)] = [], imaging: [String] = [], symptoms: [String] = []) {
        self.labs = labs
        self.imaging = imaging
        self.symptoms = symptoms
    }

    public var isEmpty: Bool { labs.isEmpty && imaging.isEmpty && symptoms.isEmpty }

    public func value(_ lab: Lab) -> Double? { labs.first { $0.lab == lab }?.value }

    public static func == (lhs: Findings, rhs: Findings) -> Bool {
        lhs.labs.map(\.lab) == rhs.labs.map(\.lab) && lhs.labs.map(\.value) == rhs.labs.map(\.value)
            && lhs.imaging == rhs.imaging && lhs.symptoms == rhs.symptoms
    }

    public func hash(into hasher: inout Hasher) {
        for entry in labs {
            hasher.combine(entry.lab)
            hasher.combine(entry.value)
        }
        hasher.combine(imaging)
        hasher.combine(symptoms)
    }
}

/// A scripted alternative when the fellow's choice matches `condition`.
public struct ChoiceBranch: Hashable, Sendable {
    public enum Condition: Hashable, Sendable {
        case tiers(Set<Tier>)
        case regimens(Set<RegimenID>)

        public func matches(regimen: RegimenID, tier: Tier) -> Bool {
            switch self {
            case .tiers(let tiers): tiers.contains(tier)
            case .regimens(let regimens): regimens.contains(regimen)
            }
        }
    }

    public var condition: Condition
    /// Replaces the next turn's narrative.
    public var narrative: NarrativeTemplate?
    /// Added to the next turn's scripted events.
    public var events: [ClinicalEvent]
    /// The case ends after this decision.
    public var ends: Bool
    public var location: SourceLocation
    /// Further keys of its `when` (`received`, `had`…), on the path as the fellow decided.
    public var pathGuard: TurnGuard? = nil
    /// `again: true`: the regimen chosen here was given before on this path (`false`: it was not).
    public var again: Bool? = nil

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        condition: Condition, narrative: NarrativeTemplate? = nil, events: [ClinicalEvent], ends: Bool,
        location: SourceLocation, pathGuard: TurnGuard? = nil, again: Bool? = nil
    ) {
        self.condition = condition
        self.narrative = narrative
        self.events = events
        self.ends = ends
        self.location = location
        self.pathGuard = pathGuard
        self.again = again
    }
}

/// One step of a case: what the fellow reads, what happened, and the decision.
public struct CaseTurn: Hashable, Sendable {
    /// `t1`, `t2`… unless the author names it.
    public var id: String
    /// Months after the previous decision; `nil` lets the simulator decide.
    public var afterMonths: Double?
    public var narrative: NarrativeTemplate
    public var findings: Findings
    public var events: [ClinicalEvent]
    public var decides: Bool
    /// `decide: management`: a toxicity-management decision on the current regimen (not counted
    /// in `decides`, which is a regimen choice).
    public var manages: Bool = false
    /// The regimens the author expects the reference to rank first.
    public var answer: [RegimenID]
    public var objectives: [String]
    public var teaching: String
    public var branches: [ChoiceBranch]
    public var location: SourceLocation
    public var narrativeLocation: SourceLocation
    public var answerLocation: SourceLocation?
    /// The narrative's lines as written in the file, so a warning about a phrase in it points
    /// at that phrase's line rather than at the `|` or `>` that opens the block.
    public var narrativeSource: [SourceLine] = []
    /// The teaching's lines as written, and where it starts, for located path findings.
    public var teachingSource: [SourceLine] = []
    public var teachingLocation: SourceLocation?
    /// `confidence:` on the turn; nil follows the case.
    public var confidence: ConfidencePrompt?

    /// Guarded alternatives as written (a plain field is one unguarded alternative); the plain
    /// properties above hold the unguarded fallback for tools that do not follow a path.
    public var narratives: [Guarded<NarrativeTemplate>] = []
    public var answers: [Guarded<[RegimenID]>] = []
    public var teachings: [Guarded<String>] = []
    /// Every scripted event with its guard; `events` holds the unguarded ones.
    public var scriptedEvents: [ScriptedEvent] = []
    /// `after-months` behind a guard: how long the previous regimen ran on that path. A plain
    /// number (`afterMonths`) is drug-dependent, so a session leaves the duration to the simulator.
    public var afterMonthsAlternatives: [Guarded<Double>] = []
    /// `findings` as guarded alternatives; `findings` holds the fallback.
    public var findingsAlternatives: [Guarded<Findings>] = []

    /// The guarded duration of the previous regimen on the path, if the author fixed one.
    public func afterMonths(on path: PathFacts) -> Double? {
        afterMonthsAlternatives.first { $0.when?.holds(on: path) ?? false }?.value
    }

    /// The narrative on the path actually played (`nil`: no alternative holds).
    public func narrative(on path: PathFacts) -> NarrativeTemplate? {
        narratives.isEmpty ? narrative : narratives.select(on: path)
    }

    public func answer(on path: PathFacts) -> [RegimenID] {
        answers.isEmpty ? answer : answers.select(on: path) ?? []
    }

    public func teaching(on path: PathFacts) -> String {
        teachings.isEmpty ? teaching : teachings.select(on: path) ?? ""
    }

    /// The scripted events whose guard holds on the path.
    public func events(on path: PathFacts) -> [ScriptedEvent] {
        scriptedEvents.isEmpty
            ? events.map { ScriptedEvent(event: $0) }
            : scriptedEvents.filter { $0.when?.holds(on: path) ?? true }
    }

    /// Whether any field of this turn has a guarded alternative.
    public var isGuarded: Bool {
        narratives.contains { $0.when != nil } || answers.contains { $0.when != nil }
            || teachings.contains { $0.when != nil } || scriptedEvents.contains { $0.when != nil }
            || findingsAlternatives.contains { $0.when != nil }
    }

    /// The first branch that applies to a choice, if any.
    public func branch(for regimen: RegimenID, tier: Tier, on path: PathFacts = PathFacts()) -> ChoiceBranch? {
        branches.first {
            $0.condition.matches(regimen: regimen, tier: tier) && ($0.pathGuard?.holds(on: path) ?? true)
                && ($0.again.map { $0 == path.received.contains(regimen) } ?? true)
        }
    }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, afterMonths: Double? = nil, narrative: NarrativeTemplate, findings: Findings,
        events: [ClinicalEvent], decides: Bool, manages: Bool = false, answer: [RegimenID], objectives: [String],
        teaching: String, branches: [ChoiceBranch], location: SourceLocation, narrativeLocation: SourceLocation,
        answerLocation: SourceLocation? = nil, narrativeSource: [SourceLine] = [], teachingSource: [SourceLine] = [],
        teachingLocation: SourceLocation? = nil, confidence: ConfidencePrompt? = nil,
        narratives: [Guarded<NarrativeTemplate>] = [], answers: [Guarded<[RegimenID]>] = [],
        teachings: [Guarded<String>] = [], scriptedEvents: [ScriptedEvent] = [],
        afterMonthsAlternatives: [Guarded<Double>] = [], findingsAlternatives: [Guarded<Findings>] = []
    ) {
        self.id = id
        self.afterMonths = afterMonths
        self.narrative = narrative
        self.findings = findings
        self.events = events
        self.decides = decides
        self.manages = manages
        self.answer = answer
        self.objectives = objectives
        self.teaching = teaching
        self.branches = branches
        self.location = location
        self.narrativeLocation = narrativeLocation
        self.answerLocation = answerLocation
        self.narrativeSource = narrativeSource
        self.teachingSource = teachingSource
        self.teachingLocation = teachingLocation
        self.confidence = confidence
        self.narratives = narratives
        self.answers = answers
        self.teachings = teachings
        self.scriptedEvents = scriptedEvents
        self.afterMonthsAlternatives = afterMonthsAlternatives
        self.findingsAlternatives = findingsAlternatives
    }
}

/// A case script from `Cases/`: a synthetic patient and the decisions her story asks for.
public struct CaseScript: Hashable, Sendable, Identifiable {
    public var id: String
    public var title: String
    public var summary: String
    public var difficulty: Difficulty
    public var minutes: Int
    public var objectives: [Objective]
    public var references: [String]
    public var initialState: PatientState
    public var turns: [CaseTurn]
    /// The file it came from, as diagnostics name it.
    public var file: String
    public var idLocation: SourceLocation
    public var referenceLocations: [String: SourceLocation]
    /// `manage: auto`: a grade >= 3 toxicity on a responding regimen asks for a management
    /// decision even where no turn scripts one.
    public var manageAuto: Bool = false

    public var decisions: Int { turns.filter(\.decides).count }

    /// Scripted management decisions (`decide: management`).
    public var managementTurns: Int { turns.filter(\.manages).count }

    /// `confidence:` at the top of the case; nil asks (unless a turn says otherwise).
    public var confidence: ConfidencePrompt? = nil

    /// Whether the case asks how sure the fellow is after deciding at turn `index`: the turn's
    /// own setting, else the case's, else ask.
    public func asksConfidence(atTurn index: Int) -> Bool {
        let turn = turns.indices.contains(index) ? turns[index].confidence : nil
        return (turn ?? confidence ?? .ask) == .ask
    }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, title: String, summary: String, difficulty: Difficulty, minutes: Int, objectives: [Objective],
        references: [String], initialState: PatientState, turns: [CaseTurn], file: String, idLocation: SourceLocation,
        referenceLocations: [String: SourceLocation], manageAuto: Bool = false, confidence: ConfidencePrompt? = nil
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.difficulty = difficulty
        self.minutes = minutes
        self.objectives = objectives
        self.references = references
        self.initialState = initialState
        self.turns = turns
        self.file = file
        self.idLocation = idLocation
        self.referenceLocations = referenceLocations
        self.manageAuto = manageAuto
        self.confidence = confidence
    }
}

/// One line of a file as written, with its 1-based number.
public struct SourceLine: Hashable, Sendable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}
