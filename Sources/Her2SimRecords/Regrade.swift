import Foundation
import Her2SimCore

/// A stored decision that today's knowledge base grades differently.
public struct RegradedDecision: Hashable, Sendable {
    public var session: SessionID
    public var learner: String
    public var caseID: String
    /// 0-based, as in the log.
    public var turn: Int
    public var turnID: String?
    public var choice: String
    public var recordedTier: Tier
    public var recordedPoints: Int
    public var tier: Tier
    public var points: Int
    /// Today's rules that set the choice's tier: what changed it.
    public var rules: [RuleReference]
    /// The knowledge base the decision was graded with (nil: recorded before her2sim kept it).
    public var recordedKnowledgeBase: String?
}

/// What `report --regrade` found.
public struct RegradeReport: Hashable, Sendable {
    /// Stored assessments checked against today's rules.
    public var checked = 0
    public var changed: [RegradedDecision] = []
    /// Sessions that no longer replay (their case or a regimen is gone): not re-graded.
    public var notReplayed: [SessionID] = []
}

extension ReportBuilder {
    /// Re-scores every stored assessment with today's knowledge base (by replaying the session)
    /// and lists those whose tier changed, with today's deciding rules.
    public func regrade(_ recorded: [RecordedSession]) -> RegradeReport {
        var report = RegradeReport()
        for session in recorded {
            let stored = session.session
            guard let context, let script = scriptsByID[stored.caseID],
                  let replayed = Session.replay(session.events, script: script, context: context) else {
                if session.events.contains(where: { if case .assessed = $0 { true } else { false } }) {
                    report.notReplayed.append(stored.id)
                }
                continue
            }
            var today: [Int: DecisionRecord] = [:]
            for record in replayed.decisions { today[record.turn] = record }
            for event in session.events {
                guard case .assessed(let turn, let regimen, let tier, let points, _, _) = event else { continue }
                guard let record = today[turn], record.assessment.choice == regimen else { continue }
                report.checked += 1
                guard record.assessment.tier != tier else { continue }
                report.changed.append(RegradedDecision(
                    session: stored.id, learner: stored.learnerName, caseID: stored.caseID, turn: turn,
                    turnID: turn < script.turns.count ? script.turns[turn].id : nil, choice: regimen,
                    recordedTier: tier, recordedPoints: points, tier: record.assessment.tier,
                    points: record.assessment.points,
                    rules: record.assessment.choiceReasons.filter { $0.role == .tier }.map(\.citation),
                    recordedKnowledgeBase: stored.knowledgeBase))
            }
        }
        return report
    }
}
