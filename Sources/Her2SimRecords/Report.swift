import Foundation
import Her2SimCore

/// Which sessions a report covers.
public struct ReportFilter: Hashable, Sendable {
    /// nil: everyone; `anonymous`: sessions without a learner; else that learner (any case).
    public var learner: String?
    public var caseID: String?
    /// Sessions started at or after this moment.
    public var since: Date?

    public init(learner: String? = nil, caseID: String? = nil, since: Date? = nil) {
        self.learner = learner
        self.caseID = caseID
        self.since = since
    }
}

/// A rule as a report cites it: the engine's own citation.
public typealias RuleReference = Citation

/// An objective of a case, as turns name it.
public struct ObjectiveReference: Hashable, Sendable {
    public var caseID: String
    public var id: String
    public var text: String
}

/// One decision of a session as the fellow made it.
public struct DecisionReport: Hashable, Sendable {
    /// The turn's index in the case (0-based, as in the log).
    public var turn: Int
    /// The case's name for the turn (`t1`…), when the case is in the library.
    public var turnID: String?
    public var choice: String
    public var tier: Tier
    public var points: Int
    public var maximumPoints: Int
    public var unsafe: Bool
    /// The reference's first choice.
    public var reference: String
    /// The tier of the reference's first choice (known when the session replays).
    public var referenceTier: Tier?
    /// What the turn teaches (from the case script).
    public var objectives: [ObjectiveReference]
    /// When the choice's tier is worse than the reference's: the rules that decided the
    /// reference's tier — what the fellow missed.
    public var missedRules: [RuleReference]
    /// The rules that set the choice's tier (why an unsafe choice is unsafe).
    public var choiceRules: [RuleReference]
    /// False when the assessment was not in the log (lost to a crash) and was recomputed.
    public var recorded: Bool
    /// How sure the fellow said they were (0–100), when asked.
    public var confidence: Int? = nil

    /// The choice's tier was worse than the reference's first choice's (without a replay, which
    /// gives the reference's tier: the choice was not the reference's).
    public var missed: Bool { referenceTier.map { tier > $0 } ?? (choice != reference) }
}

/// One session: who, which case, when, the score and every decision.
public struct SessionReport: Hashable, Sendable {
    public var id: SessionID
    /// nil: anonymous.
    public var learner: String?
    public var caseID: String
    public var caseTitle: String?
    public var seed: UInt64
    public var started: Date
    public var score: Int
    /// The session's maximum: the case's when it ended, else that of the decisions made.
    public var maximum: Int
    public var finished: Bool
    public var decisions: [DecisionReport]
    /// Whether the session was replayed (rules and reference tiers are known only then).
    public var replayed: Bool
    /// Why it was not, when it was not.
    public var note: String?
    /// Toxicity-management decisions, in log order.
    public var managements: [ManagementReport] = []

    public var learnerName: String { learner ?? RecordStore.anonymous }
    public var startedText: String { RecordStore.timestamp(started) }
    public var percent: Double? { maximum > 0 ? Double(score) * 100 / Double(maximum) : nil }
}

/// What a cohort gets right and wrong.
public struct CohortReport: Hashable, Sendable {
    public struct CaseFigure: Hashable, Sendable {
        public var caseID: String
        public var title: String?
        public var sessions: Int
        public var finished: Int
        /// Over finished sessions; nil when none finished.
        public var meanScore: Double?
        public var meanMaximum: Double?
        public var meanPercent: Double?
    }

    public struct ObjectiveFigure: Hashable, Sendable {
        public var objective: ObjectiveReference
        public var decisions: Int
        public var meanPoints: Double
        public var maximumPoints: Int
        /// Decisions that earned full points.
        public var fullMarks: Int
        public var meanPercent: Double? { maximumPoints > 0 ? meanPoints * 100 / Double(maximumPoints) : nil }
    }

    public struct MissedRule: Hashable, Sendable {
        public var rule: RuleReference
        /// Decisions at which it was missed.
        public var count: Int
        /// Distinct learners who missed it.
        public var learners: Int
        public var cases: [String]
    }

    public struct UnsafeChoice: Hashable, Sendable {
        public var session: SessionID
        public var learner: String?
        public var caseID: String
        public var started: Date
        public var decision: DecisionReport

        public var learnerName: String { learner ?? RecordStore.anonymous }
    }

    public struct ProgressEntry: Hashable, Sendable {
        public var session: SessionID
        public var caseID: String
        public var started: Date
        public var score: Int
        public var maximum: Int
        public var finished: Bool
        public var percent: Double? { maximum > 0 ? Double(score) * 100 / Double(maximum) : nil }
    }

    public struct LearnerProgress: Hashable, Sendable {
        /// nil: anonymous.
        public var learner: String?
        /// Date order.
        public var sessions: [ProgressEntry]
        public var learnerName: String { learner ?? RecordStore.anonymous }
    }

    public var sessions: Int
    public var finished: Int
    public var learners: Int
    public var decisions: Int
    /// Sessions that could not be replayed (their case is gone or changed): their decisions
    /// count, but no rules are known for them.
    public var notReplayed: Int
    public var cases: [CaseFigure]
    public var objectives: [ObjectiveFigure]
    /// Most often missed first.
    public var missedRules: [MissedRule]
    public var unsafeChoices: [UnsafeChoice]
    public var progress: [LearnerProgress]
    /// Toxicity-management decisions: per learner, per case, label rows most missed.
    public var management = ManagementCohort()
}

/// A report: the sessions (oldest first) and the cohort's figures.
public struct Report: Hashable, Sendable {
    public var filter: ReportFilter
    public var sessions: [SessionReport]
    public var cohort: CohortReport
}
