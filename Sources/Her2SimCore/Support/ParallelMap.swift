import Dispatch

/// `map` over all cores, results in input order: loading and linting a case library is one
/// independent job per file, and the order (hence every message) stays deterministic.
enum ParallelMap {
    static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @escaping @Sendable (Element) -> Result
    ) -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        let slots = ResultSlots<Result>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots.store(transform(items[index]), at: index)
        }
        return slots.results
    }
}

/// One slot per index, each written by exactly one iteration before `results` is read. A raw
/// buffer, not an array property: concurrent writes through a class's array would be
/// overlapping accesses to one property.
private final class ResultSlots<Result>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ result: Result, at index: Int) { slots[index] = result }

    var results: [Result] { (0..<count).map { slots[$0]! } }
}
