import Foundation
import Her2SimTestSupport
import Testing

@testable import Her2SimExport

#if canImport(Glibc)
    import Glibc
#endif

@Suite("Output paths: refusals, clear errors, atomic writes")
struct OutputFileTests {
    /// A fresh directory per test, removed afterwards.
    final class Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent(
                "her2sim-export-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        var contents: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted() }
    }

    func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("refuses to replace a directory, or a path that names one")
    func directory() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path("out"), withIntermediateDirectories: false)
        let refused = try #require(message { _ = try OutputFile(scratch.path("out")) })
        #expect(refused.contains("is a directory") && refused.contains("quiz.zip"), "\(refused)")
        #expect(message { _ = try OutputFile(scratch.path("out") + "/") }?.contains("names a directory") == true)
        #expect(message { _ = try OutputFile(scratch.path("out") + "/.") }?.contains("names a directory") == true)
        #expect(message { _ = try OutputFile("") }?.contains("empty") == true)
        #expect(scratch.contents == ["out"])
    }

    @Test("a missing parent directory is a clear error, and nothing is created")
    func missingParent() throws {
        let scratch = try Scratch()
        let refused = try #require(message { _ = try OutputFile(scratch.path("missing/quiz.zip")) })
        #expect(refused.contains("does not exist"), "\(refused)")
        #expect(refused.contains("missing"))
        #expect(scratch.contents.isEmpty)
    }

    @Test("a parent that is a file is a clear error")
    func parentIsFile() throws {
        let scratch = try Scratch()
        _ = FileManager.default.createFile(atPath: scratch.path("notes.txt"), contents: Data("x".utf8))
        let refused = try #require(message { _ = try OutputFile(scratch.path("notes.txt/quiz.zip")) })
        #expect(refused.contains("is not a directory"), "\(refused)")
    }

    // An unwritable or read-only directory, and a full disk: HostileDiskTests (Her2SimRecordsTests)
    // run `her2sim export` on a real read-only or full tmpfs, as root or not.

    @Test("a write that fails leaves no file behind, not even a temporary one")
    func failedWriteLeavesNothing() throws {
        let scratch = try Scratch()
        let target = try OutputFile(scratch.path("quiz.xml"))
        // Remove the directory after the checks: the write must fail cleanly.
        try FileManager.default.removeItem(at: scratch.url)
        let failed = try #require(message { try target.write(Data("<quiz/>".utf8)) })
        #expect(failed.contains("cannot write"), "\(failed)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("quiz.xml")))
    }

    @Test("a killed export's temporary file is named for her2sim and removed by the next export; live ones stay")
    func staleTemporariesRemoved() throws {
        let scratch = try Scratch()
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = OutputFile.temporaryPrefix("quiz.xml", pid: ended.processIdentifier) + "a1B2c3"
        let live = OutputFile.temporaryPrefix("quiz.xml", pid: 1) + "d4E5f6"
        let otherTarget = OutputFile.temporaryPrefix("other.xml", pid: ended.processIdentifier) + "g7H8i9"
        for name in [dead, live, otherTarget, "notes.txt"] {
            #expect(FileManager.default.createFile(atPath: scratch.path(name), contents: Data("partial".utf8)))
        }
        try OutputFile(scratch.path("quiz.xml")).write(Data("<quiz/>".utf8))
        #expect(scratch.contents == [live, otherTarget, "notes.txt", "quiz.xml"].sorted())
        #expect(dead.hasPrefix(".quiz.xml.her2sim-export-"))
    }

    @Test("writes atomically: the whole file, replacing an old one, no temporary left")
    func atomicReplace() throws {
        let scratch = try Scratch()
        let path = scratch.path("quiz.gift")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        let data = Data(String(repeating: "é~=#{}:\n", count: 50_000).utf8)
        try OutputFile(path).write(data)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == data)
        #expect(scratch.contents == ["quiz.gift"], "no temporary file is left: \(scratch.contents)")
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        #expect(
            permissions & 0o044 != 0 || permissions & 0o600 == 0o600,
            "the file is readable like any other: \(String(permissions, radix: 8))")
    }

    @Test("only the given path is written: a relative path lands in the working directory's child")
    func onlyTheGivenPath() throws {
        let scratch = try Scratch()
        let bank = Fixtures.builder.bank(Fixtures.allCases.prefix(1).map { $0 })
        for format in ExportFormat.allCases {
            try Exporter.write(bank, as: format, to: scratch.path("quiz." + format.fileExtension))
        }
        #expect(scratch.contents == ["quiz.gift", "quiz.html", "quiz.xml", "quiz.zip"])
    }

    @Test(
        "her2sim export: a folder gets the default name, a missing folder is created, a file in the way is exit 1",
        .enabled(if: CLIBinary.url != nil, "the her2sim binary is not built beside the tests"))
    func command() throws {
        let scratch = try Scratch()
        let binary = try #require(CLIBinary.url)
        let scoring = Fixtures.repositoryRoot.appendingPathComponent("Scoring").path
        let cases = Fixtures.repositoryRoot.appendingPathComponent("Cases").path
        let sandbox = TestSandbox("export")
        defer { sandbox.remove() }
        func run(_ arguments: [String]) throws -> (Int32, String) {
            let output = try ProcessRunner.run(
                binary, ["export", "--scoring", scoring, "--cases", cases] + arguments,
                environment: sandbox.environment(ProcessInfo.processInfo.environment))
            return (output.status, output.stderr)
        }
        let (status, stderr) = try run(["--format", "gift", "--out", scratch.url.path])
        #expect(status == 0, "\(stderr)")
        #expect(scratch.contents == ["quiz.gift"])
        let (missing, missingError) = try run(["--format", "moodle", "--out", scratch.path("nope/quiz.xml")])
        #expect(missing == 0, "\(missingError)")
        #expect(FileManager.default.fileExists(atPath: scratch.path("nope/quiz.xml")))
        let (all, allError) = try run([
            "--format", "all", "--out", scratch.path("all/of/them"),
            "--cme", Fixtures.repositoryRoot.appendingPathComponent("Examples/cme.yaml").path,
        ])
        #expect(all == 0, "\(allError)")
        #expect(allError.isEmpty, "no warnings for the example activity: \(allError)")
        let written = (try? FileManager.default.contentsOfDirectory(atPath: scratch.path("all/of/them"))) ?? []
        #expect(written.sorted() == ExportFormat.allCases.map(\.defaultFileName).sorted())
        let (refused, refusedError) = try run(["--format", "all", "--out", scratch.path("quiz.gift")])
        #expect(refused == 1)
        #expect(refusedError.contains("is a file"), "\(refusedError)")
        let (badCME, badCMEError) = try run([
            "--format", "html", "--out", scratch.path("h.html"), "--cme", scratch.path("quiz.gift"),
        ])
        #expect(badCME == 1)
        #expect(
            badCMEError.range(of: scratch.path("quiz.gift") + #":\d+:\d+: error: "#, options: .regularExpression)
                != nil,
            "a located diagnostic: \(badCMEError)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("h.html")))
    }
}

/// `her2sim` beside the test bundle, when `swift test` built it.
enum CLIBinary {
    static let url: URL? = BuiltProduct.her2sim
}
