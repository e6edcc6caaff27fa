// swift-tools-version:6.1
// Benchmarks live in their own package so CI's build of her2sim stays lean.
//   cd Benchmarks && swift package benchmark                 (all suites; release build)
//   cd Benchmarks && ./startup                               (start-up: cold and warm case index beside both floors)
//   cd Benchmarks && ./processes                             (whole-process figures with /usr/bin/time -v)
// Method and results: ../BENCHMARKS.md.
import PackageDescription

let package = Package(
    name: "her2sim-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "her2sim", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "Her2SimBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Her2SimCore", package: "her2sim"),
                .product(name: "Her2SimLoading", package: "her2sim"),
                .product(name: "Her2SimExport", package: "her2sim"),
            ],
            path: "Benchmarks/Her2SimBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The floor for start-up: the smallest Swift program, built the same way as her2sim.
        .executableTarget(name: "HelloWorld"),
        // The same with Foundation loaded, as her2sim has it.
        .executableTarget(name: "HelloFoundation"),
    ],
    swiftLanguageModes: [.v6]
)
