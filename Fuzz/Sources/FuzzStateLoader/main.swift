import Foundation
import FuzzSupport
import Her2SimCore
import Her2SimLoading

// Bytes → text → YAML → patient state; a state that loads must also rank and score.
nonisolated(unsafe) let knowledge = FuzzSupport.knowledge
FuzzSupport.run { data in
    guard let text = try? SourceText.decode(data, file: "fuzz.yaml") else { return }
    guard let state = try? StateLoader.load(text, file: "fuzz.yaml", knowledge: knowledge) else { return }
    let recommendation = ReferenceEngine(knowledge: knowledge).rank(state)
    for option in recommendation.options {
        _ = Scorer(rubric: knowledge.rubric).assess(option.regimen, against: recommendation)
    }
}
