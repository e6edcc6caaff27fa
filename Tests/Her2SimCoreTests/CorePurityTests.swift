import Foundation
import Testing

/// `Her2SimCore` stays pure (issue 17): no YAML parser, no file system, environment or threads.
/// Reading files and `HOME` belongs to `Her2SimLoading`; a Core that reached them would make
/// sessions depend on the machine they run on.
@Suite("Core purity")
struct CorePurityTests {
    /// What Core's sources must not contain, with why.
    static let forbidden: [(text: String, why: String)] = [
        ("import Yams", "YAML is read in Her2SimLoading"),
        ("FileManager", "the file system is Her2SimLoading's"),
        ("ProcessInfo", "the environment is read by the program, not by Core"),
        ("Thread", "Core starts no threads"),
        ("contentsOfFile", "files are read in Her2SimLoading"),
        ("URL(fileURLWithPath", "paths are Her2SimLoading's"),
        ("getenv", "the environment is read by the program, not by Core"),
    ]

    static var coreSources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Her2SimCore")
    }

    /// Every `file:line: text` of `directory`'s Swift files that contains one of `forbidden`.
    static func violations(in directory: URL) -> [String] {
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        guard let files else { return [] }
        var found: [String] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for rule in forbidden where line.contains(rule.text) {
                    found.append("\(url.lastPathComponent):\(number + 1): '\(rule.text)' (\(rule.why))")
                }
            }
        }
        return found.sorted()
    }

    @Test("Sources/Her2SimCore uses no Yams, file system, environment or threads")
    func coreIsPure() throws {
        let swiftFiles =
            FileManager.default.enumerator(atPath: Self.coreSources.path)?
            .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        try #require(swiftFiles.count > 40, "Core's sources must be found to be checked")
        #expect(Self.violations(in: Self.coreSources) == [])
    }

    @Test("the check finds each forbidden use")
    func checkCanFail() throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-purity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (index, rule) in Self.forbidden.enumerated() {
            let file = scratch.appendingPathComponent("F\(index).swift")
            try "let x = 1\n\(rule.text)\n".write(to: file, atomically: true, encoding: .utf8)
        }
        let found = Self.violations(in: scratch)
        #expect(found.count == Self.forbidden.count)
        for (index, rule) in Self.forbidden.enumerated() {
            #expect(found.contains { $0.hasPrefix("F\(index).swift:2: '\(rule.text)'") })
        }
    }
}
