import Foundation

/// The knowledge base's version for a CME re-review: SHA-256 over the bytes of every
/// `Scoring/*.yaml` file, concatenated in byte order of their names — the same digest as
/// `cat Scoring/*.yaml | sha256sum` in the C locale. Any edit to a rule, regimen, trial or
/// approval changes it; README files do not count.
public struct KnowledgeFingerprint: Hashable, Sendable {
    /// 64 hex digits.
    public var sha256: String
    /// The file names hashed, in order.
    public var files: [String]

    public init(sha256: String, files: [String]) {
        self.sha256 = sha256
        self.files = files
    }

    /// The first 12 hex digits: what a handout prints beside the full digest.
    public var short: String { String(sha256.prefix(12)) }

    /// Hashes `files` (name and bytes) in name order.
    public static func of(_ files: [(name: String, data: Data)]) -> KnowledgeFingerprint {
        let sorted = files.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        var bytes: [UInt8] = []
        for file in sorted { bytes.append(contentsOf: file.data) }
        return KnowledgeFingerprint(sha256: SHA256.hex(bytes), files: sorted.map(\.name))
    }
}
