/// A bound written as text in a case: `">=2"`, `"<6"`, `"=3"`; a plain number means exactly it.
public struct Comparison: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, CaseIterable, Sendable {
        // Two-character operators first, so ">=2" is not read as ">" and "=2".
        case atLeast = ">="
        case atMost = "<="
        case more = ">"
        case less = "<"
        case equal = "="
    }

    public var op: Operator
    public var value: Double

    public init(_ op: Operator, _ value: Double) {
        self.op = op
        self.value = value
    }

    /// `nil` when the text is not an operator followed by a number.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let op = Operator.allCases.first { trimmed.hasPrefix($0.rawValue) }
        let rest = op.map { String(trimmed.dropFirst($0.rawValue.count)) } ?? trimmed
        guard let value = Double(rest.trimmingCharacters(in: .whitespaces)), value.isFinite else { return nil }
        self.init(op ?? .equal, value)
    }

    public func holds(_ x: Double) -> Bool {
        switch op {
        case .atLeast: x >= value
        case .atMost: x <= value
        case .more: x > value
        case .less: x < value
        case .equal: x == value
        }
    }

    /// Whether any whole value of `values` meets it, for "can never hold" checks.
    public func admitsAny(of values: ClosedRange<Int>) -> Bool {
        values.contains { holds(Double($0)) }
    }

    public var description: String {
        let number = ClinicalWording.number(value)
        return op == .equal ? number : op.rawValue + number
    }
}

/// What the simulator did on the path played, for the guards `had`, `stopped`, `response` and
/// `months`: the case text can then follow what actually happened, not what the author assumed.
public struct CourseFacts: Hashable, Sendable {
    /// The regimen chosen at the previous decision, as it ran until this turn.
    public struct LastLine: Hashable, Sendable {
        public var months: Double
        public var stopped: StopReason?
        /// Best response at restaging; a line stopped by progression without one counts as
        /// progression.
        public var response: Response?
        /// Highest grade of each toxicity during that line.
        public var toxicities: [Toxicity: Int]

        public init(months: Double, stopped: StopReason?, response: Response?, toxicities: [Toxicity: Int]) {
            self.months = months
            self.stopped = stopped
            self.response = response
            self.toxicities = toxicities
        }
    }

    /// Highest grade of each toxicity on the path: residual ones at the start, then every line.
    public var toxicities: [Toxicity: Int] = [:]
    /// `nil` before the first decision and after a branch that ended the case.
    public var last: LastLine?
    /// Her brain metastases now, as the timeline left them.
    public var brain: BrainMetastases = .none

    public init(toxicities: [Toxicity: Int] = [:], last: LastLine? = nil, brain: BrainMetastases = .none) {
        self.toxicities = toxicities
        self.last = last
        self.brain = brain
    }

    /// The facts at the start of a case: the residual toxicities she comes with, her brain.
    public init(start state: PatientState) {
        for entry in state.toxicities.present where entry.grade > 0 { toxicities[entry.toxicity] = entry.grade }
        brain = state.brainMetastases
    }

    /// These facts after `interval` (the regimen chosen at the previous decision) has run.
    public func adding(_ interval: Interval?) -> CourseFacts {
        var next = CourseFacts(toxicities: toxicities, last: nil, brain: brain)
        guard let interval else { return next }
        var during: [Toxicity: Int] = [:]
        for event in interval.events {
            if case .progression(_, let brain?) = event.event { next.brain = brain }
            guard case .toxicity(let toxicity, let grade) = event.event, grade > 0 else { continue }
            during[toxicity] = max(during[toxicity] ?? 0, grade)
        }
        next.toxicities.merge(during, uniquingKeysWith: max)
        let response = interval.bestResponse ?? (interval.stopped == .progression ? .progression : nil)
        next.last = LastLine(months: interval.months, stopped: interval.stopped, response: response, toxicities: during)
        return next
    }
}

/// `had:` — a toxicity she had on this path (or only during the last line) at some grade.
public struct ToxicityCondition: Hashable, Sendable {
    public var toxicities: Set<Toxicity>
    /// Default: any grade from 1 up.
    public var grade: Comparison = Comparison(.atLeast, 1)
    /// Only the last line counts (`on: last-line`), not the whole path.
    public var lastLine = false

