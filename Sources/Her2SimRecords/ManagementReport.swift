import Foundation
import Her2SimCore

/// One toxicity-management decision of a session, as the fellow made it (a `managed` event).
public struct ManagementReport: Hashable, Sendable {
    /// The turn's index in the case (0-based, as in the log).
    public var turn: Int
    /// The case's name for the turn (`t2`…), when the case is in the library.
    public var turnID: String? = nil
    public var action: String
    public var tier: Tier
    public var points: Int
    public var maximumPoints: Int
    public var unsafe: Bool
    /// The label's own action for this occurrence.
    public var reference: String
    /// The label row that decided it (known when the session replays).
    public var row: String?
    /// The tier of the label's own action (known when the session replays).
    public var referenceTier: Tier? = nil
    /// What the turn teaches (from the case script); none for a decision the timeline raised
    /// (`manage: auto`), whose turn is the next regimen choice's.
    public var objectives: [ObjectiveReference] = []
    /// How sure the fellow said they were (0–100), when asked at a `decide: management` turn.
    public var confidence: Int? = nil
    /// Raised by the timeline (`manage: auto`), not by a `decide: management` turn.
    public var isAuto = false

    /// The fellow did not take the label's action.
    public var missed: Bool { action != reference }
}

/// What a cohort does with toxicities: per learner, per case, and the label rows most missed.
public struct ManagementCohort: Hashable, Sendable {
    public struct Figure: Hashable, Sendable {
        /// A learner's name or a case id.
        public var key: String
        public var decisions: Int
        public var meanPoints: Double
        public var maximumPoints: Int
        public var meanPercent: Double? { maximumPoints > 0 ? meanPoints * 100 / Double(maximumPoints) : nil }
    }

    /// A label row and the action taken instead of the label's.
    public struct MissedRow: Hashable, Sendable {
        /// nil: the session did not replay.
        public var row: String?
        public var chosen: String
        public var reference: String
        public var count: Int
    }

    public var decisions: Int = 0
    public var learners: [Figure] = []
    public var cases: [Figure] = []
    /// Most often missed first.
    public var missedRows: [MissedRow] = []

    /// Gathers the figures from the sessions' management decisions.
    public init(_ sessions: [SessionReport]) {
        func figures(_ key: (SessionReport) -> String) -> [Figure] {
            var grouped: [String: [ManagementReport]] = [:]
            for session in sessions where !session.managements.isEmpty {
                grouped[key(session), default: []] += session.managements
            }
            return grouped.keys.sorted { $0.compare($1, options: [.caseInsensitive, .numeric]) == .orderedAscending }
                .map { name in
                    let all = grouped[name]!
                    return Figure(
                        key: name, decisions: all.count,
                        meanPoints: Double(all.reduce(0) { $0 + $1.points }) / Double(all.count),
                        maximumPoints: all.map(\.maximumPoints).max() ?? 0)
                }
        }
        decisions = sessions.reduce(0) { $0 + $1.managements.count }
        learners = figures(\.learnerName)
        cases = figures(\.caseID)
        var counts: [MissedRow: Int] = [:]
        for session in sessions {
            for decision in session.managements where decision.missed {
                counts[
                    MissedRow(row: decision.row, chosen: decision.action, reference: decision.reference, count: 0),
                    default: 0] += 1
            }
        }
        missedRows = counts.map { key, count in
            var row = key
            row.count = count
            return row
        }.sorted { ($1.count, $0.row ?? "", $0.chosen) < ($0.count, $1.row ?? "", $1.chosen) }
    }

    public init() {}
}

extension ManagementReport {
    /// The decision as the cohort's unsafe-choice list and the calibration read it: the choice is
    /// "manage ACTION", the reference the label's action; the label row is not a rule of
    /// Scoring/rules.yaml, so it is named in the management section, not as a missed rule.
    public var asDecision: DecisionReport {
        DecisionReport(
            turn: turn, turnID: turnID, choice: "manage \(action)", tier: tier, points: points,
            maximumPoints: maximumPoints, unsafe: unsafe, reference: "manage \(reference)",
            referenceTier: referenceTier,
            objectives: objectives, missedRules: [], choiceRules: [], recorded: true, confidence: confidence)
    }
}
