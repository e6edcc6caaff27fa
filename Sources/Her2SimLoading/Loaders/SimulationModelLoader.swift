import Foundation
import Her2SimCore

/// Loads `Scoring/model.yaml` against a loaded knowledge base, reporting every mistake as
/// `file:line:col` with a did-you-mean, then derives the per-arm PFS curves and toxicity
/// susceptibilities from the trial figures.
public enum SimulationModelLoader {
    public static let fileName = "model.yaml"

    /// Decodes and checks the model text (named `file.name` in diagnostics) and derives its
    /// calibrated parameters; throws every problem found, not just the first.
    public static func load(_ file: KnowledgeSources.File, knowledge: Knowledge) throws(DiagnosticError)
        -> SimulationModel
    {
        try file.decode(incomplete: "not a valid simulation model") { reader, root in
            ModelDecoder(reader: reader, knowledge: knowledge).decode(root)
        }.value
    }

    /// Reads `model.yaml` from the knowledge-base directory; `displayPrefix` as for the knowledge.
    public static func load(directory: URL, displayPrefix: String, knowledge: Knowledge) throws(DiagnosticError)
        -> SimulationModel
    {
        var model = try load(.read(fileName, in: directory, displayPrefix: displayPrefix), knowledge: knowledge)
        model.narration = try Narration.load(directory: directory, displayPrefix: displayPrefix)
        return model
    }
}
