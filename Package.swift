// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "her2sim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "her2sim", targets: ["her2sim"]),
        .library(name: "Her2SimCore", targets: ["Her2SimCore"]),
        // For the Benchmarks/ and Fuzz/ packages.
        .library(name: "Her2SimREPL", targets: ["Her2SimREPL"]),
        .library(name: "Her2SimExport", targets: ["Her2SimExport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // GNU readline (GPL-3.0): line editing, history and completion for the REPL.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // Pure and deterministic: knowledge, engine, simulator, session. No terminal, no clock.
        .target(
            name: "Her2SimCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // The REPL: line sources (readline or plain), command parsing, completion, rendering.
        .target(
            name: "Her2SimREPL",
            dependencies: ["Her2SimCore", "CReadline"]
        ),
        // CME quiz export: QTI 2.1, Canvas QTI 1.2, Moodle XML, GIFT and a printable HTML handout.
        .target(
            name: "Her2SimExport",
            dependencies: ["Her2SimCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Training records: learners, sessions and their event logs in SQLite; reports.
        .target(
            name: "Her2SimRecords",
            dependencies: ["Her2SimCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The records tests' child process (appends until killed), and the records benchmark.
        .executableTarget(
            name: "records-crash-helper",
            dependencies: ["Her2SimRecords", "Her2SimCore"]
        ),
        .executableTarget(
            name: "her2sim",
            dependencies: [
                "Her2SimCore",
                "Her2SimREPL",
                "Her2SimExport",
                "Her2SimRecords",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "Her2SimCoreTests",
            dependencies: ["Her2SimCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "Her2SimREPLTests",
            dependencies: ["Her2SimREPL", "Her2SimCore"]
        ),
        .testTarget(
            name: "Her2SimExportTests",
            dependencies: ["Her2SimExport", "Her2SimCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .testTarget(
            name: "Her2SimRecordsTests",
            dependencies: ["Her2SimRecords", "Her2SimCore", "records-crash-helper", "her2sim",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Drives the built `her2sim` binary: exit codes, JSON shapes, diagnostics on stderr.
        .testTarget(
            name: "Her2SimCLITests",
            dependencies: ["her2sim"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
