import Foundation
import Her2SimCore

/// Every exported case and its items, built once and rendered by each format.
public struct QuizBank: Hashable, Sendable {
    public var cases: [QuizCase]
    /// The seed that chose distractors and their order.
    public var seed: UInt64
    /// Every source id cited anywhere in the bank, with its full citation, sorted by id.
    public var sources: [QuizSource]
    /// The CME office's activity metadata (`--cme`), when given.
    public var activity: CMEActivity?
    /// The version of `Scoring/` the items were built from.
    public var knowledgeBase: KnowledgeFingerprint?
    /// The off-label disclosure: every offered regimen not approved where the learner practises.
    public var offLabel: [QuizOffLabel]
    /// "the US": the activity's practice region as a sentence names it, when known.
    public var regionName: String?

    public init(
        cases: [QuizCase], seed: UInt64, sources: [QuizSource], activity: CMEActivity? = nil,
        knowledgeBase: KnowledgeFingerprint? = nil, offLabel: [QuizOffLabel] = []
    ) {
        self.cases = cases
        self.seed = seed
        self.sources = sources
        self.activity = activity
        self.knowledgeBase = knowledgeBase
        self.offLabel = offLabel
    }

    public var items: [QuizItem] { cases.flatMap(\.items) }

    /// The activity's objectives, or else every case's objectives once, in case order.
    public var objectives: [String] {
        if let activity, !activity.objectives.isEmpty { return activity.objectives }
        var seen: Set<String> = []
        return cases.flatMap(\.objectives).filter { seen.insert($0).inserted }
    }

    /// "HER2-positive metastatic breast cancer — case-based questions", or the activity's title.
    public var title: String { activity?.title ?? "HER2-positive metastatic breast cancer — case-based questions" }
}

/// One regimen's off-label note, as the disclosure lists it.
public struct QuizOffLabel: Hashable, Sendable {
    public var regimen: String
    /// The regimen's name.
    public var name: String
    public var note: String
}

/// A trial or reference as a coordinator would cite it.
public struct QuizSource: Hashable, Sendable {
    public var id: String
    /// The full citation (authors, title, journal, year, DOI or PMID) as far as the knowledge
    /// base has it; "CLEOPATRA — Swain, NEJM 2015" or the reference's title otherwise; the id
    /// when unknown.
    public var citation: String
    /// The title alone, when the knowledge base gives one (what a printed check looks for).
    public var title: String?
    /// "https://doi.org/…" or a PubMed address, when known.
    public var link: String?

    public init(id: String, citation: String, title: String? = nil, link: String? = nil) {
        self.id = id
        self.citation = citation
        self.title = title
        self.link = link
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

    public init(
        id: String, identifier: String, title: String, summary: String, difficulty: String, minutes: Int,
        objectives: [String], references: [String], items: [QuizItem]
    ) {
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
    /// Several options are equally best (same tier, and the engine orders them only by file
    /// order): select all that apply, with partial credit.
    public var isMultipleAnswer: Bool
    /// The turn's teaching points as paragraphs (general feedback).
    public var teaching: [String]
    /// Objective texts the turn teaches.
    public var objectives: [String]
    /// Source ids: the case's references, then those the explanations cite.
    public var references: [String]

    public init(
        identifier: String, caseID: String, caseTitle: String, turnIndex: Int, decisionNumber: Int,
        decisionCount: Int, line: Int, stem: Vignette, prompt: String, options: [QuizOption],
        isMultipleAnswer: Bool, teaching: [String], objectives: [String], references: [String]
    ) {
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
    /// Share of the item's credit, in percent: 100/k for each of k correct options; 0 for an
    /// acceptable option (a safe tier the rubric still gives at least 70% of the key's points:
    /// never a penalty, and its feedback says "acceptable, but …"); in a multiple-answer item
    /// −100/d for each of d other distractors, so choosing everything scores 0.
    public var credit: Double
    /// The rule that set this option's tier (what the option teaches).
    public var decidingRule: String
    /// The explanation's first sentence in plain words ("Best choice: …", "Acceptable, but …").
    public var verdict: String
    /// The engine's placing reasons, in its order.
    public var reasons: [QuizReason]
    /// "Not approved in the US for this use: …" when the regimen is off-label where the
    /// learner practises.
    public var offLabel: String?

    public init(
        identifier: String, regimen: String, text: String, tier: Tier, rank: Int, rankedCount: Int,
        isCorrect: Bool, credit: Double, decidingRule: String, verdict: String, reasons: [QuizReason],
        offLabel: String? = nil
    ) {
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
        self.offLabel = offLabel
    }

    /// The whole explanation as one plain-text paragraph (GIFT, inline feedback): the verdict,
    /// the engine's reasons in plain words (no rule ids), and the off-label note.
    public var feedbackText: String {
        ([verdict] + reasons.map(\.learnerText) + (offLabel.map { ["Off-label: " + $0] } ?? [])).joined(separator: " ")
    }
}

/// One rule of an explanation with its sources: the engine's own citation.
public typealias QuizReason = Citation

extension Citation {
    /// The rationale and its sources as a learner reads them: "… [HER2CLIMB, NCCN]". The rule
    /// id is for authors (`recommend`, `why`), not for feedback.
    public var learnerText: String {
        let text = self.text.trimmingCharacters(in: .whitespaces)
        let sentence = text.isEmpty || ".!?".contains(text.last!) ? text : text + "."
        return sentence + (sources.isEmpty ? "" : " [\(sources.joined(separator: ", "))]")
    }
}

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

    public init(
        changes: [String], narrative: [String], findings: [LabeledText], status: [LabeledText], history: [String]
    ) {
        self.changes = changes
        self.narrative = narrative
        self.findings = findings
        self.status = status
        self.history = history
    }

    /// Every text of the vignette, for checks that look for a string anywhere in it.
    public var allTexts: [String] {
        changes + narrative + findings.flatMap { [$0.label, $0.text] } + status.flatMap { [$0.label, $0.text] }
            + history
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
