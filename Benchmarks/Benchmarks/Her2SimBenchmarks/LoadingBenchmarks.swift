import Benchmark
import Foundation
import Her2SimCore
import Her2SimLoading

/// Start-up work and the educator's `lint`: reading, validating and cross-checking YAML.
func loadingBenchmarks() {
    Benchmark(
        "load and validate Scoring/ and Cases/ (lint included)",
        configuration: .init(timeUnits: .milliseconds)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let knowledge = Fixtures.orExit { try Workspace.knowledge(scoring: Fixtures.scoringDirectory) }
            let model = Fixtures.orExit {
                try Workspace.model(scoring: Fixtures.scoringDirectory, knowledge: knowledge)
            }
            blackHole(model)
            blackHole(CaseLibrary.load(files: Fixtures.caseFiles, knowledge: knowledge, lint: true))
        }
    }

    let corpus = GeneratedCorpus(count: 1_000)
    Benchmark(
        "lint 1,000 generated cases from disk (all cores)",
        configuration: .init(
            timeUnits: .milliseconds, maxIterations: 20,
            setup: { corpus.write() }, teardown: { corpus.remove() })
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let library = CaseLibrary.load(files: corpus.files, knowledge: Fixtures.knowledge, lint: true)
            precondition(
                library.cases.count == corpus.count, "the generated corpus must load: \(library.diagnostics.prefix(3))")
            blackHole(library)
        }
    }
}

/// 1,000 distinct, valid cases made from the bundled ones: new ids, ages and timings, so the
/// loader and linter do all their work on every file (no two files are the same).
final class GeneratedCorpus: @unchecked Sendable {
    let count: Int
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-lint-corpus-\(getpid())")
    private(set) var files: [(url: URL, displayName: String)] = []

    init(count: Int) { self.count = count }

    func write() {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sources = Fixtures.caseFiles.compactMap { try? String(contentsOf: $0.url, encoding: .utf8) }
        files = (0..<count).map { index in
            var text = sources[index % sources.count]
            text = text.replacingOccurrences(
                of: #"(?m)^id: hb-\d+"#, with: String(format: "id: gen-%04d", index),
                options: .regularExpression)
            text = text.replacingOccurrences(
                of: #"(?m)^  age: \d+"#, with: "  age: \(35 + index % 45)",
                options: .regularExpression)
            text = text.replacingOccurrences(
                of: #"(?m)^minutes: \d+"#, with: "minutes: \(10 + index % 20)",
                options: .regularExpression)
            let url = directory.appendingPathComponent(String(format: "gen-%04d.yaml", index))
            try? Data(text.utf8).write(to: url)
            return (url, "corpus/" + url.lastPathComponent)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}
