import Benchmark
import Foundation
import Her2SimCore
import Her2SimExport

/// The CME coordinator's export: every bundled case made into quiz items and rendered.
func exportBenchmarks() {
    let builder = QuizBuilder(knowledge: Fixtures.knowledge)
    let itemCount = builder.bank(Fixtures.cases).items.count
    let itemsPerSecond = BenchmarkMetric.custom("items per second", polarity: .prefersLarger, useScalingFactor: false)

    for format in ExportFormat.allCases {
        Benchmark(
            "export \(format.rawValue): build and render \(itemCount) items",
            configuration: .init(
                metrics: [.wallClock, .mallocCountTotal, itemsPerSecond],
                timeUnits: .milliseconds, maxIterations: 500)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                let start = DispatchTime.now().uptimeNanoseconds
                let bank = builder.bank(Fixtures.cases)
                blackHole(try Exporter.render(bank, as: format))
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                benchmark.measurement(itemsPerSecond, Int(Double(bank.items.count) / seconds))
            }
        }
    }
}
