import Foundation

/// What a session needs from the rest of her2sim: knowledge, the engine, the rubric and a model
/// of the disease course.
public struct SessionContext: Sendable {
    public let knowledge: Knowledge
    public let engine: ReferenceEngine
    public let scorer: Scorer
    public let course: any DiseaseCourse

    public init(knowledge: Knowledge, course: any DiseaseCourse) {
        self.knowledge = knowledge
        self.engine = ReferenceEngine(knowledge: knowledge)
        self.scorer = Scorer(rubric: knowledge.rubric)
        self.course = course
    }
}

/// One decision and everything that followed from it.
public struct DecisionRecord: Hashable, Sendable {
    public var turn: Int
    /// The state the fellow decided on.
    public var state: PatientState
    public var recommendation: Recommendation
    public var assessment: Assessment
    /// The branch of the case script the choice triggered, if any.
    public var branch: ChoiceBranch?
    /// What the regimen did until the next decision (or the end of the case).
    public var outcome: CourseOutcome
    /// Months since the case began, at the decision.
    public var startMonth: Double
}

/// A case being played: pure and deterministic — the same case, seed and choices give the same
/// session, so a session can be stored as its event log and replayed.
public struct Session: Sendable {
    public let script: CaseScript
    public let seed: UInt64
    public let learner: String?
    public let context: SessionContext

    public private(set) var state: PatientState
    /// The turn awaiting a decision (meaningless once `isOver`).
    public private(set) var turnIndex: Int = 0
    public private(set) var log: [SessionEvent]
    public private(set) var decisions: [DecisionRecord] = []
    public private(set) var isOver = false
    /// Months since the case began.
    public private(set) var elapsedMonths: Double = 0
    /// A branch's narrative that replaces the current turn's.
    private var narrativeOverride: NarrativeTemplate?
    /// Narrative-only turns (`decide: none`) passed on the way to the current turn.
    private var interludes: [Int] = []
    /// Narrative-only turns after the last decision, shown when the case ends.
    public private(set) var epilogueTurns: [Int] = []

    public init(script: CaseScript, seed: UInt64, learner: String? = nil, context: SessionContext) {
        self.script = script
        self.seed = seed
        self.learner = learner
        self.context = context
        self.state = script.initialState.applying(script.turns.first?.events ?? [])
        self.log = [.started(caseID: script.id, seed: seed, learner: learner)]
        skipTurnsWithoutDecision()
    }

    /// Rebuilds a session from its log; `nil` when the log does not belong to this case or a
    /// choice in it is not a regimen of the knowledge base.
    public static func replay(_ log: [SessionEvent], script: CaseScript, context: SessionContext) -> Session? {
        guard case .started(let caseID, let seed, let learner)? = log.first, caseID == script.id else { return nil }
        var session = Session(script: script, seed: seed, learner: learner, context: context)
        for event in log.dropFirst() {
            guard case .chose(let turn, let regimen) = event else { continue }
            guard turn == session.turnIndex, !session.isOver,
                  session.choose(regimen) != nil else { return nil }
        }
        return session
    }

    // MARK: - Reading

    public var currentTurn: CaseTurn? { isOver ? nil : script.turns[turnIndex] }

    /// The line of therapy about to be chosen.
    public var line: Int { context.engine.line(of: state) }

    /// The current turn's narrative with its placeholders filled, after any narrative-only
    /// turns passed on the way (blank lines between them).
    public var narrative: String {
        guard let turn = currentTurn else { return "" }
        let parts = interludes.map { script.turns[$0].narrative } + [narrativeOverride ?? turn.narrative]
        return parts.map { $0.render(narrativeContext).trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: "\n\n")
    }

    /// The closing narrative once the case has ended normally (`decide: none` turns at the end).
    public var epilogue: String? {
        guard isOver, !epilogueTurns.isEmpty else { return nil }
        return epilogueTurns.map { script.turns[$0].narrative.render(narrativeContext).trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: "\n\n")
    }

