import Foundation

/// Whether months on a regimen count as treatment when sequences are compared. Read from the
/// regimen's agents, never from a list of ids, so a new regimen is classed by what it contains.
public enum TreatmentKind: String, Sendable, Hashable, CaseIterable {
    /// Carries an anti-HER2 antibody, an ADC or a HER2 tyrosine-kinase inhibitor.
    case her2Directed = "her2-directed"
    /// A clinical trial: counted as treatment, and said so (what the protocol gives is unknown).
    case clinicalTrial = "clinical-trial"
    /// No HER2-directed drug: chemotherapy alone, best supportive care. Not counted.
    case notHER2Directed = "not-her2-directed"

    /// The agent classes (and ids) that make a regimen HER2-directed or a trial.
    static let her2Tags = ["anti-her2-antibody", "tki"]
    static let trialTag = "investigational"

    public init(_ regimen: Regimen) {
        if Self.her2Tags.contains(where: regimen.has) {
            self = .her2Directed
        } else if regimen.has(Self.trialTag) {
            self = .clinicalTrial
        } else {
            self = .notHER2Directed
        }
    }

    /// Whether its months count as time on treatment.
    public var countsAsTreatment: Bool { self != .notHER2Directed }
}

/// One regimen of a sequence as it ran for one patient.
public struct SequenceLine: Hashable, Sendable {
    public var regimen: RegimenID
    public var kind: TreatmentKind
    /// Months on the regimen until it stopped — not until the next decision.
    public var months: Double
    /// Grade ≥ 3 toxicities the simulated course gave on it (scripted events are not counted).
    public var severeToxicities: Int
    /// A grade 5 toxicity ended it: she died, and no regimen follows.
    public var fatal = false
}

/// What a sequence of regimens did for one patient: months on treatment and severe toxicities.
public struct SequenceOutcome: Hashable, Sendable {
    public var lines: [SequenceLine]

    public var regimens: [RegimenID] { lines.map(\.regimen) }
    /// Months on HER2-directed regimens (a clinical trial is not included).
    public var her2Months: Double { months(of: .her2Directed) }
    /// Months in a clinical trial.
    public var trialMonths: Double { months(of: .clinicalTrial) }
    /// HER2-directed months plus clinical-trial months; never best supportive care or
    /// chemotherapy alone.
    public var monthsOnTreatment: Double { her2Months + trialMonths }
    public var severeToxicities: Int { lines.reduce(0) { $0 + $1.severeToxicities } }

    func months(of kind: TreatmentKind) -> Double {
        lines.reduce(0) { $0 + ($1.kind == kind ? $1.months : 0) }
    }

    /// The session as the fellow (or the reference replay) played it, line by line from its
    /// timeline: the same patient and seed, the months each regimen actually ran.
    public init(session: Session) {
        let knowledge = session.context.knowledge
        var lines: [(start: Double, line: SequenceLine)] = session.decisions.map { record in
            // What was given: a trial chosen with none open ran as best supportive care.
            (
                record.startMonth,
                SequenceOutcome.line(
                    record.interval?.regimen ?? record.assessment.choice, before: record.state,
                    outcome: record.outcome,
                    knowledge: knowledge)
            )
        }
        // After a management decision the same regimen went on (held, reduced, without a drug):
        // its months and toxicities belong to that regimen's line, not to a new one.
        for record in session.managements {
            let regimen = record.recommendation.decision.regimen
            let more = SequenceOutcome.line(
                regimen, before: record.state, outcome: record.outcome, knowledge: knowledge)
            if let index = lines.lastIndex(where: { $0.start <= record.startMonth && $0.line.regimen == regimen }) {
                lines[index].line.months += more.months
                lines[index].line.severeToxicities += more.severeToxicities
                lines[index].line.fatal = lines[index].line.fatal || more.fatal
            } else {
                // A case that opens on a management decision: the regimen she came with.
                lines.append((record.startMonth, more))
            }
        }
        self.lines = lines.sorted { $0.start < $1.start }.map(\.line)
    }

    init(lines: [SequenceLine]) {
        self.lines = lines
    }

    /// One line from the state before it and what the course did: the months come from the
    /// therapy line the course appended (a line continued across a scripted turn counts only
    /// its new months), the toxicities from the simulated events.
    static func line(
        _ regimen: RegimenID, before state: PatientState, outcome: CourseOutcome,
        knowledge: Knowledge
    ) -> SequenceLine {
        let kind = knowledge.regimen(regimen).map(TreatmentKind.init) ?? .notHER2Directed
        var months = outcome.months
        if let added = outcome.state.history.last, added.regimen == regimen {
            var earlier = 0.0
            if let previous = state.history.last, previous.regimen == regimen, previous.setting == .metastatic,
                previous.stopped == .completed
            {
                earlier = previous.months
            }
            months = max(0, added.months - earlier)
        }
        var severe = 0
        for (index, timed) in outcome.events.enumerated() where !outcome.scriptedEvents.contains(index) {
            if case .toxicity(_, let grade) = timed.event, grade >= 3 { severe += 1 }
        }
        return SequenceLine(
            regimen: regimen, kind: kind, months: months, severeToxicities: severe,
            fatal: outcome.isFatal)
    }
}

