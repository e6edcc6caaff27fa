// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "her2sim",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "her2sim", targets: ["her2sim"]),
        // The LRS sender her2sim runs as a child process (FoundationNetworking stays out of her2sim).
        .executable(name: "her2sim-lrs", targets: ["her2sim-lrs"]),
        .library(name: "Her2SimCore", targets: ["Her2SimCore"]),
        .library(name: "Her2SimLoading", targets: ["Her2SimLoading"]),
        // For the Benchmarks/ and Fuzz/ packages.
        .library(name: "Her2SimREPL", targets: ["Her2SimREPL"]),
        .library(name: "Her2SimExport", targets: ["Her2SimExport"]),
    ],
    // Exact versions: every clone builds what the tests ran with (Package.resolved is not
    // committed, since package copies on different machines carry other commit ids).
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        // GNU readline (GPL-3.0): line editing, history and completion for the REPL.
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // Pure and deterministic: knowledge, engine, simulator, session, cases, diagnostics. No
        // terminal, no clock, no file system, environment or threads, no YAML (a test checks).
        .target(
            name: "Her2SimCore"
        ),
        // Reads Scoring/ and Cases/ into Core's values: YAML parsing and prescan, one decoder per
        // file kind (Decoders/), the loaders that read files, and `Workspace.load`, the one load
        // sequence. Also where her2sim keeps user data (HOME, XDG_DATA_HOME).
        .target(
            name: "Her2SimLoading",
            dependencies: ["Her2SimCore", .product(name: "Yams", package: "Yams")]
        ),
        // Text for people: one number formatter, padding and wrapping that know ANSI escapes,
        // terminal style, HTML escaping and the cases table — for the REPL, reports, exports and CLI.
        .target(
            name: "Her2SimText",
            dependencies: ["Her2SimCore"]
        ),
        // The REPL: line sources (readline or plain), command parsing, completion, rendering.
        .target(
            name: "Her2SimREPL",
            dependencies: ["Her2SimCore", "Her2SimText", "CReadline"]
        ),
        // CME quiz export: QTI 2.1, Canvas QTI 1.2, Moodle XML, GIFT and a printable HTML handout.
        .target(
            name: "Her2SimExport",
            dependencies: ["Her2SimCore", "Her2SimText", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Training records: learners, sessions and their event logs in SQLite; reports.
        .target(
            name: "Her2SimRecords",
            // Her2SimLoading for the data directory the database lives in by default.
            dependencies: [
                "Her2SimCore", "Her2SimLoading", "Her2SimText", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        // xAPI statements to a Learning Record Store: configuration, errors, the outbox's sync and
        // the child process that posts (her2sim-lrs). No networking: linking FoundationNetworking
        // (libcurl, gnutls, …: 31 more shared objects) cost every her2sim command ~9 ms at start-up.
        .target(
            name: "Her2SimLRS",
            dependencies: ["Her2SimCore", "Her2SimRecords", "Her2SimText"]
        ),
        // The HTTP client (URLSession, hence FoundationNetworking): only her2sim-lrs and tests link it.
        .target(
            name: "Her2SimLRSClient",
            dependencies: ["Her2SimLRS", "Her2SimRecords"]
        ),
        // Posts statements for her2sim over a line protocol on stdin/stdout (documented on LRSHelper).
        .executableTarget(
            name: "her2sim-lrs",
            dependencies: ["Her2SimLRS", "Her2SimLRSClient"]
        ),
        // The records tests' child process (appends until killed), and the records benchmark.
        .executableTarget(
            name: "records-crash-helper",
            dependencies: ["Her2SimRecords", "Her2SimCore", "Her2SimLoading"]
        ),
        .executableTarget(
            name: "her2sim",
            dependencies: [
                "Her2SimCore",
                "Her2SimLoading",
                "Her2SimREPL",
                "Her2SimText",
                "Her2SimExport",
                "Her2SimRecords",
                "Her2SimLRS",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: the repository root, the built binaries, a process
        // runner, private HOME and XDG folders, and golden files that fail with a diff.
        .target(
            name: "Her2SimTestSupport",
            path: "Tests/Her2SimTestSupport"
        ),
        // Core and loading: the engine, sessions and simulator, and every loader's diagnostics
        // (Yams for the tests that build hostile documents); CorePurityTests keeps Core pure.
        .testTarget(
            name: "Her2SimCoreTests",
            dependencies: [
                "Her2SimCore", "Her2SimLoading", "Her2SimTestSupport", .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "Her2SimTextTests",
            dependencies: ["Her2SimText", "Her2SimCore"]
        ),
        .testTarget(
            name: "Her2SimREPLTests",
            dependencies: ["Her2SimREPL", "Her2SimCore", "Her2SimLoading", "Her2SimTestSupport"]
        ),
        .testTarget(
            name: "Her2SimExportTests",
            dependencies: [
                "Her2SimExport", "Her2SimCore", "Her2SimLoading", "Her2SimTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "Her2SimRecordsTests",
            dependencies: [
                "Her2SimRecords", "Her2SimLRS", "Her2SimLRSClient", "Her2SimCore", "Her2SimLoading",
                "records-crash-helper", "her2sim", "her2sim-lrs", "Her2SimTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Records files of earlier versions, read from the source tree by path.
            exclude: ["Fixtures"]
        ),
        // Drives the built `her2sim` binary: exit codes, JSON shapes, diagnostics on stderr.
        .testTarget(
            name: "Her2SimCLITests",
            // Her2SimCore for the one definition of a drug named as given (DrugMentions), and
            // Her2SimLoading for the knowledge base it needs.
            dependencies: ["her2sim", "Her2SimCore", "Her2SimLoading", "Her2SimTestSupport"],
            // Read from the source tree by path (and rewritten by `make golden`), not bundled.
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
