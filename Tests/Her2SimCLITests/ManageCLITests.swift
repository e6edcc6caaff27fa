import Foundation
import Testing

/// Issue 14's first done-when: the eight public management vignettes pass through the built
/// binary's `her2sim manage --format json`, every expectation of their `expect` blocks checked.
@Suite("Management vignettes through her2sim manage --format json")
struct ManageCLITests {
    static let files: [URL] = {
        let directory = CLI.coreFixtures.appendingPathComponent("management")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }()

    @Test("every expectation holds in the JSON the binary prints", arguments: files)
    func vignette(_ file: URL) throws {
        let expect = VignetteCLITests.expectations(try String(contentsOf: file, encoding: .utf8))
        #expect(!expect.isEmpty)
        let result = try CLI.run(["manage", "--state", file.path, "--format", "json", "--scoring", CLI.scoring.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let json = try CLI.json(result.stdout)
        #expect(json["regimen"] is String && json["toxicity"] is String && json["grade"] is Int)
        let options = try #require(json["options"] as? [[String: Any]])
        let tier = Dictionary(
            uniqueKeysWithValues: options.compactMap { option -> (String, String)? in
                guard let id = option["action"] as? String, let tier = option["tier"] as? String else { return nil }
                return (id, tier)
            })
        for option in options {
            let reasons = try #require(option["reasons"] as? [[String: Any]])
            #expect(
                !reasons.isEmpty
                    && reasons.allSatisfy {
                        $0["rule"] is String && $0["text"] is String
                            && $0["sources"] is [String]
                    })
        }
        #expect(options.map { $0["rank"] as? Int ?? 0 } == Array(1...options.count))
        let top = options.first?["action"] as? String ?? ""
        func order(_ name: String) -> Int { VignetteCLITests.tiers.firstIndex(of: name) ?? -1 }
        if let allowed = expect["top-in"]?[""] { #expect(allowed.contains(top), "top is \(top), expected \(allowed)") }
        for (action, allowed) in expect["tier"] ?? [:] {
            #expect(allowed.contains(tier[action] ?? "?"), "\(action) is \(tier[action] ?? "?"), expected \(allowed)")
        }
        for (action, bound) in expect["at-least"] ?? [:] {
            #expect(order(tier[action] ?? "?") <= order(bound[0]) && order(tier[action] ?? "?") >= 0, "\(action)")
        }
        for (action, bound) in expect["at-most"] ?? [:] {
            #expect(order(tier[action] ?? "?") >= order(bound[0]), "\(action) is \(tier[action] ?? "?")")
        }
    }

    @Test("the text output shows the label's instruction and every action's tier")
    func text() throws {
        let file = try #require(Self.files.first { $0.lastPathComponent.hasPrefix("m05") })
        let result = try CLI.run(["manage", "--state", file.path, "--scoring", CLI.scoring.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("The label"))
        #expect(result.stdout.contains("75% of the starting dose"))
        #expect(result.stdout.contains("omit-capecitabine  recommended"))
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("a mistake in the state file is reported at file:line:col with the fix, exit 1")
    func badState() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("manage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try #require(Self.files.first)
        let original = try String(contentsOf: file, encoding: .utf8)
        let text = original.replacingOccurrences(of: "regimen: tdxd", with: "regimen: tdxdd")
        let bad = directory.appendingPathComponent("bad.yaml")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        let result = try CLI.run(["manage", "--state", bad.path, "--scoring", CLI.scoring.path])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("bad.yaml:23:12: error: unknown regimen 'tdxdd' (did you mean 'tdxd'?)"),
            "\(result.stderr)")
        let noRow = original.replacingOccurrences(
            of: "toxicity: ild\n  grade: 1", with: "toxicity: alopecia\n  grade: 1")
        try noRow.write(to: bad, atomically: true, encoding: .utf8)
        let missing = try CLI.run(["manage", "--state", bad.path, "--scoring", CLI.scoring.path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no row for grade 1 alopecia on tdxd"), "\(missing.stderr)")
    }
}
