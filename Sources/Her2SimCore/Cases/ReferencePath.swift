/// A case played by the reference engine with only its scripted events: the path educators
/// design for, and the one `lint` checks. Deterministic — no simulator involved.
public struct ReferencePath: Sendable {
    public struct Step: Sendable {
        public var turnIndex: Int
        /// The state the fellow sees at this turn (after its scripted events).
        public var state: PatientState
        /// The ranking at this turn, when the turn decides.
        public var recommendation: Recommendation?
    }

    public let steps: [Step]

    /// Months assumed on a regimen when a turn does not script `after-months`.
    public static let defaultMonths = 6.0

    /// `goesOn` answers, at a management turn that opens the case, whether the labels' answer
    /// keeps her regimen (hold, reduce, omit a drug) rather than ending it; then that line goes on
    /// to the next turn and ends as its events say. Without it the line stays as the case's
    /// history has it.
    public init(
        script: CaseScript, engine: ReferenceEngine,
        goesOn: ((_ state: PatientState, _ turn: CaseTurn) -> Bool)? = nil
    ) {
        var steps: [Step] = []
        var state = script.initialState
        var previousChoice: RegimenID?
        var previousTier: Tier?
        var continuing = false
        var branchEvents: [ClinicalEvent] = []
        // Guarded events hold or not on this path, as in a session.
        var facts = PathFacts(received: Set(script.initialState.history.map(\.regimen)))
        for (index, turn) in script.turns.enumerated() {
            // A management decision interrupts the regimen but does not end it: she is seen on it,
            // with the turn's toxicity, and the line goes on to the next turn as the label's
            // action lets it.
            if turn.manages, let choice = previousChoice {
                let onIt = PathFacts(chosen: choice, tier: previousTier, received: facts.received.union([choice]))
                var seen = state
                seen.history.append(
                    TherapyLine(
                        regimen: choice, months: turn.afterMonths(on: onIt) ?? Self.defaultMonths,
                        response: .partial, stopped: .completed))
                seen = seen.applying(turn.events(on: onIt).map(\.event))
                steps.append(Step(turnIndex: index, state: seen, recommendation: nil))
                continue
            }
            if let choice = previousChoice {
                facts = PathFacts(chosen: choice, tier: previousTier, received: facts.received.union([choice]))
                var months = turn.afterMonths(on: facts) ?? turn.afterMonths
                var before = state
                // The line a case-opening management decision kept goes on: one line, not two.
                if continuing, let last = before.history.last, last.regimen == choice {
                    before.history.removeLast()
                    months = last.months + (months ?? Self.defaultMonths)
                }
                state = Self.transition(
                    before, chose: choice, then: turn.events(on: facts).map(\.event) + branchEvents,
                    months: months)
            } else {
                state = state.applying(turn.events(on: facts).map(\.event))
            }
            let recommendation = turn.decides ? engine.rank(state) : nil
            steps.append(Step(turnIndex: index, state: state, recommendation: recommendation))
            previousChoice = recommendation?.first.regimen
            previousTier = recommendation?.first.tier
            continuing = false
            if turn.manages, previousChoice == nil, let goesOn, goesOn(state, turn),
                let last = state.history.indices.last
            {
                state.history[last].stopped = .completed
                state.history[last].toxicity = nil
                previousChoice = state.history[last].regimen
                continuing = true
            }
            branchEvents =
                recommendation.flatMap { turn.branch(for: $0.first.regimen, tier: $0.first.tier)?.events } ?? []
            if let recommendation,
                turn.branch(for: recommendation.first.regimen, tier: recommendation.first.tier)?.ends == true
            {
                break
            }
        }
        self.steps = steps
    }

    /// The chosen regimen joins the history, ended as the next turn's events say — progression
    /// if they script one, toxicity if they script grade ≥ 3 — and then the events apply.
    public static func transition(
        _ state: PatientState, chose regimen: RegimenID, then events: [ClinicalEvent],
        months: Double?
    ) -> PatientState {
        var next = state
        if regimen != "best-supportive-care" {
            var progressed = false
            var severe: (Toxicity, Int)?
            var response: Response?
            for event in events {
                switch event {
                case .progression: progressed = true
                case .toxicity(let toxicity, let grade) where grade >= 3 && severe == nil: severe = (toxicity, grade)
                case .response(let value): response = value
                default: break
                }
            }
            let stopped: StopReason = progressed || severe == nil ? .progression : .toxicity
            next.history.append(
                TherapyLine(
                    regimen: regimen, months: months ?? defaultMonths,
                    response: response ?? (progressed ? .stable : .partial), stopped: stopped,
                    toxicity: stopped == .toxicity ? severe : nil))
        }
        return next.applying(events)
    }
}
