import Benchmark
import Her2SimCore

/// Calibration's hot path: one arm of a pivotal trial, 20,000 simulated patients per iteration.
func simulationBenchmarks() {
    let simulator = Simulator(knowledge: Fixtures.knowledge, model: Fixtures.model)
    let arms = simulator.calibrationArms
    let patients = 20_000
    let coursesPerSecond = BenchmarkMetric.custom(
        "courses per CPU second (one core)", polarity: .prefersLarger, useScalingFactor: false)

    Benchmark(
        "calibrate: 20,000 patient courses of one arm (arms in turn)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .mallocCountTotal, coursesPerSecond],
            timeUnits: .milliseconds, maxIterations: 200)
    ) { benchmark in
        for iteration in benchmark.scaledIterations {
            let start = Fixtures.threadCPUSeconds()
            blackHole(
                simulator.calibrate(
                    arms[(benchmark.currentIteration + iteration) % arms.count],
                    patients: patients, seed: UInt64(iteration)))
            let seconds = Fixtures.threadCPUSeconds() - start
            benchmark.measurement(coursesPerSecond, Int(Double(patients) / max(seconds, 1e-9)))
        }
    }
}
