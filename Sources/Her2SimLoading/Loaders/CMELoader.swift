import Foundation
import Her2SimCore
import Yams

/// Loads and lints a `cme.yaml`: every problem as `file:line:col` with a did-you-mean, the way
/// the case loader reports them. Errors make the file unusable; warnings flag what a CME office
/// would query (an expiry more than three years out, an objective without a measurable verb).
public enum CMELoader {
    public struct Result: Sendable {
        public var activity: CMEActivity?
        public var diagnostics: [Diagnostic]

        public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
        public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }
    }

    /// `regions` are the approval regions `practice-region` may name; `fingerprint` is the
    /// current knowledge base, compared with a recorded `knowledge-base`.
    public static func load(
        _ original: String, file: String, regions: [String],
        fingerprint: KnowledgeFingerprint? = nil
    ) -> Result {
        let parsed: (root: Node, lines: [Substring])
        do {
            parsed = try YAMLDocument.parseWithLines(original, file: file)
        } catch {
            return Result(activity: nil, diagnostics: error.diagnostics)
        }
        let reader = YAMLReader(file: file)
        reader.sourceLines = parsed.lines
        let activity = CMEDecoder(reader: reader, regions: regions, fingerprint: fingerprint).decode(parsed.root)
        return Result(activity: reader.hasErrors ? nil : activity, diagnostics: reader.diagnostics)
    }

    public static func load(
        contentsOf url: URL, displayName: String, regions: [String],
        fingerprint: KnowledgeFingerprint? = nil
    ) -> Result {
        do {
            let text = try SourceText.read(contentsOf: url, displayName: displayName)
            return load(text, file: displayName, regions: regions, fingerprint: fingerprint)
        } catch {
            return Result(activity: nil, diagnostics: error.diagnostics)
        }
    }
}
