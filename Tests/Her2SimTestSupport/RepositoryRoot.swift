import Foundation

/// The repository's root folder, found from this file's path: tests read `Scoring/`, `Cases/`,
/// `Examples/` and the golden transcripts from the source tree, not from a bundle.
public enum RepositoryRoot {
    /// `Tests/Her2SimTestSupport/RepositoryRoot.swift` → the folder holding `Package.swift`.
    public static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `relativePath` under the root (`"Cases/hb-401.yaml"`).
    public static func appending(_ relativePath: String) -> URL {
        url.appendingPathComponent(relativePath)
    }
}