    public var narrativeContext: NarrativeTemplate.Context {
        let last = state.history.last.flatMap { context.knowledge.regimen(named: $0.regimen)?.name }
        return NarrativeTemplate.Context(state: state, line: line, lastRegimenName: last, totalMonths: elapsedMonths)
    }

    public var score: Int { decisions.reduce(0) { $0 + $1.assessment.points } }

    public var maximumScore: Int { decisions.reduce(0) { $0 + $1.assessment.maximumPoints } }

    /// The maximum over the whole case, for a score out of N before it ends.
    public var maximumCaseScore: Int { script.decisions * context.knowledge.rubric.maximumPoints }

    // MARK: - Deciding

    /// Chooses `regimen` (a canonical id) at the current turn: scores it, then advances the case.
    /// `nil` when the case is over or the regimen is unknown — the state is then untouched.
    @discardableResult
    public mutating func choose(_ regimen: String) -> DecisionRecord? {
        guard !isOver, let turn = currentTurn, turn.decides,
              let id = context.knowledge.canonicalRegimenID(regimen) else { return nil }
        let recommendation = context.engine.rank(state)
        guard let assessment = context.scorer.assess(id, for: state, engine: context.engine,
                                                     recommendation: recommendation) else { return nil }
        log.append(.chose(turn: turnIndex, regimen: id))
        log.append(.assessed(turn: turnIndex, regimen: id, tier: assessment.tier, points: assessment.points,
                             unsafe: assessment.unsafe, reference: recommendation.first.regimen))
        let branch = turn.branch(for: id, tier: assessment.tier)
        let nextIndex = nextDecidingTurn(after: turnIndex)
        let nextTurn = nextIndex.map { script.turns[$0] }
        let endsHere = branch?.ends == true || nextTurn == nil
        // Events of the next deciding turn and of any narrative-only turns before it — or, when
        // the case ends normally, of the closing narrative-only turns.
        let following = branch?.ends == true ? [] : Array((turnIndex + 1)..<(nextIndex.map { $0 + 1 } ?? script.turns.count))
        let scripted = following.flatMap { script.turns[$0].events } + (branch?.events ?? [])
        let outcome = context.course.advance(state, choosing: id, seed: seed, decisionIndex: decisions.count,
                                             scripted: scripted, months: endsHere ? nil : nextTurn!.afterMonths)
        let record = DecisionRecord(turn: turnIndex, state: state, recommendation: recommendation,
                                    assessment: assessment, branch: branch, outcome: outcome, startMonth: elapsedMonths)
        decisions.append(record)
        log.append(.advanced(turn: turnIndex, months: outcome.months, events: outcome.events))
        state = outcome.state
        elapsedMonths += outcome.months
        if endsHere {
            isOver = true
            epilogueTurns = following
            log.append(.ended(score: score, maximum: maximumScore))
        } else {
            interludes = Array(following.dropLast())
            turnIndex = nextIndex!
            narrativeOverride = branch?.narrative
        }
        return record
    }

    /// The index of the next turn that asks for a decision; narrative-only turns in between
    /// only add their events.
    private func nextDecidingTurn(after index: Int) -> Int? {
        var next = index + 1
        while next < script.turns.count {
            if script.turns[next].decides { return next }
            next += 1
        }
        return nil
    }

    private mutating func skipTurnsWithoutDecision() {
        while turnIndex < script.turns.count, !script.turns[turnIndex].decides {
            interludes.append(turnIndex)
            turnIndex += 1
            if turnIndex < script.turns.count { state = state.applying(script.turns[turnIndex].events) }
        }
        if turnIndex >= script.turns.count {
            isOver = true
            log.append(.ended(score: 0, maximum: 0))
        }
    }

    // MARK: - Counterfactual

    /// The same case and seed played with the reference's first choice at every decision.
    public func referenceReplay() -> Session {
        var replay = Session(script: script, seed: seed, learner: nil, context: context)
        while !replay.isOver {
            let choice = context.engine.rank(replay.state).first.regimen
            guard replay.choose(choice) != nil else { break }
        }
        return replay
    }
}
