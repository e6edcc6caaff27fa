import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimTestSupport

/// The repository's knowledge base and cases, loaded once.
enum REPLTestSupport {
    static let repositoryRoot = RepositoryRoot.url

    /// Scoring/ and Cases/, loaded the way the program loads them.
    static let workspace: Workspace = {
        do {
            return try Workspace.loadSerially(
                scoring: Workspace.Directory(
                    url: repositoryRoot.appendingPathComponent("Scoring"),
                    displayPrefix: "Scoring/"),
                cases: Workspace.Directory(url: repositoryRoot.appendingPathComponent("Cases"), displayPrefix: "Cases/")
            )
        } catch {
            fatalError("Scoring/ or Cases/ does not load:\n\(error)")
        }
    }()

    static var knowledge: Knowledge { workspace.knowledge }
}
