/// One toxicity-management decision and what followed from it.
public struct ManagementRecord: Hashable, Sendable {
    /// The turn it was made at (for an automatic one, the regimen turn it came before).
    public var turn: Int
    /// The state the fellow decided on.
    public var state: PatientState
    public var recommendation: ManagementRecommendation
    public var chosen: ManagementAction
    public var option: ManagementOption
    public var points: Int
    public var maximumPoints: Int
    public var unsafe: Bool
    /// Raised by the timeline in a `manage: auto` case rather than scripted by a turn.
    public var isAuto: Bool
    public var outcome: CourseOutcome
    /// Months since the case began, at the decision.
    public var startMonth: Double
    /// How the regimen went on; nil when it was discontinued.
    public var interval: Interval?
    public var path: PathFacts

    /// The label's own action for this occurrence.
    public var reference: ManagementAction { recommendation.first.action }

    /// Where the records keep how sure the fellow was of it: its turn, like a regimen decision
    /// (a management turn never also chooses a regimen); one the timeline raised shares its turn
    /// with the regimen decision after it, so it is kept at `autoConfidenceOffset + turn` (the
    /// records' turn column takes no negative number, and no case has that many turns).
    public var confidenceKey: Int { Self.confidenceKey(turn: turn, isAuto: isAuto) }

    public static let autoConfidenceOffset = 100_000

    public static func confidenceKey(turn: Int, isAuto: Bool) -> Int { isAuto ? autoConfidenceOffset + turn : turn }
}

extension Session {
    /// The management decision a `decide: management` turn asks for on this path: the regimen she
    /// is still receiving and the toxicity the turn scripts (else her worst current one) that the
    /// labels' tables cover; nil when there is nothing to manage (the regimen already ended).
    func scriptedManagementDecision(at index: Int) -> ManagementDecision? {
        guard let engine = context.management, let last = state.history.last, last.setting == .metastatic,
            last.stopped == .completed || last.stopped == .toxicity
        else { return nil }
        // A turn that scripts its toxicity manages that one, where its guard holds on this path;
        // a turn that scripts none manages her worst current toxicity the tables cover.
        let turn = script.turns[index]
        let scriptsToxicity =
            (turn.scriptedEvents.isEmpty ? turn.events.map { ScriptedEvent(event: $0) } : turn.scriptedEvents)
            .contains { if case .toxicity(_, let grade) = $0.event { grade > 0 } else { false } }
        var candidates: [(Toxicity, Int)] = []
        for scripted in turn.events(on: path) {
            // Only what happened: a scripted toxicity the course did not reach is not managed.
            if case .toxicity(let toxicity, let grade) = scripted.event, grade > 0, state.toxicities[toxicity] > 0 {
                candidates.append((toxicity, state.toxicities[toxicity]))
            }
        }
        if !scriptsToxicity {
            candidates += state.toxicities.present.sorted { $0.grade > $1.grade }.map { ($0.toxicity, $0.grade) }
        }
        for (toxicity, grade) in candidates {
            // The simulator may already have stopped the line for the very toxicity the turn is
            // about: that is the fellow's decision to make.
            if last.stopped == .toxicity, last.toxicity?.toxicity != toxicity { continue }
            let decision = ManagementDecision(
                regimen: last.regimen, months: last.months, toxicity: toxicity,
                grade: grade, occurrence: occurrence(of: toxicity, on: last.regimen),
                heartFailure: state.heartFailure)
            if engine.rank(decision) != nil { return decision }
        }
        return nil
    }

    /// 1 + the times this toxicity was already managed on this regimen in this case.
    func occurrence(of toxicity: Toxicity, on regimen: RegimenID) -> Int {
        1
            + managements.count {
                $0.recommendation.decision.regimen == regimen && $0.recommendation.decision.toxicity == toxicity
            }
    }

