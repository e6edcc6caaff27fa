/// What a fellow may do with the current regimen when a new toxicity arises
/// (reference-rules.md, section 6). `omit` names the drug it stops (see `ManagementAction`).
public enum ManagementVerb: String, CaseIterable, Sendable, Hashable, Codable {
    case `continue`, hold, reduce, omit, discontinue
}

/// One action as a fellow types it: `continue`, `hold`, `reduce`, `omit-capecitabine`,
/// `omit-taxane`, `discontinue`.
public struct ManagementAction: Hashable, Sendable, Codable, CustomStringConvertible {
    public var verb: ManagementVerb
    /// The `omit-as` id of the drug an `omit` stops (`capecitabine`, `taxane`…); nil otherwise.
    public var drug: String?

    public init(_ verb: ManagementVerb, drug: String? = nil) {
        self.verb = verb
        self.drug = verb == .omit ? drug : nil
    }

    /// Parses an action id; nil for anything else.
    public init?(id: String) {
        if id.hasPrefix("omit-"), id.count > 5 {
            self.init(.omit, drug: String(id.dropFirst(5)))
        } else if let verb = ManagementVerb(rawValue: id), verb != .omit {
            self.init(verb)
        } else {
            return nil
        }
    }

    public var id: String { drug.map { "omit-\($0)" } ?? verb.rawValue }
    public var description: String { id }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let action = ManagementAction(id: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown management action '\(text)'"))
        }
        self = action
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(id)
    }
}

/// A drug the labels' tables name: its dose levels and whether a regimen may go on without it.
public struct DoseDrug: Hashable, Sendable {
    public var agent: String
    public var name: String
    /// The action suffix that stops it alone (`taxane` for docetaxel and paclitaxel).
    public var omitAs: String?
    /// Starting dose first.
    public var levels: [String]
    public var text: String
    public var sources: [String]
    public var section: String
    public var checked: String
    public var unverified: Bool

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        agent: String, name: String, omitAs: String? = nil, levels: [String], text: String, sources: [String],
        section: String, checked: String, unverified: Bool
    ) {
        self.agent = agent
        self.name = name
        self.omitAs = omitAs
        self.levels = levels
        self.text = text
        self.sources = sources
        self.section = section
        self.checked = checked
        self.unverified = unverified
    }
}

/// An acceptable (or explicitly judged) other action of a row.
public struct ManagementAlternative: Hashable, Sendable {
    public var action: ManagementAction
    public var tier: Tier
    public var text: String?
    public var sources: [String]?

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(action: ManagementAction, tier: Tier, text: String? = nil, sources: [String]? = nil) {
        self.action = action
        self.tier = tier
        self.text = text
        self.sources = sources
    }
}

/// One label instruction: for a drug, a toxicity and grades, what to do.
public struct DoseModificationRow: Hashable, Sendable {
    public var id: String
    public var agents: [String]
    /// Only for these regimens (nil: every regimen with one of the agents).
    public var regimens: [String]?
    /// nil: any toxicity (a label's "other adverse reactions" row).
    public var toxicity: Toxicity?
    public var grades: Set<Int>
    /// Matches only when the event comes with symptomatic heart failure.
    public var heartFailure: Bool
    public var action: ManagementVerb
    /// The label's action and instruction for a second occurrence, where it differs.
    public var second: (action: ManagementVerb, text: String)?
    public var alternatives: [ManagementAlternative]
    /// The label ends the drug for good: giving it again is unsafe.
    public var permanent: Bool
    public var text: String
    public var sources: [String]
    public var section: String
    public var checked: String
    public var unverified: Bool

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, agents: [String], regimens: [String]? = nil, toxicity: Toxicity? = nil, grades: Set<Int>,
        heartFailure: Bool, action: ManagementVerb, second: (action: ManagementVerb, text: String)?,
        alternatives: [ManagementAlternative], permanent: Bool, text: String, sources: [String], section: String,
        checked: String, unverified: Bool
    ) {
        self.id = id
        self.agents = agents
        self.regimens = regimens
        self.toxicity = toxicity
        self.grades = grades
        self.heartFailure = heartFailure
        self.action = action
        self.second = second
        self.alternatives = alternatives
        self.permanent = permanent
        self.text = text
        self.sources = sources
        self.section = section
        self.checked = checked
        self.unverified = unverified
    }
}

/// How an action that is not the label's own is judged.
public enum ManagementSituationID: String, CaseIterable, Sendable, Hashable {
    case reference, alternative
    case restartEnded = "restart-ended"
    case continueThrough = "continue-through"
    case continueEarly = "continue-early"
    case discontinueEarly = "discontinue-early"
    case holdFullDose = "hold-full-dose"
    case reduceUnneeded = "reduce-unneeded"
    case holdUnneeded = "hold-unneeded"
    case omitOther = "omit-other"
    case omitOffender = "omit-offender"
    case noLowerDose = "no-lower-dose"
}

