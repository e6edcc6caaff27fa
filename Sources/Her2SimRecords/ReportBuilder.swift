import Foundation
import Her2SimCore

/// Builds reports from stored logs. The score and each decision's tier and points are what the
/// fellow was shown (the `assessed` events); the reference's deciding rules are recomputed by
/// replaying the session (`Session.replay`) with the case script and the disease course.
public struct ReportBuilder: Sendable {
    public let knowledge: Knowledge
    public let context: SessionContext?
    private let scripts: [String: CaseScript]
    var scriptsByID: [String: CaseScript] { scripts }

    /// `course` nil: no replay, so no rules (the recorded figures are still reported).
    public init(knowledge: Knowledge, cases: [CaseScript], course: (any DiseaseCourse)?) {
        self.knowledge = knowledge
        self.context = course.map { SessionContext(knowledge: knowledge, course: $0) }
        var scripts: [String: CaseScript] = [:]
        for script in cases where scripts[script.id] == nil { scripts[script.id] = script }
        self.scripts = scripts
    }

    public func report(store: RecordStore, filter: ReportFilter = ReportFilter()) throws(RecordsError) -> Report {
        let recorded = try store.recordedSessions(learner: filter.learner, caseID: filter.caseID, since: filter.since)
        var result = report(recorded, filter: filter)
        let confidences = try store.confidences()
        if !confidences.isEmpty {
            for index in result.sessions.indices {
                guard let sure = confidences[result.sessions[index].id] else { continue }
                for decision in result.sessions[index].decisions.indices {
                    result.sessions[index].decisions[decision].confidence =
                        sure[result.sessions[index].decisions[decision].turn]
                }
                for managed in result.sessions[index].managements.indices {
                    let report = result.sessions[index].managements[managed]
                    result.sessions[index].managements[managed].confidence =
                        sure[ManagementRecord.confidenceKey(turn: report.turn, isAuto: report.isAuto)]
                }
            }
        }
        return result
    }

    public func report(_ recorded: [RecordedSession], filter: ReportFilter = ReportFilter()) -> Report {
        let sessions = recorded.map(sessionReport)
        return Report(filter: filter, sessions: sessions, cohort: cohort(sessions))
    }

    // MARK: - Sessions