    /// A line the timeline stopped for the toxicity now being managed is still being given: the
    /// fellow decides whether it ends (and the interval must not say it already has).
    private mutating func reopenLastLine() {
        guard let index = state.history.indices.last, state.history[index].stopped == .toxicity else { return }
        state.history[index].stopped = .completed
        state.history[index].toxicity = nil
        if let last = decisions.indices.last, decisions[last].interval != nil {
            decisions[last].interval?.stopped = .completed
            decisions[last].interval?.stoppingToxicity = nil
            decisions[last].outcome.state = state
        }
    }

    /// The regimen a skipped management turn interrupted goes on to the next turn, as part of the
    /// decision that started it.
    @discardableResult
    private mutating func continueInterruptedRegimen() -> Bool {
        guard let last = state.history.last, last.setting == .metastatic, last.stopped == .completed,
            let index = decisions.indices.last, decisions[index].assessment.choice == last.regimen
        else { return false }
        let next = nextDecidingTurn(after: turnIndex)
        let following = Array((turnIndex + 1)..<(next.map { $0 + 1 } ?? script.turns.count))
        // The toxicity the skipped turn was about is managed as the labels would: it resolves.
        var resolved: [ClinicalEvent] = []
        for scripted in script.turns[turnIndex].events(on: path) {
            if case .toxicity(let toxicity, _) = scripted.event, state.toxicities[toxicity] > 0 {
                resolved.append(.toxicity(toxicity, grade: 0))
            }
        }
        let scripted =
            resolved
            + following.flatMap { script.turns[$0].events(on: path) }
            .filter { applies($0, to: last.regimen) }.map(\.event)
        let months = next.flatMap { script.turns[$0].afterMonths(on: path) }
        let outcome = context.course.advance(
            state, choosing: last.regimen, seed: seed,
            decisionIndex: decisions.count + managements.count,
            scripted: scripted, months: months)
        var record = decisions[index]
        let offset = record.outcome.months
        record.outcome = CourseOutcome(
            state: outcome.state, months: offset + outcome.months,
            events: record.outcome.events + outcome.events.map { TimedEvent(month: $0.month + offset, event: $0.event) }
        )
        if record.interval != nil { record.interval = Self.interval(of: last.regimen, outcome: record.outcome) }
        decisions[index] = record
        log.append(.advanced(turn: turnIndex, months: outcome.months, events: outcome.events))
        state = outcome.state
        elapsedMonths += outcome.months
        return true
    }

    /// After a regimen choice (or a management decision) has moved the case to `turnIndex`: a
    /// management turn gets its decision, or is read as narrative when there is nothing to manage;
    /// in a `manage: auto` case a grade >= 3 toxicity that ended a responding regimen becomes a
    /// management decision before the next regimen is chosen.
    mutating func settleManagement(afterChoosing regimen: RegimenID?) {
        pendingManagement = nil
        pendingIsAuto = false
        while !isOver, let turn = currentTurn, turn.manages {
            if let decision = scriptedManagementDecision(at: turnIndex) {
                reopenLastLine()
                pendingManagement = decision
                return
            }
            // Nothing to manage on this path (the regimen already ended, or no tables to manage
            // with): its narrative, written for the decision, is not shown, and a regimen the turn
            // interrupted simply goes on.
            // A line the turn's own toxicity stopped goes on as the label's action would let it.
            if let last = state.history.last, last.stopped == .toxicity, let stop = last.toxicity,
                turn.events(on: path).contains(where: { scripted in
                    if case .toxicity(stop.toxicity, _) = scripted.event { true } else { false }
                })
            {
                reopenLastLine()
            }
            if !continueInterruptedRegimen() {
                // The regimen had already ended: what the turns up to the next decision script
                // happens now, as it would have at the end of that regimen.
                let next = nextDecidingTurn(after: turnIndex)
                let regimen = state.history.last?.regimen ?? ""
                for index in (turnIndex + 1)..<(next.map { $0 + 1 } ?? script.turns.count) {
                    state = state.applying(
                        script.turns[index].events(on: path)
                            .filter { applies($0, to: regimen) }.map(\.event))
                }
            }
            if let next = nextDecidingTurn(after: turnIndex) {
                turnIndex = next
            } else {
                isOver = true
                epilogueTurns = []
                log.append(.ended(score: score, maximum: maximumScore))
            }
        }
        guard script.manageAuto, !isOver, let regimen, let engine = context.management,
            let index = state.history.indices.last
        else { return }
        let last = state.history[index]
        guard last.regimen == regimen, last.stopped == .toxicity, let (toxicity, grade) = last.toxicity, grade >= 3,
            let response = last.response, response != .progression
        else { return }
        let decision = ManagementDecision(
            regimen: regimen, months: last.months, toxicity: toxicity, grade: grade,
            occurrence: occurrence(of: toxicity, on: regimen),
            heartFailure: state.heartFailure)
        guard engine.rank(decision) != nil else { return }
        // The regimen is not over yet: the fellow decides what to do with it.
        reopenLastLine()
        state.toxicities[toxicity] = grade
        pendingManagement = decision
        pendingIsAuto = true
    }

