import Foundation
import Her2SimCore

/// Loads a state file (`patient` and `history`, as in a case script) with located diagnostics.
public enum StateLoader {
    /// Keys a state file may carry besides the state; vignettes add their `expect` block.
    public static let ignoredKeys = ["expect", "id", "title", "notes"]

    public static func load(_ text: String, file: String, knowledge: Knowledge) throws(DiagnosticError) -> PatientState {
        try loadWithWarnings(text, file: file, knowledge: knowledge).state
    }

    /// Like `load`, also returning the warnings (legal but probably unintended input).
    public static func loadWithWarnings(_ original: String, file: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: PatientState, warnings: [Diagnostic]) {
        let (root, lines) = try YAMLDocument.parseWithLines(original, file: file)
        let reader = YAMLReader(file: file)
        reader.sourceLines = lines
        let decoder = StateDecoder(reader: reader, knowledge: knowledge)
        var state: PatientState?
        if let top = reader.mapping(root, "a state file", shape: "a mapping with patient and history",
                                    allowed: ["patient", "history"] + ignoredKeys) {
            top.rejectUnknownKeys()
            let history = top["history"].flatMap(decoder.history) ?? []
            state = top.required("patient").flatMap { decoder.patient($0, history: history, anchor: top.keyNode("patient")) }
        }
        guard let state, !reader.hasErrors else {
            throw DiagnosticError(reader.diagnostics.isEmpty
                ? [Diagnostic(.error, "not a valid state file", file: file)] : reader.diagnostics)
        }
        return (state, reader.diagnostics)
    }

    public static func load(contentsOf url: URL, displayName: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: PatientState, warnings: [Diagnostic]) {
        let text = try SourceText.read(contentsOf: url, displayName: displayName)
        return try loadWithWarnings(text, file: displayName, knowledge: knowledge)
    }
}