/// The fellow's sequence against the reference's, over many simulated patients like her.
public struct SequenceComparison: Hashable, Sendable {
    /// How one sequence did over the population.
    public struct Spread: Hashable, Sendable {
        /// Months on treatment per patient: median, quartiles, range.
        public var months: Playtest.Distribution
        /// Mean months in a clinical trial per patient (part of `months`).
        public var meanTrialMonths: Double
        /// Grade ≥ 3 toxicities per patient: mean, standard deviation, range.
        public var meanToxicities: Double
        public var toxicitySD: Double
        public var toxicityRange: ClosedRange<Int>

        init(_ outcomes: [SequenceOutcome]) {
            months = Playtest.Distribution(outcomes.map(\.monthsOnTreatment))!
            let count = Double(outcomes.count)
            meanTrialMonths = outcomes.reduce(0) { $0 + $1.trialMonths } / count
            let toxicities = outcomes.map { Double($0.severeToxicities) }
            meanToxicities = toxicities.reduce(0, +) / count
            let mean = meanToxicities
            toxicitySD =
                outcomes.count > 1
                ? (toxicities.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)).squareRoot() : 0
            let counts = outcomes.map(\.severeToxicities)
            toxicityRange = counts.min()!...counts.max()!
        }
    }

    public static let defaultPatients = 1_000
    /// The decision (1-based) every simulated patient starts from: the first where the
    /// fellow's choice left the reference's, so each patient is like her where the sequences
    /// part (after the toxicities she had on the choices both made); 1 when they never part.
    public var startDecision = 1
    public var patients: Int
    public var seed: UInt64
    /// The fellow's regimens, replayed in order for every patient.
    public var fellowRegimens: [RegimenID]
    public var fellow: Spread
    public var reference: Spread
    /// The reference's most frequent sequence over the population and how many patients had it
    /// (it chooses on each patient's own path, so sequences differ).
    public var commonReferenceSequence: [RegimenID]
    public var commonReferenceCount: Int

    /// `patients` patients like her: each starts from `start` with a seed derived from `seed`
    /// (the same seed for both sequences, so each patient meets the same disease under both).
    /// The fellow's regimens are replayed in order; the reference takes its first choice at
    /// each step on its own simulated path, for as many lines. Only the simulator decides what
    /// happens: no case script, no `after-months`. `nil` without regimens or patients.
    public static func simulate(
        from start: PatientState, fellow regimens: [RegimenID], seed: UInt64,
        patients: Int = defaultPatients, context: SessionContext
    ) -> SequenceComparison? {
        let ids = regimens.compactMap { context.knowledge.regimen($0)?.id }
        guard !ids.isEmpty, ids.count == regimens.count, patients > 0 else { return nil }
        // Every patient starts from the same state, so the reference's first choice is shared.
        let first = context.knowledge.regimens[context.engine.firstChoiceIndex(start)].id
        // One patient after another, in patient order: Core starts no threads.
        let results = (0..<patients).map { patient in
            both(ids, from: start, seed: patientSeed(seed, patient), first: first, context: context)
        }
        let fellowOutcomes = results.map(\.0)
        let referenceOutcomes = results.map(\.1)
        var sequences: [[RegimenID]: Int] = [:]
        for reference in referenceOutcomes { sequences[reference.regimens, default: 0] += 1 }
        // Most frequent first; ties by the sequence's text, so the answer never depends on hashing.
        let common = sequences.min { a, b in
            a.value != b.value
                ? a.value > b.value
                : a.key.map(\.rawValue).joined(separator: " ") < b.key.map(\.rawValue).joined(separator: " ")
        }!
        return SequenceComparison(
            patients: patients, seed: seed, fellowRegimens: ids, fellow: Spread(fellowOutcomes),
            reference: Spread(referenceOutcomes), commonReferenceSequence: common.key,
            commonReferenceCount: common.value)
    }

    /// The seed of patient `index` of the population: mixed from the session seed, so
    /// neighbouring session seeds do not share patients.
    public static func patientSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        Streams.key(seed ^ 0xC0_4F7E_12FA_C7ED, UInt64(index))
    }

    /// `regimens` given in order to one simulated patient, each until it stops.
    public static func replay(
        _ regimens: [RegimenID], from start: PatientState, seed: UInt64,
        context: SessionContext
    ) -> SequenceOutcome {
        walk(steps: regimens.count, from: start, seed: seed, context: context) { index, _ in regimens[index] }
    }

    /// Gives `choose(step, state)` at each step, each until it stops, until a fatal course.
    static func walk(
        steps: Int, from start: PatientState, seed: UInt64, context: SessionContext,
        choose: (Int, PatientState) -> RegimenID
    ) -> SequenceOutcome {
        var state = start
        var lines: [SequenceLine] = []
        for index in 0..<steps {
            let regimen = choose(index, state)
            let outcome = context.course.advance(
                state, choosing: regimen, seed: seed, decisionIndex: index,
                scripted: [], months: nil)
            lines.append(SequenceOutcome.line(regimen, before: state, outcome: outcome, knowledge: context.knowledge))
            if outcome.isFatal { break }
            state = outcome.state
        }
        return SequenceOutcome(lines: lines)
    }

    /// The reference's own path for one simulated patient: its first choice at each of `lines`
    /// steps, from the state its previous choices led to.
    public static func referencePath(
        lines count: Int, from start: PatientState, seed: UInt64,
        context: SessionContext
    ) -> SequenceOutcome {
        referencePath(lines: count, from: start, seed: seed, first: nil, context: context)
    }

    /// The fellow's sequence and the reference's path for one patient at once: while the
    /// reference chooses what she chose, both are the same patient in the same state, so the
    /// course is simulated once — the same result as `replay` and `referencePath`, for less.
    static func both(
        _ regimens: [RegimenID], from start: PatientState, seed: UInt64, first: RegimenID,
        context: SessionContext
    ) -> (fellow: SequenceOutcome, reference: SequenceOutcome) {
        var fellowState = start
        var referenceState = start
        var fellowLines: [SequenceLine] = []
        var referenceLines: [SequenceLine] = []
        var together = true
        // A fatal toxicity ends a sequence: no regimen follows it.
        var fellowAlive = true
        var referenceAlive = true
        for (index, regimen) in regimens.enumerated() {
            var outcome: CourseOutcome?
            if fellowAlive {
                let course = context.course.advance(
                    fellowState, choosing: regimen, seed: seed, decisionIndex: index,
                    scripted: [], months: nil)
                fellowLines.append(
                    SequenceOutcome.line(
                        regimen, before: fellowState, outcome: course,
                        knowledge: context.knowledge))
                fellowState = course.state
                fellowAlive = !course.isFatal
                outcome = course
            }
            guard referenceAlive else { continue }
            let choice =
                index == 0
                ? first : context.knowledge.regimens[context.engine.firstChoiceIndex(referenceState)].id
            together = together && choice == regimen
            if together, let outcome {
                referenceLines.append(fellowLines[fellowLines.count - 1])
                referenceState = outcome.state
                referenceAlive = !outcome.isFatal
            } else {
                together = false
                let other = context.course.advance(
                    referenceState, choosing: choice, seed: seed, decisionIndex: index,
                    scripted: [], months: nil)
                referenceLines.append(
                    SequenceOutcome.line(
                        choice, before: referenceState, outcome: other,
                        knowledge: context.knowledge))
                referenceState = other.state
                referenceAlive = !other.isFatal
            }
        }
        return (SequenceOutcome(lines: fellowLines), SequenceOutcome(lines: referenceLines))
    }

    /// `first`: the reference's first choice at `start`, when already known.
    static func referencePath(
        lines count: Int, from start: PatientState, seed: UInt64, first: RegimenID?,
        context: SessionContext
    ) -> SequenceOutcome {
        walk(steps: count, from: start, seed: seed, context: context) { index, state in
            if index == 0, let first { return first }
            return context.knowledge.regimens[context.engine.firstChoiceIndex(state)].id
        }
    }
}