    /// Chooses what to do with the current regimen at a pending management decision: scores it
    /// against the labels, then the case goes on — the same regimen continued, held, at a lower
    /// dose or without one drug, or ended. `nil` when no management decision is pending or the
    /// action is not one of the offered ones; the state is then untouched.
    @discardableResult
    public mutating func manage(_ action: ManagementAction) -> ManagementRecord? {
        guard !isOver, let decision = pendingManagement, let engine = context.management,
            let recommendation = engine.rank(decision), let option = recommendation.option(for: action)
        else {
            return nil
        }
        let rubric = context.knowledge.rubric
        let points = rubric.points[option.tier] ?? 0
        let unsafe = rubric.unsafe.contains(option.tier)
        log.append(
            .managed(
                turn: turnIndex, action: action.id, tier: option.tier, points: points, unsafe: unsafe,
                reference: recommendation.first.action.id))
        let isAuto = pendingIsAuto
        pendingManagement = nil
        pendingIsAuto = false
        let nextIndex = isAuto ? turnIndex : nextDecidingTurn(after: turnIndex)
        let following = isAuto ? [] : Array((turnIndex + 1)..<(nextIndex.map { $0 + 1 } ?? script.turns.count))
        let effects = engine.table.effects
        var outcome: CourseOutcome
        var interval: Interval?
        if action.verb == .discontinue {
            var next = state
            if let index = next.history.indices.last {
                next.history[index].stopped = .toxicity
                next.history[index].toxicity = (decision.toxicity, decision.grade)
            }
            for index in following { next = next.applying(script.turns[index].events(on: path).map(\.event)) }
            outcome = CourseOutcome(state: next, months: 0, events: [])
            // The interval the regimen choice wrote ends here too: not "she is still receiving it".
            if let last = decisions.indices.last, decisions[last].interval?.regimen == decision.regimen,
                decisions[last].interval?.stopped == .completed
            {
                decisions[last].interval?.stopped = .toxicity
                decisions[last].interval?.stoppingToxicity = (decision.toxicity, decision.grade)
            }
        } else {
            let grade = gradeAfter(action, option: option, decision: decision, effects: effects)
            let scripted =
                [ClinicalEvent.toxicity(decision.toxicity, grade: grade)]
                + following.flatMap { script.turns[$0].events(on: path) }
                .filter { applies($0, to: decision.regimen) }.map(\.event)
                .filter { if case .toxicity(decision.toxicity, _) = $0 { false } else { true } }
            let months = isAuto ? nil : nextIndex.flatMap { script.turns[$0].afterMonths(on: path) }
            // One dose level lower may cost efficacy: the rest of the course is shorter by the
            // table's `reduced-dose-efficacy` figure (the simulator reads it from the line).
            var start = state
            if action.verb == .reduce, let last = start.history.indices.last {
                start.history[last].efficacy *= effects.reducedEfficacy.value
            }
            outcome = context.course.advance(
                start, choosing: decision.regimen, seed: seed,
                decisionIndex: decisions.count + managements.count,
                scripted: scripted, months: months)
            if action.verb != .continue {
                // The hold comes first and delays the rest of the course: what follows happens
                // that much later, and the line's months include it (as time on treatment, not
                // as full-dose time a later continuation would count).
                let hold = effects.holdWeeks.value * 7 / 30.44
                outcome.months += hold
                outcome.events = outcome.events.map { TimedEvent(month: $0.month + hold, event: $0.event) }
                if let last = outcome.state.history.indices.last {
                    let line = outcome.state.history[last]
                    outcome.state.history[last].fullDoseMonths = line.fullDoseMonths ?? line.months
                    outcome.state.history[last].months += hold
                }
            }
            var written = Self.interval(of: decision.regimen, outcome: outcome)
            written.management = recommendation.phrases[action]
            // Since the regimen was chosen (holds of earlier management decisions included).
            if let started = decisions.last, started.interval?.regimen == decision.regimen {
                written.earlierMonths = max(0, elapsedMonths - started.startMonth)
            } else {
                written.earlierMonths = state.history.last?.months ?? 0
            }
            interval = written
        }
        let record = ManagementRecord(
            turn: turnIndex, state: state, recommendation: recommendation, chosen: action, option: option,
            points: points, maximumPoints: rubric.maximumPoints, unsafe: unsafe, isAuto: isAuto, outcome: outcome,
            startMonth: elapsedMonths, interval: interval, path: path)
        managements.append(record)
        // What the fellow chose decides what the next turn's `stopped:` and `months:` guards read:
        // the line ended here, or it went on.
        if !isAuto { path.course = path.course.managing(decision, interval: interval) }
        log.append(.advanced(turn: turnIndex, months: outcome.months, events: outcome.events))
        state = outcome.state
        elapsedMonths += outcome.months
        if isAuto { return record }
        if let nextIndex {
            interludes = Array(following.dropLast())
            turnIndex = nextIndex
            narrativeOverride = nil
            settleManagement(afterChoosing: decision.regimen)
        } else {
            isOver = true
            epilogueTurns = following
            log.append(.ended(score: score, maximum: maximumScore))
        }
        return record
    }

