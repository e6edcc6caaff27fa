import Foundation
import Her2SimCore
import Yams

/// What every loader of a `Scoring/` file does around its decoder, written once: read the file
/// from the knowledge-base directory (an optional file may be absent), parse it, decode it, and
/// refuse it with every diagnostic when the decoder found an error.
extension KnowledgeSources.File {
    /// `directory/name`, called `displayPrefix + name` in diagnostics.
    static func read(_ name: String, in directory: URL, displayPrefix: String) throws(DiagnosticError) -> Self {
        let display = displayPrefix + name
        return Self(
            name: display,
            text: try SourceText.read(
                contentsOf: directory.appendingPathComponent(name),
                displayName: display))
    }

    /// Like `read`, `nil` when the directory has no such file (approvals, dose modifications and
    /// narration are optional).
    static func optional(_ name: String, in directory: URL, displayPrefix: String) throws(DiagnosticError) -> Self? {
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path) else { return nil }
        return try read(name, in: directory, displayPrefix: displayPrefix)
    }

    /// Parses the text and decodes it with `decode`; `incomplete` is the error when the decoder
    /// gave nothing yet reported nothing. `withLines` hands the decoder the source lines (for
    /// decoders that quote or re-scan them).
    func decode<Value>(
        incomplete: String, withLines: Bool = false, _ decode: (YAMLReader, Node) -> Value?
    ) throws(DiagnosticError) -> (value: Value, warnings: [Diagnostic]) {
        let reader = YAMLReader(file: name)
        let root: Node
        if withLines {
            let parsed = try YAMLDocument.parseWithLines(text, file: name)
            reader.sourceLines = parsed.lines
            root = parsed.root
        } else {
            root = try YAMLDocument.parse(text, file: name)
        }
        let value = decode(reader, root)
        guard let value, !reader.hasErrors else {
            throw DiagnosticError(
                reader.diagnostics.isEmpty ? [Diagnostic(.error, incomplete, file: name)] : reader.diagnostics)
        }
        return (value, reader.diagnostics)
    }
}
