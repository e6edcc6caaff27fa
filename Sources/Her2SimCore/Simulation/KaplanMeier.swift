/// The Kaplan–Meier estimate of a survival curve from right-censored times — how trials report
/// PFS, so `her2sim calibrate` reads simulated patients the way the trials read theirs.
///
/// Conventions (the usual ones): a patient censored at time t is still at risk for events at t;
/// the median is the first time the curve is at or below 0.5 (`nil` if it never gets there).
public struct KaplanMeier: Hashable, Sendable {
    /// Distinct event times, ascending.
    public let times: [Double]
    /// Survival just after each of `times`.
    public let survival: [Double]
    /// Patients at risk just before each of `times`.
    public let atRisk: [Int]
    /// Events at each of `times`.
    public let events: [Int]
    /// All observations, events and censored.
    public let count: Int

    /// From (time, event) pairs; `event == false` means censored at `time`.
    public init(_ observations: [(time: Double, event: Bool)]) {
        self.init(eventTimes: observations.filter(\.event).map(\.time),
                  censorTimes: observations.filter { !$0.event }.map(\.time))
    }

    /// From event times and censoring times, in any order.
    public init(eventTimes: [Double], censorTimes: [Double]) {
        self.init(sortedEventTimes: eventTimes.sorted(), sortedCensorTimes: censorTimes.sorted())
    }

    /// From already sorted times (the calibration path sorts its buffers in place).
    public init(sortedEventTimes events: [Double], sortedCensorTimes censored: [Double]) {
        var times: [Double] = []
        var survival: [Double] = []
        var atRisk: [Int] = []
        var counts: [Int] = []
        var risk = events.count + censored.count
        var current = 1.0
        var censor = 0
        var index = 0
        while index < events.count {
            let time = events[index]
            while censor < censored.count, censored[censor] < time {
                censor += 1
                risk -= 1
            }
            var deaths = 0
            while index < events.count, events[index] == time {
                deaths += 1
                index += 1
            }
            current *= 1 - Double(deaths) / Double(risk)
            times.append(time)
            survival.append(current)
            atRisk.append(risk)
            counts.append(deaths)
            risk -= deaths
        }
        self.times = times
        self.survival = survival
        self.atRisk = atRisk
        self.events = counts
        self.count = events.count + censored.count
    }

    /// S(t): the product over event times ≤ t.
    public func survival(at time: Double) -> Double {
        var low = 0
        var high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] <= time { low = middle + 1 } else { high = middle }
        }
        return low == 0 ? 1 : survival[low - 1]
    }

    /// The first time the curve is at or below 0.5; `nil` when it stays above.
    public var median: Double? { quantileTime(0.5) }

    /// The first time the curve is at or below `level`.
    public func quantileTime(_ level: Double) -> Double? {
        for (index, value) in survival.enumerated() where value <= level + 1e-12 { return times[index] }
        return nil
    }
}