    /// The toxicity's grade on the next doses: worse when treatment goes on through grade 3 or 4
    /// or gives again a drug the label ends for good; otherwise resolved, unless it comes back —
    /// at the regimen's own grade >= 3 rate, lowered by a dose reduction, never after the drug
    /// behind it is omitted.
    private func gradeAfter(
        _ action: ManagementAction, option: ManagementOption, decision: ManagementDecision,
        effects: ManagementEffects
    ) -> Int {
        let worsening = Int(effects.continueWorsening.value.rounded())
        if option.tier == .contraindicated || (action.verb == .continue && decision.grade >= 3) {
            return min(4, decision.grade + worsening)
        }
        if action.verb == .continue { return decision.grade }
        let offender = context.management?.table.drug(
            context.management?.row(for: decision)?.agents.first { agent in
                context.knowledge.regimen(decision.regimen)?.agents.contains { $0.id == agent } ?? false
            } ?? "")?.omitAs
        if action.verb == .omit, action.drug == offender { return 0 }
        let rate =
            (context.knowledge.regimen(decision.regimen)?.toxicities.rates[decision.toxicity]?
                .grade3OrHigher ?? 0) / 100
        let chance = action.verb == .reduce ? rate * effects.reducedRecurrence.value : rate
        var generator = SeededGenerator(seed: seed &+ 0x5EED_0014 &+ UInt64(decisions.count + managements.count))
        return Double.random(in: 0..<1, using: &generator) < chance ? 3 : 0
    }
}
