import Her2SimCore

/// Every exported case and its items, built once and rendered by each format.
public struct QuizBank: Hashable, Sendable {
    public var cases: [QuizCase]
    /// The seed that chose distractors and their order.
    public var seed: UInt64
    /// Every source id cited anywhere in the bank, with its full citation, sorted by id.
    public var sources: [QuizSource]

    public init(cases: [QuizCase], seed: UInt64, sources: [QuizSource]) {
        self.cases = cases
        self.seed = seed
        self.sources = sources
    }

    public var items: [QuizItem] { cases.flatMap(\.items) }
}

/// A trial or reference as a coordinator would cite it.
public struct QuizSource: Hashable, Sendable {
    public var id: String
    /// "Murthy RK et al. N Engl J Med 2020" or the reference's title; the id when unknown.
    public var citation: String

    public init(id: String, citation: String) {
        self.id = id
        self.citation = citation
    }
}

/// One case script as a group of items (a Moodle category, a Canvas quiz, a handout section).
public struct QuizCase: Hashable, Sendable {
    /// The case id as written (`hb-401`).
    public var id: String
    /// `id` made safe for XML identifiers (`hb-401`, or `case-401` when it starts with a digit).
    public var identifier: String
    public var title: String
    public var summary: String
    public var difficulty: String
    public var minutes: Int
    public var objectives: [String]
    /// Source ids the case lists under `references`.
    public var references: [String]
    public var items: [QuizItem]

    public init(id: String, identifier: String, title: String, summary: String, difficulty: String, minutes: Int,
                objectives: [String], references: [String], items: [QuizItem]) {
        self.id = id
        self.identifier = identifier
        self.title = title
        self.summary = summary
        self.difficulty = difficulty
        self.minutes = minutes
        self.objectives = objectives
        self.references = references
        self.items = items
    }
}

/// One decision point as a multiple-choice (or multiple-answer) question.
public struct QuizItem: Hashable, Sendable {
    /// Stable across runs: case id + turn number (`hb-401-t2`).
    public var identifier: String
    public var caseID: String
    public var caseTitle: String
    /// 0-based index of the turn in the case file.
    public var turnIndex: Int
    /// 1-based among the case's decisions on the reference path, and how many there are.
    public var decisionNumber: Int
    public var decisionCount: Int
    /// The line of therapy being chosen.
    public var line: Int
    public var stem: Vignette
    /// The question asked after the vignette.
    public var prompt: String
    /// In presentation order.
    public var options: [QuizOption]
    /// Several options share the best tier: select all that apply, with partial credit.
    public var isMultipleAnswer: Bool
    /// The turn's teaching points as paragraphs (general feedback).
    public var teaching: [String]
    /// Objective texts the turn teaches.
    public var objectives: [String]
    /// Source ids: the case's references, then those the explanations cite.
    public var references: [String]

    public init(identifier: String, caseID: String, caseTitle: String, turnIndex: Int, decisionNumber: Int,
                decisionCount: Int, line: Int, stem: Vignette, prompt: String, options: [QuizOption],
                isMultipleAnswer: Bool, teaching: [String], objectives: [String], references: [String]) {
        self.identifier = identifier
        self.caseID = caseID
        self.caseTitle = caseTitle
        self.turnIndex = turnIndex
        self.decisionNumber = decisionNumber
        self.decisionCount = decisionCount
        self.line = line
        self.stem = stem
        self.prompt = prompt
        self.options = options
        self.isMultipleAnswer = isMultipleAnswer
        self.teaching = teaching
        self.objectives = objectives
        self.references = references
    }

    /// "hb-401 · Fourth line after HER2CLIMB — decision 2 of 3".
    public var title: String { "\(caseID) · \(caseTitle) — decision \(decisionNumber) of \(decisionCount)" }

    public var correctOptions: [QuizOption] { options.filter(\.isCorrect) }

    /// "A", "B"… for the option at `index`.
    public static func letter(_ index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < letters.count ? String(letters[index]) : "Z\(index - letters.count + 1)"
    }
}

/// One answer option and the engine's explanation of where it stands.
public struct QuizOption: Hashable, Sendable {
    /// Unique within the item and a valid XML name (the regimen id).
    public var identifier: String
    public var regimen: String
    /// What the learner reads: the regimen's name.
    public var text: String
    public var tier: Tier
    /// 1-based rank in the reference ranking, and the ranking's length.
    public var rank: Int
    public var rankedCount: Int
    public var isCorrect: Bool
    /// Share of the item's credit, in percent: 100/k for each of k correct options; for a
    /// multiple-answer item −100/d for each of d distractors, so choosing everything scores 0.
    public var credit: Double
    /// The rule that set this option's tier (what the option teaches).
    public var decidingRule: String
    /// The explanation's first sentence ("Correct — preferred, rank 1 of 18.").
    public var verdict: String
    /// The engine's placing reasons, in its order.
    public var reasons: [QuizReason]

    public init(identifier: String, regimen: String, text: String, tier: Tier, rank: Int, rankedCount: Int,
                isCorrect: Bool, credit: Double, decidingRule: String, verdict: String, reasons: [QuizReason]) {
        self.identifier = identifier
        self.regimen = regimen
        self.text = text
        self.tier = tier
        self.rank = rank
        self.rankedCount = rankedCount
        self.isCorrect = isCorrect
        self.credit = credit
        self.decidingRule = decidingRule
        self.verdict = verdict
        self.reasons = reasons
    }

    /// The whole explanation as one plain-text paragraph (GIFT, inline feedback).
    public var feedbackText: String {
        ([verdict] + reasons.map(\.plainText)).joined(separator: " ")
    }
}

/// One rule of an explanation with its sources: the engine's own citation.
public typealias QuizReason = Citation

/// The vignette at a decision: what changed, the narrative, findings, her status and history.
public struct Vignette: Hashable, Sendable {
    /// "Since the last decision": how long the last regimen ran and what happened.
    public var changes: [String]
    /// The narrative as paragraphs, placeholders filled.
    public var narrative: [String]
    public var findings: [LabeledText]
    /// Age, ECOG, receptor status, LVEF, sites, toxicities, preferences, trial…
    public var status: [LabeledText]
    /// One line per prior line of therapy, oldest first.
    public var history: [String]

    public init(changes: [String], narrative: [String], findings: [LabeledText], status: [LabeledText], history: [String]) {
        self.changes = changes
        self.narrative = narrative
        self.findings = findings
        self.status = status
        self.history = history
    }

    /// Every text of the vignette, for checks that look for a string anywhere in it.
    public var allTexts: [String] {
        changes + narrative + findings.flatMap { [$0.label, $0.text] } + status.flatMap { [$0.label, $0.text] } + history
    }
}

/// "Labs: CA 15-3 186 U/mL · ALT 38 U/L".
public struct LabeledText: Hashable, Sendable {
    public var label: String
    public var text: String

    public init(_ label: String, _ text: String) {
        self.label = label
        self.text = text
    }
}