/// The end-of-case comparison: the same patient under both sequences, then the population.
public struct SessionCounterfactual: Hashable, Sendable {
    /// The fellow's session, line by line.
    public var fellow: SequenceOutcome
    /// The same case and seed played with the reference's first choice at every decision.
    public var reference: SequenceOutcome
    public var fellowScore: Int
    public var referenceScore: Int
    public var maximumScore: Int
    public var referenceMaximumScore: Int
    /// `nil` when the fellow made no decision.
    public var population: SequenceComparison?

    /// Only for a case that is over: before then the reference's later choices must stay hidden.
    public init?(session: Session, reference: Session, patients: Int = SequenceComparison.defaultPatients) {
        guard session.isOver, !session.decisions.isEmpty else { return nil }
        fellow = SequenceOutcome(session: session)
        self.reference = SequenceOutcome(session: reference)
        fellowScore = session.score
        referenceScore = reference.score
        maximumScore = session.maximumScore
        referenceMaximumScore = reference.maximumScore
        // Up to the first decision where she left the reference, both sequences chose the same on
        // the same patient: the population starts there, from the state she was actually in.
        let parting = session.decisions.firstIndex { $0.assessment.choice != $0.recommendation.first.regimen } ?? 0
        // No patients asked for (`play --patients 0`): the same patient only.
        population =
            patients < 1
            ? nil
            : SequenceComparison.simulate(
                from: session.decisions[parting].state,
                fellow: session.decisions[parting...].map(\.assessment.choice),
                seed: session.seed, patients: patients, context: session.context)
        population?.startDecision = parting + 1
    }
}
