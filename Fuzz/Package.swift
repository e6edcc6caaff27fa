// swift-tools-version:6.0
// libFuzzer targets, in their own package so the main build never links the fuzzer runtime.
// Build and run with ./fuzz (see Fuzz/README.md); a plain `swift build` here builds nothing useful.
import PackageDescription

let core = Target.Dependency.product(name: "Her2SimCore", package: "her2sim")
let loading = Target.Dependency.product(name: "Her2SimLoading", package: "her2sim")

let package = Package(
    name: "her2sim-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "her2sim", path: "..")],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver, so each target keeps its own Swift entry point.
        .target(name: "CLibFuzzer"),
        .target(name: "FuzzSupport", dependencies: ["CLibFuzzer", core, loading]),
        .executableTarget(name: "FuzzCaseLoader", dependencies: ["FuzzSupport", core, loading]),
        .executableTarget(name: "FuzzStateLoader", dependencies: ["FuzzSupport", core, loading]),
        .executableTarget(name: "FuzzCaseIndex", dependencies: ["FuzzSupport", loading]),
        .executableTarget(
            name: "FuzzReplParser",
            dependencies: ["FuzzSupport", core, .product(name: "Her2SimREPL", package: "her2sim")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
