import Foundation
import Testing

/// `her2sim lint --cme FILE`: the CME activity file checked like a case file.
@Suite("her2sim lint --cme (the built binary)")
struct CMELintCLITests {
    static let example = CLI.repositoryRoot.appendingPathComponent("Examples/cme.yaml")

    @Test(
        "the example activity is clean; a broken one exits 1 with file:line:col and a did-you-mean",
        .enabled(if: CLI.binary != nil, "the her2sim binary is not built beside the tests"))
    func lintActivity() throws {
        let clean = try CLI.run(["lint", "--cme", Self.example.path, "--scoring", CLI.scoring.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stderr == "1 file, 0 cases: 0 errors, 0 warnings\n", "\(clean.stderr)")

        let text = try String(contentsOf: Self.example, encoding: .utf8)
            .replacingOccurrences(of: "commercial-support:", with: "comercial-support:")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-cme-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cme.yaml")
        try Data(text.utf8).write(to: file)
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("comercial-support:")
            }! + 1
        let broken = try CLI.run(["lint", "--cme", file.path, "--scoring", CLI.scoring.path])
        #expect(broken.status == 1)
        #expect(
            broken.stderr.contains(
                "\(file.path):\(line):1: error: unknown key 'comercial-support' in the CME activity (did you mean 'commercial-support'?)"
            ),
            "\(broken.stderr)")
        #expect(broken.stderr.contains("1 file, 0 cases: 1 error, 0 warnings"), "\(broken.stderr)")

        // Exporting with it refuses, names the file and writes nothing.
        let out = directory.appendingPathComponent("out")
        let export = try CLI.run([
            "export", "--format", "all", "--out", out.path, "--cme", file.path, "--scoring", CLI.scoring.path,
        ])
        #expect(export.status == 1)
        #expect(export.stderr.contains("nothing exported (run 'her2sim lint --cme \(file.path)'"), "\(export.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path), "no folder is left behind")
    }
}
