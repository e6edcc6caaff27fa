import Foundation
import Her2SimCore

extension KnowledgeFingerprint {
    /// The fingerprint of the `*.yaml` files directly inside `directory`.
    public static func of(directory: URL) throws(DiagnosticError) -> KnowledgeFingerprint {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        } catch {
            throw DiagnosticError([
                Diagnostic(
                    .error, "cannot list the knowledge base: \(YAMLDocument.readableReason(error))",
                    file: directory.path)
            ])
        }
        var files: [(name: String, data: Data)] = []
        for name in names {
            do {
                files.append((name, try Data(contentsOf: directory.appendingPathComponent(name))))
            } catch {
                throw DiagnosticError([
                    Diagnostic(.error, "cannot read file: \(YAMLDocument.readableReason(error))", file: name)
                ])
            }
        }
        return of(files)
    }
}