    public init(toxicities: Set<Toxicity>, grade: Comparison = Comparison(.atLeast, 1), lastLine: Bool = false) {
        self.toxicities = toxicities
        self.grade = grade
        self.lastLine = lastLine
    }

    public func holds(on facts: CourseFacts) -> Bool {
        let grades = lastLine ? facts.last?.toxicities ?? [:] : facts.toxicities
        return toxicities.contains { toxicity in grades[toxicity].map { grade.holds(Double($0)) } ?? false }
    }
}

/// The guard keys that look at what the simulator did, not at what was chosen. They hold only on
/// the path as a turn shows it, so events and `after-months` (which feed the simulator) cannot
/// use them.
public struct PathConditions: Hashable, Sendable {
    public static let keys = ["had", "stopped", "response", "months", "brain"]

    /// She had one of these toxicities at the grade given.
    public var had: ToxicityCondition?
    /// The last line ended for one of these reasons.
    public var stopped: Set<StopReason>?
    /// The best response of the last line was one of these.
    public var response: Set<Response>?
    /// How long the last line ran.
    public var months: Comparison?
    /// Her brain metastases now are one of these.
    public var brain: Set<BrainMetastases>?

    public init(
        had: ToxicityCondition? = nil, stopped: Set<StopReason>? = nil, response: Set<Response>? = nil,
        months: Comparison? = nil, brain: Set<BrainMetastases>? = nil
    ) {
        self.had = had
        self.stopped = stopped
        self.response = response
        self.months = months
        self.brain = brain
    }

    public var isEmpty: Bool { had == nil && stopped == nil && response == nil && months == nil && brain == nil }

    public func holds(on facts: CourseFacts) -> Bool {
        if let had, !had.holds(on: facts) { return false }
        if let stopped, !(facts.last?.stopped.map(stopped.contains) ?? false) { return false }
        if let response, !(facts.last?.response.map(response.contains) ?? false) { return false }
        if let months, !(facts.last.map { months.holds($0.months) } ?? false) { return false }
        if let brain, !brain.contains(facts.brain) { return false }
        return true
    }
}

extension CourseFacts {
    /// These facts after a management decision on the line being given (the regimen chosen at
    /// the previous decision, or before the first one the line she came with): it went on as
    /// `interval`, or, with none, it was discontinued there for the toxicity managed. The next
    /// turn's `stopped`, `months`, `response` and `had … on: last-line` read the whole line.
    public func managing(_ decision: ManagementDecision, interval: Interval?) -> CourseFacts {
        var next = self
        var last = next.last ?? LastLine(months: decision.months, stopped: nil, response: nil, toxicities: [:])
        last.toxicities[decision.toxicity] = max(last.toxicities[decision.toxicity] ?? 0, decision.grade)
        next.toxicities[decision.toxicity] = max(next.toxicities[decision.toxicity] ?? 0, decision.grade)
        if let interval {
            let after = CourseFacts(brain: brain).adding(interval)
            next.brain = after.brain
            next.toxicities.merge(after.toxicities, uniquingKeysWith: max)
            last.months += interval.months
            last.stopped = interval.stopped
            last.response = interval.bestResponse ?? last.response ?? after.last?.response
            last.toxicities.merge(after.last?.toxicities ?? [:], uniquingKeysWith: max)
        } else {
            last.stopped = .toxicity
        }
        next.last = last
        return next
    }
}

extension PathFacts {
    /// The path after the regimen chosen at the previous decision ran as `interval`.
    func continuing(from previous: PathFacts, with interval: Interval?) -> PathFacts {
        var next = self
        next.course = previous.course.adding(interval)
        return next
    }
}

extension CaseTurn {
    /// The findings on the path actually played (the plain form applies on every path).
    public func findings(on path: PathFacts) -> Findings {
        findingsAlternatives.isEmpty ? findings : findingsAlternatives.select(on: path) ?? Findings()
    }
}

extension Session {
    /// The current turn's findings as they hold on the path played.
    public var findings: Findings { currentTurn?.findings(on: path) ?? Findings() }
}
