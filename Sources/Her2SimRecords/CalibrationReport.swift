import Foundation
import Her2SimCore

/// How well the fellows' confidence matched their decisions — the CME outcome measure: the
/// Brier score of confidence/100 against "the choice was in the reference's best tier", a
/// reliability table by confidence band, and the decisions made at 80 or more that were
/// not recommended or worse ("confidently wrong").
public struct CalibrationReport: Hashable, Sendable {
    public struct Band: Hashable, Sendable {
        /// Inclusive bounds, e.g. 80…100.
        public var lower: Int
        public var upper: Int
        public var decisions: Int
        /// Mean confidence in the band (0–100); nil when empty.
        public var meanConfidence: Double?
        /// Fraction of its decisions in the reference's best tier; nil when empty.
        public var fractionCorrect: Double?
    }

    public struct Entry: Hashable, Sendable {
        public var session: SessionID
        public var learner: String
        public var caseID: String
        public var turn: Int
        public var choice: String
        public var tier: Tier
        public var confidence: Int
    }

    /// Decisions with a confidence.
    public var decisions: Int
    /// Mean of (confidence/100 − correct)²: 0 is perfect, 0.25 is always saying 50.
    public var brier: Double?
    public var bands: [Band]
    public var confidentlyWrong: [Entry]

    public static let bandBounds = [(0, 19), (20, 39), (40, 59), (60, 79), (80, 100)]
    public static let confidentlyWrongThreshold = 80

    /// Whether a decision counts as correct: its tier is the reference's best (its first
    /// choice's tier, known from the replay; without one, the choice is the reference's).
    public static func correct(_ decision: DecisionReport) -> Bool {
        if let best = decision.referenceTier { return decision.tier <= best }
        return decision.choice == decision.reference
    }

    public init(_ sessions: [SessionReport]) {
        var pairs: [(confidence: Int, correct: Bool)] = []
        var wrong: [Entry] = []
        for session in sessions {
            // Management decisions too: how sure a fellow is about the labels' tables counts.
            for decision in session.decisions + session.managements.map(\.asDecision) {
                guard let confidence = decision.confidence else { continue }
                pairs.append((confidence, Self.correct(decision)))
                if confidence >= Self.confidentlyWrongThreshold, decision.tier >= .notRecommended {
                    wrong.append(
                        Entry(
                            session: session.id, learner: session.learnerName, caseID: session.caseID,
                            turn: decision.turn, choice: decision.choice, tier: decision.tier,
                            confidence: confidence))
                }
            }
        }
        decisions = pairs.count
        brier =
            pairs.isEmpty
            ? nil
            : pairs.map { pair in
                let error = Double(pair.confidence) / 100 - (pair.correct ? 1 : 0)
                return error * error
            }.reduce(0, +) / Double(pairs.count)
        bands = Self.bandBounds.map { lower, upper in
            let inside = pairs.filter { $0.confidence >= lower && $0.confidence <= upper }
            return Band(
                lower: lower, upper: upper, decisions: inside.count,
                meanConfidence: inside.isEmpty
                    ? nil : Double(inside.map(\.confidence).reduce(0, +)) / Double(inside.count),
                fractionCorrect: inside.isEmpty ? nil : Double(inside.filter(\.correct).count) / Double(inside.count))
        }
        confidentlyWrong = wrong
    }
}

extension Report {
    /// Calibration of the whole cohort.
    public var calibration: CalibrationReport { CalibrationReport(sessions) }

    /// Calibration per learner, by name.
    public var calibrationByLearner: [(learner: String, calibration: CalibrationReport)] {
        Dictionary(grouping: sessions, by: \.learnerName).sorted { $0.key < $1.key }
            .map { ($0.key, CalibrationReport($0.value)) }
    }
}