public struct ManagementSituation: Hashable, Sendable {
    public var id: ManagementSituationID
    public var tier: Tier
    public var text: String
    public var sources: [String]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: ManagementSituationID, tier: Tier, text: String, sources: [String]) {
        self.id = id
        self.tier = tier
        self.text = text
        self.sources = sources
    }
}

/// What a toxicity means for the regimen she is receiving, in a few words the timeline adds to
/// the event ("ILD/pneumonitis, grade 2 — T-DXd must be stopped for good"): clinical wording,
/// so it lives in `Scoring/dose-modifications.yaml` (`notes:`) with its sources, not in code.
public struct ToxicityNote: Hashable, Sendable {
    public var id: String
    /// Only on a regimen with one of these agents; empty: on any regimen (or none).
    public var agents: [String]
    public var toxicity: Toxicity
    public var grades: Set<Int>
    public var text: String
    public var sources: [String]

    public init(
        id: String, agents: [String] = [], toxicity: Toxicity, grades: Set<Int>, text: String,
        sources: [String]
    ) {
        self.id = id
        self.agents = agents
        self.toxicity = toxicity
        self.grades = grades
        self.text = text
        self.sources = sources
    }
}

/// `Scoring/dose-modifications.yaml`, loaded and cross-checked.
public struct DoseModificationTable: Sendable {
    public var drugs: [DoseDrug]
    public var rows: [DoseModificationRow]
    public var situations: [ManagementSituationID: ManagementSituation]
    /// How each verb reads in a sentence, with {regimen} {drug} {dose}.
    public var phrases: [ManagementVerb: String]
    /// What the simulator does after each action (model data with sources).
    public var effects: ManagementEffects
    /// The timeline's notes on toxicity events, first match first.
    public var notes: [ToxicityNote]

    public init(
        drugs: [DoseDrug], rows: [DoseModificationRow], situations: [ManagementSituationID: ManagementSituation],
        phrases: [ManagementVerb: String], effects: ManagementEffects = .none, notes: [ToxicityNote] = []
    ) {
        self.drugs = drugs
        self.rows = rows
        self.situations = situations
        self.phrases = phrases
        self.effects = effects
        self.notes = notes
    }

    /// The first note for grade `grade` `toxicity` on a regimen of `agents` (nil: on no regimen).
    public func note(for toxicity: Toxicity, grade: Int, agents: [String]?) -> ToxicityNote? {
        notes.first { note in
            note.toxicity == toxicity && note.grades.contains(grade)
                && (note.agents.isEmpty || note.agents.contains { agents?.contains($0) ?? false })
        }
    }

    public func drug(_ agent: String) -> DoseDrug? { drugs.first { $0.agent == agent } }

    public func row(_ id: String) -> DoseModificationRow? { rows.first { $0.id == id } }

    /// Every action id the table can produce (for did-you-mean and completion).
    public var actionIDs: [String] {
        var omits: [String] = []
        for drug in drugs { if let id = drug.omitAs, !omits.contains(id) { omits.append(id) } }
        return ["continue", "hold", "reduce"] + omits.map { "omit-\($0)" } + ["discontinue"]
    }
}

/// The simulator's consequences of a management choice, each a figure with its id, text and sources.
public struct ManagementEffects: Hashable, Sendable {
    public struct Figure: Hashable, Sendable {
        public var id: String
        public var value: Double
        public var text: String
        public var sources: [String]

        /// Memberwise, for the decoders in Her2SimLoading.
        package init(id: String, value: Double, text: String, sources: [String]) {
            self.id = id
            self.value = value
            self.text = text
            self.sources = sources
        }
    }

    /// Relative chance that the toxicity comes back at grade >= 3 after one dose level lower.
    public var reducedRecurrence: Figure
    /// Relative progression-free time after one dose level lower.
    public var reducedEfficacy: Figure
    /// Weeks a hold (or the hold before a reduction) delays treatment.
    public var holdWeeks: Figure
    /// Grades a toxicity gains when treatment continues through grade >= 3.
    public var continueWorsening: Figure

    public static let none = ManagementEffects(
        reducedRecurrence: Figure(id: "", value: 1, text: "", sources: []),
        reducedEfficacy: Figure(id: "", value: 1, text: "", sources: []),
        holdWeeks: Figure(id: "", value: 0, text: "", sources: []),
        continueWorsening: Figure(id: "", value: 0, text: "", sources: []))

    public var all: [Figure] { [reducedRecurrence, reducedEfficacy, holdWeeks, continueWorsening] }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(reducedRecurrence: Figure, reducedEfficacy: Figure, holdWeeks: Figure, continueWorsening: Figure) {
        self.reducedRecurrence = reducedRecurrence
        self.reducedEfficacy = reducedEfficacy
        self.holdWeeks = holdWeeks
        self.continueWorsening = continueWorsening
    }
}
