import Foundation
import Her2SimCore

/// The repository's knowledge base and cases, loaded once.
enum REPLTestSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let knowledge: Knowledge = {
        do {
            return try KnowledgeLoader.load(KnowledgeSources.directory(
                repositoryRoot.appendingPathComponent("Scoring"), displayPrefix: "Scoring/"))
        } catch {
            fatalError("Scoring/ does not load:\n\(error)")
        }
    }()
}
