import Foundation
import Her2SimCore

/// Times `ReferenceEngine.rank` over a fixed set of vignette-like states (release build).
let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let knowledge: Knowledge
do {
    knowledge = try KnowledgeLoader.load(
        KnowledgeSources.directory(root.appendingPathComponent("Scoring"), displayPrefix: "Scoring/"))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let engine = ReferenceEngine(knowledge: knowledge)
let vignettes = root.appendingPathComponent("Tests/Her2SimCoreTests/Fixtures/vignettes")
let states = try FileManager.default.contentsOfDirectory(atPath: vignettes.path).sorted()
    .filter { $0.hasSuffix(".yaml") && $0.hasPrefix("p") }
    .map { try StateLoader.load(String(contentsOf: vignettes.appendingPathComponent($0), encoding: .utf8), file: $0, knowledge: knowledge) }

func measure(_ label: String, iterations: Int, _ body: () -> Int) {
    var checksum = 0
    for _ in 0..<1_000 { checksum &+= body() }  // warm-up
    var samples: [Double] = []
    for _ in 0..<7 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<iterations { checksum &+= body() }
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
    }
    samples.sort()
    print(String(format: "%@: median %.2f µs, best %.2f µs per call (%d calls × 7 runs, checksum %d)",
                 label, samples[3] / 1000, samples[0] / 1000, iterations, checksum & 0xFF))
}

var index = 0
measure("rank one state (\(states.count) vignettes in turn)", iterations: 50_000) {
    index = (index + 1) % states.count
    return engine.rank(states[index]).first.rank
}