    public func sessionReport(_ recorded: RecordedSession) -> SessionReport {
        let stored = recorded.session
        let log = recorded.events
        let script = scripts[stored.caseID]
        var note: String?
        var replayed: Session?
        if script == nil {
            note = "case '\(stored.caseID)' is not in the case library"
        } else if let context, let script {
            replayed = Session.replay(log, script: script, context: context)
            if replayed == nil { note = "the log no longer replays with this case and knowledge base" }
        } else {
            note = "no disease course to replay with"
        }
        var replayedByTurn: [Int: DecisionRecord] = [:]
        for record in replayed?.decisions ?? [] { replayedByTurn[record.turn] = record }

        var assessed: [Int: (regimen: RegimenID, tier: Tier, points: Int, unsafe: Bool, reference: RegimenID)] = [:]
        var ended: (score: Int, maximum: Int)?
        var choices: [(turn: Int, regimen: RegimenID)] = []
        var managements: [ManagementReport] = []
        var replayedManagements = replayed?.managements ?? []
        for event in log {
            switch event {
            case .chose(let turn, let regimen): choices.append((turn, regimen))
            case .assessed(let turn, let regimen, let tier, let points, let unsafe, let reference):
                assessed[turn] = (regimen, tier, points, unsafe, reference)
            case .ended(let score, let maximum): ended = (score, maximum)
            case .managed(let turn, let action, let tier, let points, let unsafe, let reference):
                // The replayed record of the same decision gives the label row and the maximum.
                let index = replayedManagements.firstIndex { $0.turn == turn && $0.chosen.description == action }
                let record = index.map { replayedManagements.remove(at: $0) }
                let caseTurn = script.flatMap { turn < $0.turns.count ? $0.turns[turn] : nil }
                var management = ManagementReport(
                    turn: turn, action: action, tier: tier, points: points,
                    maximumPoints: record?.maximumPoints ?? knowledge.rubric.maximumPoints, unsafe: unsafe,
                    reference: reference, row: record?.recommendation.row.id)
                management.referenceTier = record?.recommendation.first.tier
                management.isAuto = record?.isAuto ?? !(caseTurn?.manages ?? true)
                // A decision the timeline raised sits at the next regimen turn: that turn's
                // objectives are about the regimen, not this toxicity.
                if let caseTurn, caseTurn.manages {
                    management.turnID = caseTurn.id
                    management.objectives = objectiveReferences(caseTurn, script: script, caseID: stored.caseID)
                }
                managements.append(management)
            case .started, .advanced: break
            }
        }

        let maximumPoints = knowledge.rubric.maximumPoints
        var decisions: [DecisionReport] = []
        for choice in choices {
            let record = replayedByTurn[choice.turn].flatMap { $0.assessment.choice == choice.regimen ? $0 : nil }
            let turn = script.flatMap { choice.turn < $0.turns.count ? $0.turns[choice.turn] : nil }
            let objectives = turn.map { objectiveReferences($0, script: script, caseID: stored.caseID) } ?? []
            var decision: DecisionReport
            if let fact = assessed[choice.turn], fact.regimen == choice.regimen {
                decision = DecisionReport(
                    turn: choice.turn, turnID: turn?.id, choice: choice.regimen.rawValue, tier: fact.tier,
                    points: fact.points, maximumPoints: record?.assessment.maximumPoints ?? maximumPoints,
                    unsafe: fact.unsafe, reference: fact.reference.rawValue, referenceTier: nil,
                    objectives: objectives, missedRules: [], choiceRules: [], recorded: true)
            } else if let record {
                let assessment = record.assessment
                decision = DecisionReport(
                    turn: choice.turn, turnID: turn?.id, choice: choice.regimen.rawValue, tier: assessment.tier,
                    points: assessment.points, maximumPoints: assessment.maximumPoints,
                    unsafe: assessment.unsafe, reference: record.recommendation.first.regimen.rawValue,
                    referenceTier: nil, objectives: objectives, missedRules: [], choiceRules: [],
                    recorded: false)
            } else {
                continue // a choice without an assessment, in a log that does not replay
            }
            if let record {
                let first = record.recommendation.first
                decision.referenceTier = first.tier
                decision.choiceRules = record.assessment.choiceReasons.filter { $0.role == .tier }.map(\.citation)
                if decision.tier > first.tier {
                    decision.missedRules = first.placingReasons.filter { $0.role == .tier }.map(\.citation)
                }
            }
            decisions.append(decision)
        }

        // An unfinished session's score so far: its regimen and its management decisions, as
        // the session itself counts them.
        let score = ended?.score ?? decisions.reduce(0) { $0 + $1.points } + managements.reduce(0) { $0 + $1.points }
        let maximum =
            ended?.maximum
            ?? decisions.reduce(0) { $0 + $1.maximumPoints } + managements.reduce(0) { $0 + $1.maximumPoints }
        return SessionReport(
            id: stored.id, learner: stored.learner, caseID: stored.caseID, caseTitle: script?.title,
            seed: stored.seed, started: stored.started, score: score, maximum: maximum,
            finished: ended != nil, decisions: decisions, replayed: replayed != nil,
            note: replayed == nil ? note : nil, managements: managements)
    }

    /// What a turn teaches, with the case's wording of each objective.
    private func objectiveReferences(_ turn: CaseTurn, script: CaseScript?, caseID: String) -> [ObjectiveReference] {
        turn.objectives.map { id in
            ObjectiveReference(caseID: caseID, id: id, text: script?.objectives.first { $0.id == id }?.text ?? id)
        }
    }

    // MARK: - Cohort

