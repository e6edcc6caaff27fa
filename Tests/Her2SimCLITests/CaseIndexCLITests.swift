import Foundation
import Her2SimLoading
import Her2SimTestSupport
import Testing

/// The first screen and `her2sim cases` come from the case index in the cache when it is
/// current, and from a full load (which rewrites it) otherwise; either way they are the truth:
/// what a run that cannot cache at all shows.
@Suite("Case index (start-up cache)")
struct CaseIndexCLITests {
    /// A copy of `Scoring/` and `Cases/` and a sandbox (HOME, XDG folders) to play them in.
    struct Fixture {
        let root: URL
        let sandbox = TestSandbox("index")

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "her2sim-cli-index-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            for name in ["Scoring", "Cases"] {
                try FileManager.default.copyItem(
                    at: CLI.repositoryRoot.appendingPathComponent(name), to: root.appendingPathComponent(name))
            }
        }

        var cases: URL { root.appendingPathComponent("Cases") }
        var index: URL { sandbox.root.appendingPathComponent("cache/her2sim/case-index") }

        func remove() {
            try? FileManager.default.removeItem(at: root)
            sandbox.remove()
        }

        /// Runs her2sim on the copy with `input` on standard input; `cached: false` points the
        /// cache below a regular file, so nothing can be cached (the truth).
        func run(_ arguments: [String] = [], input: String = "", cached: Bool = true) throws -> CLI.Result {
            var environment = [
                "HER2SIM_SCORING": root.appendingPathComponent("Scoring").path, "HER2SIM_CASES": cases.path,
                "HER2SIM_LEARNER": "",
                // Records of their own, so session numbers compare equal between runs.
                "XDG_DATA_HOME": root.appendingPathComponent("data-\(UUID().uuidString)").path,
            ]
            if !cached {
                let blocker = root.appendingPathComponent("blocker")
                try Data("x".utf8).write(to: blocker)
                environment["XDG_CACHE_HOME"] = blocker.path
            }
            return try CLI.run(arguments, environment: environment, input: Data(input.utf8), sandbox: sandbox)
        }

        /// The index file with `edit` applied to its records and a valid checksum, under the
        /// stamp the last run wrote: what a warm run would believe.
        func forge(_ edit: (inout CaseIndex) -> Void) throws {
            let text = try String(contentsOf: index, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            let stampLines = lines.dropFirst().prefix { !$0.hasPrefix("regimens\t") }
            let stamp = SourceStamp(text: stampLines.joined(separator: "\n") + "\n")
            var decoded = try #require(CaseIndexFile.decode(Array(text.utf8), stamp: stamp))
            edit(&decoded)
            try #require(CaseIndexFile.write(decoded, stamp: stamp, to: index))
        }
    }

    @Test("cold writes the index, warm shows the same screen from it, and it is used")
    func coldAndWarm() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let truth = try fixture.run(cached: false)
        #expect(truth.status == 0 && truth.stderr.isEmpty)
        #expect(truth.stdout.contains("hb-401  4     3          Fourth line after HER2CLIMB, then a trial"))
        let cold = try fixture.run()
        #expect(FileManager.default.fileExists(atPath: fixture.index.path))
        let written = try Data(contentsOf: fixture.index)
        let warm = try fixture.run()
        #expect(cold.stdout == truth.stdout && warm.stdout == truth.stdout)
        #expect(cold.stderr.isEmpty && warm.stderr.isEmpty && warm.status == 0)
        #expect(try Data(contentsOf: fixture.index) == written, "a current index is not rewritten")
        for format in ["text", "json"] {
            let cases = try fixture.run(["cases", "--format", format], cached: false)
            #expect(try fixture.run(["cases", "--format", format]).stdout == cases.stdout)
        }

        // Proof that warm runs read the index: a forged (but intact and current) one is shown.
        try fixture.forge { $0.cases[0].title = "Shown from the index" }
        #expect(try fixture.run().stdout.contains("Shown from the index"))
        #expect(try fixture.run(["cases"]).stdout.contains("Shown from the index"))
        #expect(try fixture.run(["cases", "--format", "json"]).stdout.contains("Shown from the index"))
    }

    @Test("commands typed after a cached welcome give the same transcript as without the cache")
    func lazyREPL() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        for input in [
            "help\ncases\nstart hb-401 seed 3\nchoose tdm1\nchart\nquit\n", "nonsense\n", "quit\n", "start hb-999\n",
            "start hb-402 seed 5\n",
        ] {
            let truth = try fixture.run(input: input, cached: false)
            _ = try fixture.run()
            let warm = try fixture.run(input: input)
            #expect(warm.stdout == truth.stdout, "\(input)")
            #expect(warm.stderr == truth.stderr && warm.status == truth.status, "\(input)")
        }
    }

    @Test("an edited title, an added and a removed case show on the next run")
    func sourcesChange() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        _ = try fixture.run()
        let file = fixture.cases.appendingPathComponent("hb-401.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        try original.replacingOccurrences(of: "title: Fourth line after HER2CLIMB", with: "title: Edited line after X")
            .write(to: file, atomically: true, encoding: .utf8)
        var shown = try fixture.run()
        #expect(shown.stdout.contains("Edited line after X, then a trial"))
        #expect(shown.stdout == (try fixture.run(cached: false)).stdout)

        let added = fixture.cases.appendingPathComponent("hb-499.yaml")
        try original.replacingOccurrences(of: "id: hb-401", with: "id: hb-499").write(
            to: added, atomically: true, encoding: .utf8)
        shown = try fixture.run()
        #expect(shown.stdout.contains("hb-499  4"))
        #expect(try fixture.run(["cases"]).stdout.contains("hb-499"))
        try FileManager.default.removeItem(at: added)
        shown = try fixture.run()
        #expect(!shown.stdout.contains("hb-499"))
        #expect(!(try fixture.run(["cases", "--format", "json"]).stdout.contains("hb-499")))
        #expect(shown.stdout == (try fixture.run(cached: false)).stdout)
    }

    @Test(
        "a damaged or stale index is rebuilt, never believed",
        arguments: ["truncated", "random", "flipped", "version", "empty", "directory"])
    func damaged(_ damage: String) throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let truth = try fixture.run(cached: false)
        _ = try fixture.run()
        let good = try Data(contentsOf: fixture.index)
        var bytes = Array(good)
        switch damage {
        case "truncated": bytes.removeLast(bytes.count / 3)
        case "random": bytes = (0..<bytes.count).map { _ in UInt8.random(in: 0...255) }
        case "flipped":
            let title = try #require(bytes.firstRange(of: Array("Fourth line".utf8)))
            bytes[title.lowerBound + 7] = UInt8(ascii: "t") // "Fourth tine": the checksum disagrees.
        case "version":
            // Intact, but written by another version: a title from it must not be shown.
            let text = String(decoding: bytes, as: UTF8.self)
            let stampLines = text.split(separator: "\n").dropFirst().prefix { !$0.hasPrefix("regimens\t") }
            let stamp = stampLines.joined(separator: "\n") + "\n"
            let older = stamp.replacingOccurrences(of: "version\t", with: "version\t0.0.1-older ")
            var index = try #require(CaseIndexFile.decode(bytes, stamp: SourceStamp(text: stamp)))
            index.cases[0].title = "From another version"
            bytes = CaseIndexFile.encode(index, stamp: SourceStamp(text: older))
        case "empty": bytes = []
        default: break
        }
        if damage == "directory" {
            try FileManager.default.removeItem(at: fixture.index)
            try FileManager.default.createDirectory(at: fixture.index, withIntermediateDirectories: true)
            let shown = try fixture.run()
            #expect(shown.stdout == truth.stdout && shown.stderr.isEmpty && shown.status == 0)
            return
        }
        try Data(bytes).write(to: fixture.index)
        let shown = try fixture.run()
        #expect(shown.stdout == truth.stdout && shown.stderr.isEmpty)
        #expect(try Data(contentsOf: fixture.index) == good, "the index is rewritten")
        try Data(bytes).write(to: fixture.index)
        #expect(try fixture.run(["cases"]).stdout == (try fixture.run(["cases"], cached: false)).stdout)
    }

    @Test("an unwritable cache folder changes nothing and says nothing")
    func unwritable() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        let first = try fixture.run(cached: false)
        let second = try fixture.run(input: "cases\nstart hb-401 seed 3\n", cached: false)
        #expect(first.status == 0 && first.stderr.isEmpty && second.status == 0 && second.stderr.isEmpty)
        #expect(first.stdout.contains("Type 'start CASE' to begin (e.g. 'start hb-401'), or 'help'."))
        #expect(second.stdout.contains("her2sim> cases\ncase    line"))
        #expect(!FileManager.default.fileExists(atPath: fixture.index.path))
    }

    @Test("with a case in error, no index: the warning comes every time before the welcome")
    func casesInError() throws {
        let fixture = try Fixture()
        defer { fixture.remove() }
        try "id: hb-498\ntitle: broken\n".write(
            to: fixture.cases.appendingPathComponent("hb-498.yaml"), atomically: true, encoding: .utf8)
        for _ in 0..<2 {
            let shown = try fixture.run()
            #expect(shown.stderr.contains("in Cases/; those cases are not offered"))
            #expect(!shown.stdout.contains("hb-498"))
        }
        #expect(!FileManager.default.fileExists(atPath: fixture.index.path))
    }
}
