import Foundation
import Testing
import Yams

@testable import Her2SimCore
@testable import Her2SimLoading

/// Hostile YAML (issue 8): nesting deep enough to exhaust libyaml or Yams, control characters,
/// invalid UTF-8 and oversized files in state files and Scoring/, and an alias bomb in a state
/// file. Each is refused with one located, plain message — never a crash or a hang.
@Suite("Hostile YAML: deep nesting, control characters, bad bytes, huge files")
struct HostileYAMLTests {
    static let deepMessage =
        "error: nesting is deeper than 64 levels (lists and mappings inside each other); her2sim files need fewer than 10"

    /// `LINE:COL: error: MESSAGE` for each error of a case text.
    static func caseErrors(_ text: String) -> [String] {
        CaseLoader.load(text, file: "hostile.yaml", knowledge: TestSupport.knowledge).diagnostics
            .filter { $0.severity == .error }
            .map { d in (d.location.map { "\($0.line):\($0.column): " } ?? "") + "error: " + d.message }
    }

    static func stateErrors(_ text: String) -> [String] {
        do {
            _ = try StateLoader.load(text, file: "state.yaml", knowledge: TestSupport.knowledge)
            return []
        } catch {
            return error.errors.map { d in
                (d.location.map { "\($0.line):\($0.column): " } ?? "") + "error: " + d.message
            }
        }
    }

    /// The nesting of a composed tree, as libyaml counts it: one level per collection.
    static func depth(_ node: Node) -> Int {
        switch node {
        case .scalar, .alias: return 0
        case .sequence(let sequence): return 1 + (sequence.map(depth).max() ?? 0)
        case .mapping(let mapping): return 1 + (mapping.flatMap { [depth($0.key), depth($0.value)] }.max() ?? 0)
        }
    }

    // MARK: - Deep nesting

