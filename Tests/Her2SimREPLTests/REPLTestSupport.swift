import Foundation
import Her2SimCore
import Her2SimTestSupport

/// The repository's knowledge base and cases, loaded once.
enum REPLTestSupport {
    static let repositoryRoot = RepositoryRoot.url

    static let knowledge: Knowledge = {
        do {
            return try KnowledgeLoader.load(KnowledgeSources.directory(
                repositoryRoot.appendingPathComponent("Scoring"), displayPrefix: "Scoring/"))
        } catch {
            fatalError("Scoring/ does not load:\n\(error)")
        }
    }()
}
