import Foundation
import Testing

/// Issue 12's first done-when: all 32 public vignettes pass through `her2sim recommend --format
/// json` (the built binary), not only through the engine API.
@Suite("Vignettes through her2sim recommend --format json")
struct VignetteCLITests {
    static let tiers = ["preferred", "recommended", "conditional", "not-recommended", "contraindicated"]
    static let files: [URL] = {
        let directory = CLI.coreFixtures.appendingPathComponent("vignettes")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0) }
    }()

    /// The `expect` block of a vignette, read line by line (its YAML is block style, two levels deep).
    static func expectations(_ text: String) -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        var inExpect = false
        var section = ""
        var key = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = String(raw)
            if !line.hasPrefix(" ") && !line.hasPrefix("-") {
                inExpect = line.hasPrefix("expect:")
                continue
            }
            guard inExpect else { continue }
            let indent = line.prefix { $0 == " " }.count
            let content = line.trimmingCharacters(in: .whitespaces)
            if content.hasPrefix("- ") {
                result[section, default: [:]][key, default: []].append(String(content.dropFirst(2)))
            } else if indent == 2, content.hasSuffix(":") {
                section = String(content.dropLast())
                key = ""
            } else if let colon = content.firstIndex(of: ":") {
                key = String(content[..<colon])
                let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                result[section, default: [:]][key, default: []] += value.isEmpty ? [] : [value]
            }
        }
        return result
    }

    @Test("there are 32 vignettes, each with expectations")
    func present() {
        #expect(Self.files.count == 32)
        for file in Self.files {
            #expect(
                !Self.expectations((try? String(contentsOf: file, encoding: .utf8)) ?? "").isEmpty,
                "\(file.lastPathComponent)")
        }
    }

    @Test("the expect reader reads p20's four kinds of expectation")
    func readerReadsP20() throws {
        let file = try #require(Self.files.first { $0.lastPathComponent.hasPrefix("p20") })
        let expect = Self.expectations(try String(contentsOf: file, encoding: .utf8))
        #expect(expect["at-most"]?["thp"] == ["contraindicated"])
        #expect(expect["at-most"]?.count == 4)
        #expect(expect["tier"]?["lapatinib-trastuzumab"] == ["conditional"])
        #expect(expect["at-least"]?["best-supportive-care"] == ["recommended"])
        let p23 = try #require(Self.files.first { $0.lastPathComponent.hasPrefix("p23") })
        #expect(
            Self.expectations(try String(contentsOf: p23, encoding: .utf8))["top-in"]?[""] == [
                "thp", "tdxd-pertuzumab",
            ])
    }

    @Test("every expectation holds in the JSON the binary prints", arguments: files)
    func vignette(_ file: URL) throws {
        let expect = Self.expectations(try String(contentsOf: file, encoding: .utf8))
        let result = try CLI.run(["recommend", "--state", file.path, "--format", "json", "--scoring", CLI.scoring.path])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let options = try #require(try CLI.json(result.stdout)["options"] as? [[String: Any]])
        let tier = Dictionary(
            uniqueKeysWithValues: options.compactMap { option -> (String, String)? in
                guard let id = option["regimen"] as? String, let tier = option["tier"] as? String else { return nil }
                return (id, tier)
            })
        let top = options.first { $0["rank"] as? Int == 1 }?["regimen"] as? String ?? ""
        func order(_ name: String) -> Int { Self.tiers.firstIndex(of: name) ?? -1 }
        if let allowed = expect["top-in"]?[""] { #expect(allowed.contains(top), "top is \(top), expected \(allowed)") }
        if let forbidden = expect["top-not-in"]?[""] { #expect(!forbidden.contains(top), "top is \(top)") }
        for (regimen, allowed) in expect["tier"] ?? [:] {
            #expect(
                allowed.contains(tier[regimen] ?? "?"), "\(regimen) is \(tier[regimen] ?? "?"), expected \(allowed)")
        }
        for (regimen, bound) in expect["at-least"] ?? [:] {
            #expect(order(tier[regimen] ?? "?") <= order(bound[0]) && order(tier[regimen] ?? "?") >= 0, "\(regimen)")
        }
        for (regimen, bound) in expect["at-most"] ?? [:] {
            #expect(order(tier[regimen] ?? "?") >= order(bound[0]), "\(regimen) is \(tier[regimen] ?? "?")")
        }
        #expect(!expect.isEmpty)
    }
}
