/// Plays a case many times with a fixed strategy, so an author sees which turns and branches
/// fellows will actually meet, how long lines last and how scores spread.
public struct Playtest: Sendable {
    public enum Strategy: String, CaseIterable, Sendable {
        /// The reference's first choice every time.
        case reference
        /// A uniformly random regimen (seeded).
        case random
        /// The reference's last-ranked regimen every time.
        case worst
    }

    /// Order statistics of a sample.
    public struct Distribution: Hashable, Sendable {
        public var count: Int
        public var minimum: Double
        public var lowerQuartile: Double
        public var median: Double
        public var upperQuartile: Double
        public var maximum: Double

        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double {
                let position = q * Double(sorted.count - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(sorted.count - 1, lower + 1)
                return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
            }
            count = sorted.count
            minimum = sorted[0]
            lowerQuartile = quantile(0.25)
            median = quantile(0.5)
            upperQuartile = quantile(0.75)
            maximum = sorted[sorted.count - 1]
        }
    }

    public struct TurnReport: Hashable, Sendable {
        public var turn: Int
        public var reached: Int
        /// How often each branch (by position in `on-choice`) was taken.
        public var branchesTaken: [Int]
        /// Months the chosen regimen lasted, when the turn was reached.
        public var months: Distribution?
        /// How often each regimen was chosen here.
        public var choices: [RegimenID: Int]
        /// Months each chosen regimen actually ran, as the session simulated them (the history
        /// line it added), by regimen: what a fellow choosing it would live through.
        public var monthsByRegimen: [RegimenID: Distribution] = [:]
    }

    public struct Report: Hashable, Sendable {
        public var caseID: String
        public var strategy: Strategy
        public var runs: Int
        public var turns: [TurnReport]
        public var scores: Distribution?
        /// Runs that ended before the last decision (an `end: true` branch).
        public var endedEarly: Int
        /// Human-readable problems: unreachable turns and branches, early endings.
        public var findings: [String]
    }

    public let context: SessionContext

    public init(context: SessionContext) {
        self.context = context
    }

    public func run(_ script: CaseScript, runs: Int, strategy: Strategy, seed: UInt64) -> Report {
        var reached = [Int](repeating: 0, count: script.turns.count)
        var branches = script.turns.map { [Int](repeating: 0, count: $0.branches.count) }
        var months = [[Double]](repeating: [], count: script.turns.count)
        var choices = [[RegimenID: Int]](repeating: [:], count: script.turns.count)
        var regimenMonths = [[RegimenID: [Double]]](repeating: [:], count: script.turns.count)
        var scores: [Double] = []
        var endedEarly = 0
        var chooser = SeededGenerator(seed: seed ^ 0x5EED_CA5E)
        let regimens = context.knowledge.regimenIDs
        for run in 0..<runs {
            var session = Session(script: script, seed: seed &+ UInt64(run), context: context)
            while !session.isOver {
                let options = context.engine.rank(session.state).options
                let choice: RegimenID
                switch strategy {
                case .reference: choice = options[0].regimen
                case .worst: choice = options[options.count - 1].regimen
                case .random: choice = regimens[Int.random(in: 0..<regimens.count, using: &chooser)]
                }
                guard let record = session.choose(choice) else { break }
                reached[record.turn] += 1
                months[record.turn].append(record.outcome.months)
                choices[record.turn][choice, default: 0] += 1
                let given =
                    record.outcome.state.history.count > record.state.history.count
                    ? record.outcome.state.history.last?.months ?? 0 : 0
                regimenMonths[record.turn][record.assessment.choice, default: []].append(given)
                if let branch = record.branch,
                    let index = script.turns[record.turn].branches.firstIndex(of: branch)
                {
                    branches[record.turn][index] += 1
                }
            }
            if let last = session.decisions.last?.turn, last < (script.turns.lastIndex(where: \.decides) ?? 0) {
                endedEarly += 1
            }
            scores.append(Double(session.score))
        }
        var turns: [TurnReport] = []
        var findings: [String] = []
        for (index, turn) in script.turns.enumerated() where turn.decides {
            turns.append(
                TurnReport(
                    turn: index, reached: reached[index], branchesTaken: branches[index],
                    months: Distribution(months[index]), choices: choices[index],
                    monthsByRegimen: regimenMonths[index].compactMapValues(Distribution.init)))
            if reached[index] == 0 {
                findings.append("turn \(index + 1) (\(turn.location)) was never reached in \(runs) runs")
            }
            for (branchIndex, count) in branches[index].enumerated() where count == 0 && reached[index] > 0 {
                findings.append(
                    "turn \(index + 1): branch \(branchIndex + 1) (\(turn.branches[branchIndex].location)) was never taken"
                )
            }
        }
        if endedEarly > 0 {
            findings.append("\(endedEarly) of \(runs) runs ended before the last decision")
        }
        return Report(
            caseID: script.id, strategy: strategy, runs: runs, turns: turns,
            scores: Distribution(scores), endedEarly: endedEarly, findings: findings)
    }
}
