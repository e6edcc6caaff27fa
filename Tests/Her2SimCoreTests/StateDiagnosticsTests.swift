import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Bad patient-state files: each fixture in `Fixtures/bad-states` holds one defect and starts
/// with `# expect: LINE:COL: error: MESSAGE`, the exact first error the loader must report.
/// A diagnostic without a position (a whole-file problem such as an empty file) is written
/// `# expect: error: MESSAGE`.
@Suite("State file diagnostics")
struct StateDiagnosticsTests {
    static let badStates = TestSupport.fixtureFiles(in: "bad-states")
    static let badStateNames = badStates.map(\.lastPathComponent)
    static let expectPrefix = "# expect: "

    /// The expectation written on the first line of a fixture, or nil when the header is missing.
    static func expectation(of url: URL) -> String? {
        let text = TestSupport.text(url)
        guard let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first,
            firstLine.hasPrefix(expectPrefix)
        else { return nil }
        return String(firstLine.dropFirst(expectPrefix.count))
    }

    /// `LINE:COL: error: MESSAGE`, without the file name (which the fixture cannot know).
    static func rendered(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.location.map { "\($0.line):\($0.column): " } ?? ""
        return "\(place)\(diagnostic.severity.rawValue): \(diagnostic.message)"
    }

    @Test("each bad state reports its expected first error", arguments: badStateNames)
    func reportsExpectedError(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("bad-states").appendingPathComponent(name)
        let expected = try #require(
            Self.expectation(of: url), "\(url.lastPathComponent) lacks a '# expect: ' first line")
        do {
            let state = try StateLoader.load(TestSupport.text(url), file: name, knowledge: TestSupport.knowledge)
            Issue.record("\(name) loaded without error: \(state)")
        } catch {
            let first = try #require(error.errors.first, "\(name) threw without an error diagnostic: \(error)")
            #expect(Self.rendered(first) == expected, "\(name):\n\(error)")
            #expect(first.file == name)
            if let location = first.location {
                #expect(location.file == name)
            }
        }
    }

    @Test("the bad-state set is large and every message is distinct")
    func fixtureSetIsLargeAndDistinct() {
        #expect(Self.badStates.count >= 14, "only \(Self.badStates.count) bad-state fixtures")
        let expectations = Self.badStates.map { Self.expectation(of: $0) }
        #expect(!expectations.contains(nil), "every fixture starts with '# expect: '")
        var seen: [String: String] = [:]
        for (url, expectation) in zip(Self.badStates, expectations) {
            guard let expectation else { continue }
            let message = expectation.replacingOccurrences(
                of: #"^(\d+:\d+: )?error: "#, with: "", options: .regularExpression)
            #expect(message != expectation, "\(url.lastPathComponent): expectation is not 'LINE:COL: error: MESSAGE'")
            if let other = seen[message] {
                Issue.record("\(url.lastPathComponent) and \(other) expect the same message: \(message)")
            }
            seen[message] = url.lastPathComponent
        }
    }

    static let p04 = TestSupport.fixtures
        .appendingPathComponent("vignettes/p04-fourth-after-her2climb.yaml")

    @Test("the p04 vignette, whole, loads")
    func wholeVignetteLoads() throws {
        let state = try StateLoader.load(TestSupport.text(Self.p04), file: "p04.yaml", knowledge: TestSupport.knowledge)
        #expect(state.history.map(\.regimen) == ["thp", "tdxd", "tucatinib-trastuzumab-capecitabine"])
        #expect(state.ecog == 1 && state.lvef == 62)
    }

    @Test("every truncation of a valid state loads or reports located errors, never crashes")
    func truncatedStatesNeverCrash() throws {
        let bytes = Array(TestSupport.text(Self.p04).utf8)
        try #require(bytes.count > 100)
        let lineCount = bytes.filter { $0 == UInt8(ascii: "\n") }.count + 1
        var loaded = 0
        var rejected = 0
        for length in stride(from: 0, through: bytes.count, by: 7) {
            let text = String(decoding: bytes.prefix(length), as: UTF8.self)
            do {
                _ = try StateLoader.load(text, file: "p04-prefix.yaml", knowledge: TestSupport.knowledge)
                loaded += 1
            } catch {
                rejected += 1
                let errors = error.errors
                #expect(!errors.isEmpty, "prefix of \(length) bytes: thrown without an error")
                #expect(
                    errors.contains { $0.location != nil || !$0.file.isEmpty },
                    "prefix of \(length) bytes: no error names a place")
                for diagnostic in errors {
                    #expect(diagnostic.file == "p04-prefix.yaml")
                    #expect(!diagnostic.message.isEmpty)
                    if let location = diagnostic.location {
                        #expect(
                            (1...lineCount).contains(location.line) && location.column >= 1,
                            "prefix of \(length) bytes: \(diagnostic) is outside the text")
                    }
                }
            }
        }
        // The shortest prefixes cannot be states; the longest, cut inside `expect:`, still are.
        #expect(rejected > 0)
        #expect(loaded > 0)
    }
}