    public func cohort(_ sessions: [SessionReport]) -> CohortReport {
        // Per case, by case id.
        var byCase: [String: [SessionReport]] = [:]
        for session in sessions { byCase[session.caseID, default: []].append(session) }
        let cases = byCase.keys.sorted().map { caseID -> CohortReport.CaseFigure in
            let all = byCase[caseID]!
            let finished = all.filter(\.finished)
            let count = Double(finished.count)
            let meanScore = finished.isEmpty ? nil : Double(finished.reduce(0) { $0 + $1.score }) / count
            let meanMaximum = finished.isEmpty ? nil : Double(finished.reduce(0) { $0 + $1.maximum }) / count
            let percents = finished.compactMap(\.percent)
            return CohortReport.CaseFigure(
                caseID: caseID, title: all.first?.caseTitle, sessions: all.count, finished: finished.count,
                meanScore: meanScore, meanMaximum: meanMaximum,
                meanPercent: percents.isEmpty ? nil : percents.reduce(0, +) / Double(percents.count))
        }

        // Per objective: every decision of a turn that teaches it, management decisions included.
        var objectiveOrder: [ObjectiveReference] = []
        var objectiveDecisions: [ObjectiveReference: [(points: Int, maximumPoints: Int)]] = [:]
        func add(_ objectives: [ObjectiveReference], _ points: Int, _ maximumPoints: Int) {
            for objective in objectives {
                if objectiveDecisions[objective] == nil { objectiveOrder.append(objective) }
                objectiveDecisions[objective, default: []].append((points, maximumPoints))
            }
        }
        for session in sessions {
            for decision in session.decisions { add(decision.objectives, decision.points, decision.maximumPoints) }
            for managed in session.managements { add(managed.objectives, managed.points, managed.maximumPoints) }
        }
        // By case, then in the order the case lists its objectives.
        func position(_ objective: ObjectiveReference) -> Int {
            scripts[objective.caseID]?.objectives.firstIndex { $0.id == objective.id } ?? Int.max
        }
        let objectives = objectiveOrder.sorted {
            ($0.caseID, position($0), $0.id) < ($1.caseID, position($1), $1.id)
        }.map { objective in
            let decisions = objectiveDecisions[objective]!
            let maximum = decisions.map { $0.maximumPoints }.max() ?? 0
            return CohortReport.ObjectiveFigure(
                objective: objective, decisions: decisions.count,
                meanPoints: Double(decisions.reduce(0) { $0 + $1.points }) / Double(decisions.count),
                maximumPoints: maximum, fullMarks: decisions.filter { $0.points >= $0.maximumPoints }.count)
        }

        // Rules most often missed.
        var missed: [String: (rule: RuleReference, count: Int, learners: Set<String>, cases: Set<String>)] = [:]
        for session in sessions {
            for decision in session.decisions {
                for rule in decision.missedRules {
                    var entry = missed[rule.rule] ?? (rule, 0, [], [])
                    entry.count += 1
                    entry.learners.insert(LearnerName.identity(session.learnerName))
                    entry.cases.insert(session.caseID)
                    missed[rule.rule] = entry
                }
            }
        }
        let missedRules = missed.values
            .map {
                CohortReport.MissedRule(
                    rule: $0.rule, count: $0.count, learners: $0.learners.count, cases: $0.cases.sorted())
            }
            .sorted { ($1.count, $0.rule.rule) < ($0.count, $1.rule.rule) }

        // Regimen and management decisions alike, in the order they were made.
        let unsafe = sessions.flatMap { session in
            (session.decisions + session.managements.map(\.asDecision)).sorted { $0.turn < $1.turn }
                .filter(\.unsafe).map {
                    CohortReport.UnsafeChoice(
                        session: session.id, learner: session.learner, caseID: session.caseID,
                        started: session.started, decision: $0)
                }
        }

        // Progress: each learner's sessions in date order (sessions arrive oldest first).
        var learnerOrder: [String?] = []
        var entries: [String?: [CohortReport.ProgressEntry]] = [:]
        for session in sessions.sorted(by: { ($0.started, $0.id) < ($1.started, $1.id) }) {
            let key = session.learner.map(LearnerName.identity)
            if entries[key] == nil { learnerOrder.append(session.learner) }
            entries[key, default: []].append(
                CohortReport.ProgressEntry(
                    session: session.id, caseID: session.caseID, started: session.started, score: session.score,
                    maximum: session.maximum, finished: session.finished))
        }
        // Learners alphabetically (fellow-2 before fellow-10), anonymous last.
        let progress =
            learnerOrder
            .map { CohortReport.LearnerProgress(learner: $0, sessions: entries[$0.map(LearnerName.identity)] ?? []) }
            .sorted { a, b in
                guard let left = a.learner else { return false }
                guard let right = b.learner else { return true }
                return left.compare(right, options: [.caseInsensitive, .numeric]) == .orderedAscending
            }

        return CohortReport(
            sessions: sessions.count, finished: sessions.filter(\.finished).count, learners: progress.count,
            decisions: sessions.reduce(0) { $0 + $1.decisions.count + $1.managements.count },
            notReplayed: sessions.filter { !$0.replayed }.count,
            cases: cases, objectives: objectives, missedRules: missedRules, unsafeChoices: unsafe, progress: progress,
            management: ManagementCohort(sessions))
    }
}
