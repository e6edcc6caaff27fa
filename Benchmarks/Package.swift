// swift-tools-version:6.0
// Benchmarks live in their own package so CI's build of her2sim stays lean.
// Run: cd Benchmarks && swift run -c release RankBenchmark
//      cd Benchmarks && swift run -c release SimulateBenchmark [patients-per-arm]
import PackageDescription

let package = Package(
    name: "her2sim-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "her2sim", path: "..")],
    targets: [
        .executableTarget(
            name: "RankBenchmark",
            dependencies: [.product(name: "Her2SimCore", package: "her2sim")]
        ),
        .executableTarget(
            name: "SimulateBenchmark",
            dependencies: [.product(name: "Her2SimCore", package: "her2sim")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
