import Foundation

/// What a session needs from the rest of her2sim: knowledge, the engine, the rubric and a model
/// of the disease course.
public struct SessionContext: Sendable {
    public let knowledge: Knowledge
    public let engine: ReferenceEngine
    public let scorer: Scorer
    public let course: any DiseaseCourse
    /// Ranks toxicity-management decisions; nil without `Scoring/dose-modifications.yaml`
    /// (management turns are then skipped).
    public let management: ManagementEngine?

    public init(knowledge: Knowledge, course: any DiseaseCourse, doseModifications: DoseModificationTable? = nil) {
        self.knowledge = knowledge
        self.engine = ReferenceEngine(knowledge: knowledge)
        self.scorer = Scorer(rubric: knowledge.rubric)
        self.course = course
        let table = doseModifications ?? (course as? Simulator)?.model.doseModifications.table
        self.management = table.map { ManagementEngine(knowledge: knowledge, table: $0) }
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
    /// The path as it stood when the turn was shown: what its guards were evaluated on.
    public var path: PathFacts = PathFacts()
    /// What the chosen regimen did until the next decision or the end of the case; `nil` when a
    /// branch ended the case at once (the author's closing words tell what followed).
    public var interval: Interval?
    /// Scripted `at-month` events that did not happen: the line ended before their month.
    public var missedEvents: [MissedEvent] = []
}

/// A case being played: pure and deterministic — the same case, seed and choices give the same
/// session, so a session can be stored as its event log and replayed.
public struct Session: Sendable {
    public let script: CaseScript
    public let seed: UInt64
    public let learner: String?
    public let context: SessionContext

    public internal(set) var state: PatientState
    /// The turn awaiting a decision (meaningless once `isOver`).
    public internal(set) var turnIndex: Int = 0
    public internal(set) var log: [SessionEvent]
    public internal(set) var decisions: [DecisionRecord] = []
    /// The toxicity-management decisions made so far, in order.
    public internal(set) var managements: [ManagementRecord] = []
    /// The management decision awaiting the fellow (a `decide: management` turn, or one the
    /// timeline raised in a `manage: auto` case); nil when a regimen is to be chosen.
    public internal(set) var pendingManagement: ManagementDecision?
    /// The pending management decision was raised by the timeline (`manage: auto`), not a turn.
    public internal(set) var pendingIsAuto = false
    public internal(set) var isOver = false
    /// Months since the case began.
    public internal(set) var elapsedMonths: Double = 0
    /// The path played so far, for the turns' guards: the previous choice and all she received.
    public internal(set) var path: PathFacts
    /// A branch's narrative that replaces the current turn's.
    var narrativeOverride: NarrativeTemplate?
    /// Narrative-only turns (`decide: none`) passed on the way to the current turn.
    var interludes: [Int] = []
    /// Narrative-only turns after the last decision, shown when the case ends.
    public internal(set) var epilogueTurns: [Int] = []

    public init(script: CaseScript, seed: UInt64, learner: String? = nil, context: SessionContext) {
        self.script = script
        self.seed = seed
        self.learner = learner
        self.context = context
        let path = PathFacts(
            received: Set(
                script.initialState.history.map {
                    context.knowledge.regimen($0.regimen)?.id ?? $0.regimen
                }))
        var start = path
        start.course = CourseFacts(start: script.initialState)
        self.path = start
        self.state = script.initialState.applying((script.turns.first?.events(on: path) ?? []).map(\.event))
        self.log = [.started(caseID: script.id, seed: seed, learner: learner)]
        skipTurnsWithoutDecision()
        settleManagement(afterChoosing: nil)
    }

