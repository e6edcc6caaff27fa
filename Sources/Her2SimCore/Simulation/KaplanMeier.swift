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
        self.init(
            eventTimes: observations.filter(\.event).map(\.time),
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

extension KaplanMeier {
    /// A curve from its parts (the histogram path builds them itself).
    init(times: [Double], survival: [Double], atRisk: [Int], events: [Int], count: Int) {
        self.times = times
        self.survival = survival
        self.atRisk = atRisk
        self.events = events
        self.count = count
    }
}

/// Event and censoring times counted in fixed bins of `width` months over `[0, horizon]`, so a
/// Kaplan–Meier curve of any number of patients takes the same memory (about 1 MB for 60
/// months). Within a bin, censored patients count as at risk for half of it (the life-table
/// correction); each step is placed at the mean event time of its bin.
struct KaplanMeierHistogram {
    /// 1/512 month: a power of two (exact bin edges), and 12 months falls on an edge.
    static let width = 1.0 / 512
    private var eventCounts: [Int32]
    private var censorCounts: [Int32]
    private var eventTimeSums: [Double]
    private var total = 0

    init(horizon: Double) {
        let bins = max(1, Int((max(horizon, 0) / Self.width).rounded(.up)) + 1)
        eventCounts = Array(repeating: 0, count: bins)
        censorCounts = Array(repeating: 0, count: bins)
        eventTimeSums = Array(repeating: 0, count: bins)
    }

    private func bin(_ time: Double) -> Int {
        guard time.isFinite, time > 0 else { return 0 }
        return min(eventCounts.count - 1, Int(time / Self.width))
    }

    mutating func addEvent(_ time: Double) {
        let index = bin(time)
        eventCounts[index] += 1
        eventTimeSums[index] += time
        total += 1
    }

    mutating func addCensored(_ time: Double) {
        censorCounts[bin(time)] += 1
        total += 1
    }

    /// The first time the curve reaches `level`, placed within its bin: the bin's events taken
    /// as evenly spread, and the crossing one found as the exact curve would (with `r` at risk
    /// and `S` before the bin, after `k` events the curve is `S (r − k) / r`). Within a
    /// small fraction of a bin of the exact time; `nil` when the curve stays above `level`.
    func quantileTime(_ level: Double) -> Double? {
        var risk = total
        var current = 1.0
        for index in eventCounts.indices {
            let deaths = Int(eventCounts[index])
            let censored = Int(censorCounts[index])
            if deaths > 0 {
                let effective = Double(risk) - Double(censored) / 2
                let next = current * (1 - Double(deaths) / effective)
                if next <= level + 1e-12 {
                    let needed = (effective * (1 - level / current)).rounded(.up)
                    let k = min(Double(deaths), max(1, needed))
                    return (Double(index) + (k - 0.5) / Double(deaths)) * Self.width
                }
                current = next
                risk -= deaths
            }
            risk -= censored
        }
        return nil
    }

    var curve: KaplanMeier {
        var times: [Double] = []
        var survival: [Double] = []
        var atRisk: [Int] = []
        var events: [Int] = []
        var risk = total
        var current = 1.0
        for index in eventCounts.indices {
            let deaths = Int(eventCounts[index])
            let censored = Int(censorCounts[index])
            if deaths > 0 {
                // The life-table (actuarial) correction: patients censored within the bin are
                // at risk for half of it — unbiased when censoring is spread over the bin, where
                // counting them for all of it overstates survival a little in every bin.
                current *= 1 - Double(deaths) / (Double(risk) - Double(censored) / 2)
                times.append(eventTimeSums[index] / Double(deaths))
                survival.append(current)
                atRisk.append(risk)
                events.append(deaths)
                risk -= deaths
            }
            risk -= censored
        }
        return KaplanMeier(times: times, survival: survival, atRisk: atRisk, events: events, count: total)
    }
}
