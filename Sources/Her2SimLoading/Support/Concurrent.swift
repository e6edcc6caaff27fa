/// `map` with one child task per element, results in input order: loading and linting a case
/// library is one independent job per file, and the order (hence every message) stays
/// deterministic. Structured concurrency: the tasks end before `map` returns.
public enum Concurrent {
    public static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @escaping @Sendable (Element) -> Result
    ) async -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        return await withTaskGroup(of: (Int, Result).self) { group in
            for (index, item) in items.enumerated() {
                group.addTask { (index, transform(item)) }
            }
            var results = [Result?](repeating: nil, count: items.count)
            for await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }
}
