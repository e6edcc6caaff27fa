import Foundation
import Her2SimCore

/// Loads a state file (`patient` and `history`, as in a case script) with located diagnostics.
public enum StateLoader {
    /// Keys a state file may carry besides the state; vignettes add their `expect` block.
    public static let ignoredKeys = ["expect", "id", "title", "notes"]

    public static func load(_ text: String, file: String, knowledge: Knowledge) throws(DiagnosticError) -> PatientState
    {
        try loadWithWarnings(text, file: file, knowledge: knowledge).state
    }

    /// Like `load`, also returning the warnings (legal but probably unintended input).
    public static func loadWithWarnings(_ original: String, file: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: PatientState, warnings: [Diagnostic])
    {
        let (state, warnings) = try KnowledgeSources.File(name: file, text: original).decode(
            incomplete: "not a valid state file", withLines: true
        ) { reader, root -> PatientState? in
            let decoder = StateDecoder(reader: reader, knowledge: knowledge)
            guard
                let top = reader.mapping(
                    root, "a state file", shape: "a mapping with patient and history",
                    allowed: ["patient", "history"] + ignoredKeys)
            else { return nil }
            top.rejectUnknownKeys()
            let history = top["history"].flatMap(decoder.history) ?? []
            return top.required("patient").flatMap {
                decoder.patient($0, history: history, anchor: top.keyNode("patient"))
            }
        }
        return (state, warnings)
    }

    public static func load(contentsOf url: URL, displayName: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: PatientState, warnings: [Diagnostic])
    {
        let text = try SourceText.read(contentsOf: url, displayName: displayName)
        return try loadWithWarnings(text, file: displayName, knowledge: knowledge)
    }
}
