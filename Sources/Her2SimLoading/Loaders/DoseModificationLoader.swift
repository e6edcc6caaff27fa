import Foundation
import Her2SimCore

/// Loads `Scoring/dose-modifications.yaml`: the labels' dose-modification tables, checked against
/// the knowledge base's agents, regimens and sources. Optional: without it there is nothing to
/// manage, and `her2sim manage` says so.
public enum DoseModificationLoader {
    public static let fileName = "dose-modifications.yaml"

    public static func load(_ file: KnowledgeSources.File, knowledge: Knowledge) throws(DiagnosticError) -> (
        table: DoseModificationTable, warnings: [Diagnostic]
    ) {
        let (table, warnings) = try file.decode(
            incomplete: "the dose-modification table is incomplete", withLines: true
        ) { reader, root in
            DoseModificationsDecoder(reader: reader, knowledge: knowledge).decode(root)
        }
        return (table, warnings)
    }

    /// The table in `directory`, or nil when the directory has none.
    public static func load(directory: URL, displayPrefix: String, knowledge: Knowledge) throws(DiagnosticError) -> (
        table: DoseModificationTable, warnings: [Diagnostic]
    )? {
        try KnowledgeSources.File.optional(fileName, in: directory, displayPrefix: displayPrefix).map {
            file throws(DiagnosticError) in try load(file, knowledge: knowledge)
        }
    }
}
