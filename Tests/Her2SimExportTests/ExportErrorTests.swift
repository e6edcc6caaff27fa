import Foundation
import Testing

@testable import Her2SimExport

/// Export failures are one typed enum: a caller switches on the case, and each case's
/// description is the sentence the user reads.
@Suite("ExportError")
struct ExportErrorTests {
    @Test("an empty path, a directory path and an unsafe entry are told apart by case")
    func cases() {
        do throws(ExportError) {
            _ = try OutputFile("")
            Issue.record("an empty path must be refused")
        } catch {
            #expect(error == .emptyPath(expected: "a file path such as out/quiz.zip"))
            #expect(error.description == "the output path is empty; give a file path such as out/quiz.zip")
        }
        do throws(ExportError) {
            _ = try OutputFile("out/", suggestedName: "quiz.xml")
            Issue.record("a directory path must be refused")
        } catch {
            guard case .directoryPath(let path, let example, exists: false) = error else {
                Issue.record("expected .directoryPath, got \(error)")
                return
            }
            #expect(path == "out/" && example.hasSuffix("quiz.xml"))
            #expect(error.description.hasPrefix("'out/' names a directory; give a file path inside it"))
        }
        do throws(ExportError) {
            _ = try ZipPackage.data([PackageEntry(path: "../evil.xml", data: Data())])
            Issue.record("an entry outside the package must be refused")
        } catch {
            #expect(error == .unsafeEntry(path: "../evil.xml"))
        }
    }

    @Test("a folder in the way names the file that blocks it")
    func folderBlocked() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("plain")
        try Data().write(to: file)
        #expect(
            throws: ExportError.cannotCreateFolder(
                path: file.path + "/sub",
                reason: "'\(file.path)' is a file, not a folder")
        ) {
            _ = try ExportDestination.files(for: [.gift, .html], out: file.path + "/sub")
        }
    }
}