    /// Rebuilds a session from its log; `nil` when the log does not belong to this case or a
    /// choice in it is not a regimen of the knowledge base.
    public static func replay(_ log: [SessionEvent], script: CaseScript, context: SessionContext) -> Session? {
        guard case .started(let caseID, let seed, let learner)? = log.first, caseID == script.id else { return nil }
        var session = Session(script: script, seed: seed, learner: learner, context: context)
        for event in log.dropFirst() {
            if case .managed(let turn, let action, _, _, _, _) = event {
                guard turn == session.turnIndex, !session.isOver, let parsed = ManagementAction(id: action),
                    session.manage(parsed) != nil
                else { return nil }
                continue
            }
            guard case .chose(let turn, let regimen) = event else { continue }
            guard turn == session.turnIndex, !session.isOver,
                session.choose(regimen) != nil
            else { return nil }
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
        let parts =
            interludes.compactMap { script.turns[$0].narrative(on: path) }
            + [narrativeOverride ?? turn.narrative(on: path)].compactMap { $0 }
        return parts.map { $0.render(narrativeContext).trimmingCharacters(in: .whitespacesAndNewlines) }
            .joined(separator: "\n\n")
    }

    /// The closing narrative once the case has ended normally (`decide: none` turns at the end).
    public var epilogue: String? {
        guard isOver, !epilogueTurns.isEmpty else { return nil }
        let texts = epilogueTurns.compactMap { script.turns[$0].narrative(on: path) }
            .map { $0.render(narrativeContext).trimmingCharacters(in: .whitespacesAndNewlines) }
        return texts.isEmpty ? nil : texts.joined(separator: "\n\n")
    }

    public var narrativeContext: NarrativeTemplate.Context {
        let last = state.history.last.flatMap { context.knowledge.regimen($0.regimen)?.name }
        return NarrativeTemplate.Context(state: state, line: line, lastRegimenName: last, totalMonths: elapsedMonths)
    }

    /// What happened on the regimen chosen at the previous decision (`nil` before the first).
    public var currentInterval: Interval? { latestManagement?.interval ?? decisions.last?.interval }

    /// The last management decision when it came after the last regimen choice: at a later turn
    /// (an automatic one carries the turn of the regimen choice it comes before). Months cannot
    /// tell: a management that opens the case and ends its line at once leaves the clock at 0.
    public var latestManagement: ManagementRecord? {
        guard let last = managements.last, last.turn > (decisions.last?.turn ?? -1),
            last.interval != nil
        else { return nil }
        return last
    }

    /// The engine's paragraph on what the regimen chosen at the previous decision did, written
    /// from its timeline ("She received T-DXd … for 9 months. …"); empty before the first.
    public var intervalText: String {
        if let management = latestManagement, let interval = management.interval {
            return IntervalWriter(narration: context.course.narration, knowledge: context.knowledge)
                .paragraph(interval, before: management.state)
        }
        return decisions.last.map(intervalText(of:)) ?? ""
    }

    public func intervalText(of record: DecisionRecord) -> String {
        guard let interval = record.interval else { return "" }
        return IntervalWriter(narration: context.course.narration, knowledge: context.knowledge)
            .paragraph(interval, before: record.state)
    }

    /// The author's teaching of a decision, as it holds on the path the fellow played.
    public func teaching(of record: DecisionRecord) -> String {
        script.turns[record.turn].teaching(on: record.path)
    }

    /// The author's expected answer at a decision on the path played (empty: none holds).
    public func answer(of record: DecisionRecord) -> [RegimenID] {
        script.turns[record.turn].answer(on: record.path)
    }

    public var score: Int {
        decisions.reduce(0) { $0 + $1.assessment.points } + managements.reduce(0) { $0 + $1.points }
    }

    public var maximumScore: Int {
        decisions.reduce(0) { $0 + $1.assessment.maximumPoints } + managements.reduce(0) { $0 + $1.maximumPoints }
    }

    /// The decision awaiting the fellow, 1-based, counting every decision she makes: regimen
    /// choices and management decisions alike.
    public var decisionNumber: Int { decisions.count + managements.count + 1 }

    /// The decisions of the case as far as they are known: its regimen and management turns, and
    /// the management decisions the timeline has raised so far (`manage: auto`).
    public var decisionTotal: Int {
        script.decisions + script.managementTurns + managements.count(where: \.isAuto) + (pendingIsAuto ? 1 : 0)
    }

    /// The maximum over the whole case, for a score out of N before it ends.
    public var maximumCaseScore: Int {
        (script.decisions + script.managementTurns) * context.knowledge.rubric.maximumPoints
    }

    // MARK: - Deciding

    /// Chooses `regimen` (a canonical id) at the current turn: scores it, then advances the case.
    /// `nil` when the case is over or the regimen is unknown — the state is then untouched.
    @discardableResult
    public mutating func choose(_ regimen: RegimenID) -> DecisionRecord? { choose(regimen.rawValue) }

    /// Chooses a regimen by id or alias, as a fellow types it.
    @discardableResult
    public mutating func choose(_ regimen: String) -> DecisionRecord? {
        // Tools that play regimen choices only (paths, playtests, previews) take the label's own
        // action at a management decision on the way; the REPL asks the fellow first.
        if let pending = pendingManagement, let action = context.management?.rank(pending)?.first.action {
            guard manage(action) != nil else { return nil }
        }
        guard !isOver, let turn = currentTurn, turn.decides, pendingManagement == nil,
            let id = context.knowledge.regimen(named: regimen)?.id
        else { return nil }
        let recommendation = context.engine.rank(state)
        guard
            let assessment = context.scorer.assess(
                id, for: state, engine: context.engine,
                recommendation: recommendation)
        else { return nil }
        log.append(.chose(turn: turnIndex, regimen: id))
        log.append(
            .assessed(
                turn: turnIndex, regimen: id, tier: assessment.tier, points: assessment.points,
                unsafe: assessment.unsafe, reference: recommendation.first.regimen))
        let branch = turn.branch(for: id, tier: assessment.tier, on: path)
        let nextIndex = nextDecidingTurn(after: turnIndex)
        let nextTurn = nextIndex.map { script.turns[$0] }
        let endsHere = branch?.ends == true || nextTurn == nil
        // A trial chosen when none is open cannot be entered: she gets no anticancer therapy.
        let given = Self.given(id, in: state)
        let after = PathFacts(chosen: id, tier: assessment.tier, received: path.received.union([given]))
        // Events of the next deciding turn and of any narrative-only turns before it — or, when
        // the case ends normally, of the closing narrative-only turns — as they hold on this path.
        let following =
            branch?.ends == true ? [] : Array((turnIndex + 1)..<(nextIndex.map { $0 + 1 } ?? script.turns.count))
        let outcome: CourseOutcome
        var interval: Interval?
        var missedEvents: [MissedEvent] = []
        if let branch, branch.ends {
            // The author's closing words tell what followed and when; the engine invents no
            // course, but what the branch scripts happened (undated, month 0 in the log), and she
            // received the regimen: a line of no simulated length, not an earlier line's months.
            var closed = state.applying(branch.events)
            closed.history.append(TherapyLine(regimen: given, months: 0, stopped: .completed))
            outcome = CourseOutcome(
                state: closed, months: 0,
                events: branch.events.map { TimedEvent(month: 0, event: $0) },
                scriptedEvents: Array(branch.events.indices))
            interval = branch.events.isEmpty ? nil : Self.closing(given, chosen: id, events: branch.events)
        } else {
            let applicable = following.flatMap { script.turns[$0].events(on: after) }.filter { applies($0, to: given) }
            let scripted = applicable.filter { $0.atMonth == nil }.map(\.event) + (branch?.events ?? [])
            let timed = applicable.filter { $0.atMonth != nil }
            let months = endsHere ? nil : nextTurn!.afterMonths(on: after)
            let (course, start, index) = (context.course, state, decisions.count)
            var untimed = scripted
            var advanced = course.advance(
                start, choosing: given, seed: seed, decisionIndex: index,
                scripted: untimed, months: months)
            // A management turn whose regimen progressed before it has nothing to manage: what it
            // scripts (the toxicity it is about) does not happen.
            if let nextIndex, nextTurn?.manages == true, advanced.state.history.last?.stopped == .progression {
                untimed =
                    following.filter { $0 != nextIndex }.flatMap { script.turns[$0].events(on: after) }
                    .filter { $0.atMonth == nil && applies($0, to: given) }.map(\.event) + (branch?.events ?? [])
                advanced = course.advance(
                    start, choosing: given, seed: seed, decisionIndex: index,
                    scripted: untimed, months: months)
            }
            if !timed.isEmpty {
                let placer = TimedEventPlacer(before: start)
                let placed = placer.place(timed, in: advanced) { [seed, untimed] event, month in
                    course.advance(
                        start, choosing: given, seed: seed, decisionIndex: index,
                        scripted: untimed + [event], months: month)
                }
                advanced = placed.outcome
                missedEvents = placed.missed
            }
            outcome = advanced
            interval = Self.interval(of: given, outcome: outcome)
            interval?.chosen = id
        }
        var record = DecisionRecord(
            turn: turnIndex, state: state, recommendation: recommendation,
            assessment: assessment, branch: branch, outcome: outcome, startMonth: elapsedMonths)
        record.path = path
        record.interval = interval
        record.missedEvents = missedEvents
        path = after.continuing(from: path, with: interval)
        decisions.append(record)
        log.append(.advanced(turn: turnIndex, months: outcome.months, events: outcome.events))
        state = outcome.state
        elapsedMonths += outcome.months
        // A fatal toxicity (grade 5) ends the case: nothing the script has next can happen.
        if endsHere || outcome.isFatal {
            isOver = true
            epilogueTurns = outcome.isFatal ? [] : following
            log.append(.ended(score: score, maximum: maximumScore))
        } else {
            interludes = Array(following.dropLast())
            turnIndex = nextIndex!
            narrativeOverride = branch?.narrative
            settleManagement(afterChoosing: given)
        }
        return record
    }

    /// Whether an unguarded scripted event may happen on `regimen`: the simulator decides the
    /// response, and a toxicity the regimen cannot cause (its profile in Scoring/regimens.yaml)
    /// does not happen. Guarded events held on this path, so the author meant them.
    func applies(_ scripted: ScriptedEvent, to regimen: RegimenID) -> Bool {
        guard scripted.when == nil else { return true }
        switch scripted.event {
        case .response: return false
        case .toxicity(let toxicity, let grade):
            let profile =
                context.course.toxicities(of: regimen)
                ?? Set(context.knowledge.regimen(regimen)?.toxicities.rates.keys.map { $0 } ?? [])
            return grade == 0 || profile.contains(toxicity)
        default: return true
        }
    }

    /// What is given when the fellow chooses `regimen`: a trial with none open to her cannot be
    /// entered, so the interval runs as best supportive care (no anticancer therapy).
    public static func given(_ regimen: RegimenID, in state: PatientState) -> RegimenID {
        regimen == clinicalTrial && !state.trialAvailable ? supportiveCare : regimen
    }

    static let clinicalTrial: RegimenID = "clinical-trial"
    static let supportiveCare: RegimenID = "best-supportive-care"

    /// The events of a branch that ends the case, undated: its closing words tell when.
    static func closing(_ regimen: RegimenID, chosen: RegimenID, events: [ClinicalEvent]) -> Interval {
        var interval = Interval(
            regimen: regimen, months: 0, bestResponse: nil, stopped: nil,
            events: events.map { Interval.Event(month: 0, event: $0) },
            isSupportiveCare: regimen == supportiveCare)
        interval.chosen = chosen
        interval.isClosing = true
        return interval
    }

    /// The interval on `regimen` as the timeline holds it.
    static func interval(of regimen: RegimenID, outcome: CourseOutcome) -> Interval {
        let line = outcome.state.history.last { $0.regimen == regimen }
        var best: Response?
        let order: [Response] = [.progression, .stable, .partial, .complete]
        for case .response(let response) in outcome.events.map(\.event) {
            if best.map({ order.firstIndex(of: response)! > order.firstIndex(of: $0)! }) ?? true { best = response }
        }
        return Interval(
            regimen: regimen, months: outcome.months, bestResponse: best ?? line?.response,
            stopped: line?.stopped, stoppingToxicity: line?.toxicity,
            events: outcome.events.map { Interval.Event(month: $0.month, event: $0.event) },
            isSupportiveCare: regimen == supportiveCare)
    }

    /// The index of the next turn that asks for a decision; narrative-only turns in between
    /// only add their events.
    func nextDecidingTurn(after index: Int) -> Int? {
        var next = index + 1
        while next < script.turns.count {
            if script.turns[next].decides || script.turns[next].manages { return next }
            next += 1
        }
        return nil
    }

    mutating func skipTurnsWithoutDecision() {
        while turnIndex < script.turns.count, !script.turns[turnIndex].decides, !script.turns[turnIndex].manages {
            interludes.append(turnIndex)
            turnIndex += 1
            if turnIndex < script.turns.count {
                state = state.applying(script.turns[turnIndex].events(on: path).map(\.event))
            }
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
