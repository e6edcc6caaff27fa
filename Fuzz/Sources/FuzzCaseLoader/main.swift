import Foundation
import FuzzSupport
import Her2SimCore
import Her2SimLoading

// Bytes → text (size and UTF-8 checks) → YAML → case script → lint. Any outcome but a crash,
// a hang or a leak is fine; a loaded script must also survive the linter.
nonisolated(unsafe) let knowledge = FuzzSupport.knowledge
FuzzSupport.run { data in
    guard let text = try? SourceText.decode(data, file: "fuzz.yaml") else { return }
    let result = CaseLoader.load(text, file: "fuzz.yaml", knowledge: knowledge)
    for diagnostic in result.diagnostics { _ = diagnostic.description }
    if let script = result.script {
        _ = CaseLinter(engine: ReferenceEngine(knowledge: knowledge)).lint(script)
    }
}
