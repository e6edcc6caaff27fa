import Foundation
import Her2SimCore

/// A stored decision that today's knowledge base grades differently.
public struct RegradedDecision: Hashable, Sendable {
    /// A regimen choice or a toxicity-management decision.
    public enum Kind: String, Hashable, Sendable {
        case regimen, management
    }

    public var kind: Kind = .regimen
    public var session: SessionID
    public var learner: String
    public var caseID: String
    /// 0-based, as in the log.
    public var turn: Int
    public var turnID: String?
    /// The regimen chosen, or the management action taken (`hold`, `omit-capecitabine`…).
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
    /// Stored assessments checked against today's rules, regimen and management decisions.
    public var checked = 0
    /// Of `checked`, the management decisions (re-ranked by today's dose-modification tables).
    public var checkedManagements = 0
    public var changed: [RegradedDecision] = []
    /// Sessions that no longer replay (their case or a regimen is gone): not re-graded.
    public var notReplayed: [SessionID] = []
}

extension ReportBuilder {
    /// Re-scores every stored assessment with today's knowledge base (by replaying the session)
    /// and lists those whose tier changed, with today's deciding rules. Management decisions are
    /// re-ranked by the ManagementEngine on the state the fellow decided on.
    public func regrade(_ recorded: [RecordedSession]) -> RegradeReport {
        var report = RegradeReport()
        for session in recorded {
            let stored = session.session
            guard let context, let script = scriptsByID[stored.caseID],
                let replayed = Session.replay(session.events, script: script, context: context)
            else {
                if session.events.contains(where: { event in
                    switch event {
                    case .assessed, .managed: true
                    default: false
                    }
                }) {
                    report.notReplayed.append(stored.id)
                }
                continue
            }
            let first = report.changed.count
            var today: [Int: DecisionRecord] = [:]
            for record in replayed.decisions { today[record.turn] = record }
            for event in session.events {
                guard case .assessed(let turn, let regimen, let tier, let points, _, _) = event else { continue }
                guard let record = today[turn], record.assessment.choice == regimen else { continue }
                report.checked += 1
                guard record.assessment.tier != tier else { continue }
                report.changed.append(
                    RegradedDecision(
                        session: stored.id, learner: stored.learnerName, caseID: stored.caseID, turn: turn,
                        turnID: turn < script.turns.count ? script.turns[turn].id : nil, choice: regimen.rawValue,
                        recordedTier: tier, recordedPoints: points, tier: record.assessment.tier,
                        points: record.assessment.points,
                        rules: record.assessment.choiceReasons.filter { $0.role == .tier }.map(\.citation),
                        recordedKnowledgeBase: stored.knowledgeBase))
            }
            regradeManagements(session, replayed: replayed, script: script, into: &report)
            // In the order they were made: a decision the timeline raised comes before the
            // regimen choice of its turn.
            report.changed[first...].sort { a, b in
                (a.turn, a.kind == .regimen ? 1 : 0) < (b.turn, b.kind == .regimen ? 1 : 0)
            }
        }
        return report
    }

    /// The session's management decisions, each re-ranked with today's tables on the state and
    /// the toxicity the replay reached (the same ones, as the replay follows the stored log).
    private func regradeManagements(
        _ session: RecordedSession, replayed: Session, script: CaseScript,
        into report: inout RegradeReport
    ) {
        let stored = session.session
        var today = replayed.managements
        for event in session.events {
            guard case .managed(let turn, let action, let tier, let points, _, _) = event else { continue }
            guard let index = today.firstIndex(where: { $0.turn == turn && $0.chosen.id == action }) else { continue }
            let record = today.remove(at: index)
            let ranked = context?.management?.rank(record.recommendation.decision) ?? record.recommendation
            guard let option = ranked.option(for: record.chosen) else { continue }
            report.checked += 1
            report.checkedManagements += 1
            guard option.tier != tier else { continue }
            let caseTurn = turn < script.turns.count ? script.turns[turn] : nil
            report.changed.append(
                RegradedDecision(
                    kind: .management, session: stored.id, learner: stored.learnerName, caseID: stored.caseID,
                    turn: turn,
                    turnID: caseTurn?.manages == true ? caseTurn?.id : nil, choice: action,
                    recordedTier: tier, recordedPoints: points, tier: option.tier,
                    points: knowledge.rubric.points[option.tier] ?? 0,
                    rules: option.reasons.filter { $0.role == .tier }.map(\.citation),
                    recordedKnowledgeBase: stored.knowledgeBase))
        }
    }
}