    /// Without the limit libyaml stops at 1,000 levels with "Maximum nesting level reached, set
    /// with yaml_set_max_nest_level())" at the start of the collection; the limit names the
    /// level that crosses it.
    @Test("100,000 '[' are refused at the 64th, before the parser", .timeLimit(.minutes(10)))
    func deepFlowSequences() {
        let started = Date()
        // `id:` opens a mapping (level 1), so the 64th '[' (column 5 + 63) is level 65.
        #expect(
            Self.caseErrors("id: " + String(repeating: "[", count: 100_000) + "\n") == ["1:68: \(Self.deepMessage)"])
        #expect(
            Self.caseErrors(String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000) + "\n")
                == ["1:65: \(Self.deepMessage)"])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("nested flow mappings and compact block sequences are counted too")
    func deepFlowMappingsAndCompactSequences() {
        // `{a: ` is four characters: the 65th '{' is at column 1 + 4 × 64.
        #expect(Self.caseErrors(String(repeating: "{a: ", count: 50_000) + "\n") == ["1:257: \(Self.deepMessage)"])
        // `- - - …`: each '- ' opens a sequence inside the last.
        #expect(Self.caseErrors(String(repeating: "- ", count: 100_000) + "x\n") == ["1:129: \(Self.deepMessage)"])
    }

    @Test("block mappings indented ever deeper (1,900 levels, under 2 MB) are refused at level 65")
    func deepBlockMappings() {
        let text = (0..<1_900).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
        #expect(text.utf8.count < YAMLDocument.maximumBytes)
        #expect(Self.caseErrors(text) == ["65:65: \(Self.deepMessage)"])
        // The same in a state file, and with sequences written at their key's indentation
        // ("k:\n- k:\n  - …"), which nest although they are not indented.
        //   k:
        //   - k:
        //     - k:    line n ≥ 2: '- ' at column 2n − 3 is level 2n − 2, its key level 2n − 1
        let mixed = "k:\n" + (2...40).map { String(repeating: " ", count: 2 * ($0 - 2)) + "- k:\n" }.joined()
        #expect(Self.stateErrors(mixed) == ["33:65: \(Self.deepMessage)"])
    }

    @Test("64 levels are accepted; brackets in quotes, block scalars and comments do not count")
    func limitIsExactAndIgnoresText() throws {
        // Exactly 64: the parser sees it (and the case loader complains about the content, not the depth).
        let flow64 = "id: " + String(repeating: "[", count: 63) + String(repeating: "]", count: 63) + "\n"
        #expect(!Self.caseErrors(flow64).contains { $0.contains("nesting") }, "\(Self.caseErrors(flow64))")
        let block64 = (0..<64).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
        #expect(!Self.caseErrors(block64).contains { $0.contains("nesting") })
        #expect(Self.caseErrors(block64 + String(repeating: " ", count: 64) + "k:\n") == ["65:65: \(Self.deepMessage)"])

        let brackets = String(repeating: "[{", count: 200)
        let text = """
            id: "\(brackets)"
            title: '\(brackets)'
            summary: |
              \(brackets)
                  \((0..<100).map { String(repeating: " ", count: $0) + "- k:" }.joined(separator: "\n      "))
            # \(brackets)
            notes: plain \(brackets.replacingOccurrences(of: "{", with: "("))
              continued \(brackets.replacingOccurrences(of: "{", with: "("))
            """
        let scan = YAMLPrescan(YAMLDocument.normalizedLineBreaks(text), maximumDepth: YAMLDocument.maximumDepth)
        #expect(scan.tooDeep == nil)
        #expect(scan.deepest == 1)
        #expect(!Self.caseErrors(text).contains { $0.contains("nesting") })
    }

    /// The pre-scan's count is the parser's: for every file the project ships it finds exactly
    /// the nesting of the composed tree — and that is below 10, as the message promises.
    @Test("the pre-scan measures every bundled file's nesting exactly, and all are under 10")
    func bundledFilesAreShallow() throws {
        let root = TestSupport.repositoryRoot
        var files: [URL] = []
        for directory in ["Cases", "Scoring", "Examples"] {
            let url = root.appendingPathComponent(directory)
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }
            files += names.map { url.appendingPathComponent($0) }
        }
        for directory in ["vignettes", "bad-cases", "bad-states"] {
            files += TestSupport.fixtureFiles(in: directory)
        }
        #expect(files.count > 60, "\(files.count)")
        var measured = 0
        for file in files {
            let text = YAMLDocument.normalizedLineBreaks(TestSupport.text(file))
            guard let node = try? Yams.compose(yaml: text) else { continue } // some bad fixtures do not parse
            let scan = YAMLPrescan(text)
            #expect(
                scan.deepest == Self.depth(node),
                "\(file.lastPathComponent): pre-scan \(scan.deepest), tree \(Self.depth(node))")
            if !file.path.contains("bad-") { #expect(Self.depth(node) < 10, "\(file.lastPathComponent)") }
            measured += 1
        }
        #expect(measured > 60)
    }

    // MARK: - Control characters

    @Test(
        "a control character in a case or state file is named and located",
        arguments: [
            (UInt8(0x07), "U+0007 (bell)"),
            (UInt8(0x1B), "U+001B (escape)"),
            (UInt8(0x00), "U+0000 (NUL)"),
            (UInt8(0x7F), "U+007F (delete)"),
            (UInt8(0x01), "U+0001"),
        ])
    func controlCharacters(_ byte: UInt8, _ name: String) throws {
        let message =
            "error: the control character \(name) is not allowed in YAML text (only tab, line breaks and printable characters are); remove it (it may have been pasted in unseen)"
        // In a comment on line 3, after "  # né " (column 8; é is one column).
        let text = "patient:\n  age: 50\n  # né " + String(decoding: [byte], as: UTF8.self) + "x\nhistory: []\n"
        #expect(Self.stateErrors(text) == ["3:8: \(message)"])
        // In a quoted value, on a CRLF file: positions count the line breaks an editor shows.
        let crlf = "id: hb-900\r\ntitle: \"a" + String(decoding: [byte], as: UTF8.self) + "b\"\r\n"
        #expect(Self.caseErrors(crlf).first == "2:10: \(message)")
    }

    // MARK: - State files and Scoring/

    @Test("an alias bomb in a state file is refused quickly, at its first alias", .timeLimit(.minutes(10)))
    func stateAliasBomb() {
        let started = Date()
        let text = CaseFuzzTests.aliasBomb() + "patient: *l8\nhistory: []\n"
        #expect(
            Self.stateErrors(text) == [
                "2:10: error: the aliases in this file expand to more than 100000 values (nested aliases); her2sim files do not need YAML aliases"
            ])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test("invalid UTF-8 and a 100 MB file in Scoring/ are refused, located or before reading")
    func scoringDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-hostile-scoring-\(UUID().uuidString)")
        // By content: copyItem would also try to keep the files' owner.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: TestSupport.scoringDirectory.path) {
            try Data(contentsOf: TestSupport.scoringDirectory.appendingPathComponent(name))
                .write(to: directory.appendingPathComponent(name))
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules.yaml")
        let original = try Data(contentsOf: rules)
        let lines = String(decoding: original, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .count

        // A Latin-1 'é' in a comment appended to rules.yaml.
        try (original + Data("# caf".utf8) + Data([0xE9]) + Data("\n".utf8)).write(to: rules)
        do {
            _ = try KnowledgeSources.directory(directory, displayPrefix: "Scoring/")
            Issue.record("a rules.yaml with a Latin-1 byte was read")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "Scoring/rules.yaml:\(lines):6: error: file is not valid UTF-8 text (byte 0xE9); save it as UTF-8"
                ])
        }

        // 100 MB, sparse: refused from its size, without reading it.
        try Data().write(to: rules)
        try FileHandle(forWritingTo: rules).truncate(atOffset: 100_000_000)
        let started = Date()
        do {
            _ = try KnowledgeSources.directory(directory, displayPrefix: "Scoring/")
            Issue.record("a 100 MB rules.yaml was read")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "Scoring/rules.yaml: error: file is 100000000 bytes; the limit is 2000000 bytes"
                ])
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test("a 100 MB state file is refused from its size, before reading")
    func hugeStateFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-hostile-\(UUID().uuidString).yaml")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        try FileHandle(forWritingTo: file).truncate(atOffset: 100_000_000)
        let started = Date()
        do {
            _ = try StateLoader.load(contentsOf: file, displayName: "big.yaml", knowledge: TestSupport.knowledge)
            Issue.record("a 100 MB state file was read")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "big.yaml: error: file is 100000000 bytes; the limit is 2000000 bytes"
                ])
        }
        #expect(Date().timeIntervalSince(started) < 1)
    }
}
