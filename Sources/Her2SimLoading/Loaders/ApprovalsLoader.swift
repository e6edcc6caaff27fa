import Foundation
import Her2SimCore

/// Loads `Scoring/approvals.yaml`: which regimen is approved where, checked against the
/// knowledge base's regimens and sources. Optional: without the file, exports say that no
/// approval data was recorded rather than guessing.
public enum ApprovalsLoader {
    public static let fileName = "approvals.yaml"

    public static func load(_ file: KnowledgeSources.File, knowledge: Knowledge) throws(DiagnosticError) -> (
        table: ApprovalTable, warnings: [Diagnostic]
    ) {
        let (table, warnings) = try file.decode(incomplete: "the approval file is incomplete") { reader, root in
            ApprovalsDecoder(reader: reader, knowledge: knowledge).decode(root)
        }
        return (table, warnings)
    }

    /// The table in `directory`, or `nil` when the directory has no approval file.
    public static func load(directory: URL, displayPrefix: String, knowledge: Knowledge) throws(DiagnosticError) -> (
        table: ApprovalTable, warnings: [Diagnostic]
    )? {
        try KnowledgeSources.File.optional(fileName, in: directory, displayPrefix: displayPrefix).map {
            file throws(DiagnosticError) in try load(file, knowledge: knowledge)
        }
    }
}
