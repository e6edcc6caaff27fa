import Benchmark

/// Every suite, as package-benchmark discovers them. Targets (issue 8): rank < 20 µs,
/// turn < 5 ms, lint of 1,000 cases < 1 s, calibration ≥ 1 M courses/s/core.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        maxDuration: .seconds(3),
        maxIterations: 100_000
    )
    engineBenchmarks()
    loadingBenchmarks()
    simulationBenchmarks()
    exportBenchmarks()
}
