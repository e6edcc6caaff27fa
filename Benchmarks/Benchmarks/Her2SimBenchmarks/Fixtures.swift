import Foundation
import Her2SimCore
import Her2SimLoading

/// What the benchmarks run on: the repository's own Scoring/ and Cases/, loaded once.
enum Fixtures {
    /// Benchmarks/Benchmarks/Her2SimBenchmarks/Fixtures.swift → the repository.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scoring = root.appendingPathComponent("Scoring")
    static let casesDirectory = root.appendingPathComponent("Cases")

    static let scoringDirectory = Workspace.Directory(url: scoring, displayPrefix: "Scoring/")
    static let workspace: Workspace = orExit {
        try Workspace.loadSerially(
            scoring: scoringDirectory,
            cases: Workspace.Directory(url: casesDirectory, displayPrefix: "Cases/"))
    }
    static var knowledge: Knowledge { workspace.knowledge }
    static var model: SimulationModel { workspace.model }
    static let caseFiles = CaseLibrary.yamlFiles(in: casesDirectory, displayPrefix: "Cases/")
    static var cases: [CaseScript] { workspace.cases.cases }

    /// The reference vignettes' states (the engine's test fixtures), ranked in turn.
    static let states: [PatientState] = {
        let directory = root.appendingPathComponent("Tests/Her2SimCoreTests/Fixtures/vignettes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { $0.hasSuffix(".yaml") }.compactMap { name in
            try? StateLoader.load(
                contentsOf: directory.appendingPathComponent(name), displayName: name, knowledge: knowledge
            ).state
        }
    }()

    /// A benchmark on a broken fixture would measure nothing: stop with the reason.
    static func orExit<T>(_ body: () throws -> T) -> T {
        do {
            return try body()
        } catch {
            let lines = (error as? DiagnosticError)?.diagnostics.map(\.description) ?? ["\(error)"]
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            exit(2)
        }
    }

    /// CPU seconds used by this thread: the work of one core, fair on a busy machine.
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
