import Dispatch

/// Runs two independent jobs at once and returns both results: start-up loads the simulation
/// model and the case library (each needs only the knowledge) side by side.
func concurrently<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            let slots = Slots<A, B>()
            nonisolated(unsafe) let jobs = (first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { slots.first = jobs.0() } else { slots.second = jobs.1() }
            }
            return (slots.first!, slots.second!)
        }
    }
}

/// Each slot is written by one iteration, and read after both have finished.
private final class Slots<A, B>: @unchecked Sendable {
    var first: A?
    var second: B?
}
