import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// `Workspace.load`, the one load sequence: the same workspace side by side as one step after
/// another, everything a session needs, and every problem of the model reported.
@Suite("Workspace loading")
struct WorkspaceTests {
    static let scoring = Workspace.Directory(url: TestSupport.scoringDirectory, displayPrefix: "Scoring/")
    static let cases = Workspace.Directory(
        url: TestSupport.repositoryRoot.appendingPathComponent("Cases"),
        displayPrefix: "Cases/")

    @Test("side by side and one by one give the same workspace, with every case file")
    func concurrentEqualsSerial() async throws {
        let concurrent = try await Workspace.load(scoring: Self.scoring, cases: Self.cases)
        let serial = try Workspace.loadSerially(scoring: Self.scoring, cases: Self.cases)
        #expect(concurrent.cases.cases == serial.cases.cases)
        #expect(concurrent.cases.diagnostics == serial.cases.diagnostics)
        #expect(concurrent.knowledge.regimenIDs == serial.knowledge.regimenIDs)
        #expect(concurrent.warnings == serial.warnings)
        let files = CaseLibrary.yamlFiles(in: Self.cases.url, displayPrefix: "Cases/")
        #expect(concurrent.cases.files == files.map(\.displayName))
        #expect(concurrent.cases.cases.count == files.count, "every shipped case loads")
    }

    @Test("the model carries the narration and the dose-modification table")
    func modelIsComplete() throws {
        let workspace = try Workspace.loadSerially(scoring: Self.scoring, cases: nil)
        #expect(!workspace.model.narration.isEmpty)
        #expect(workspace.model.doseModifications.table != nil)
        #expect(workspace.cases.cases.isEmpty && workspace.cases.files.isEmpty)
    }

    @Test("a knowledge base without model.yaml is refused with a diagnostic naming the file")
    func missingModelIsReported() async throws {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-workspace-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.copyItem(at: TestSupport.scoringDirectory, to: scratch)
        try FileManager.default.removeItem(at: scratch.appendingPathComponent("model.yaml"))
        let directory = Workspace.Directory(url: scratch, displayPrefix: "S/")
        do {
            _ = try await Workspace.load(scoring: directory, cases: Self.cases)
            Issue.record("a knowledge base without model.yaml must not load")
        } catch {
            #expect(error.errors.contains { $0.file == "S/model.yaml" }, "\(error)")
        }
        #expect(throws: DiagnosticError.self) { try Workspace.loadSerially(scoring: directory, cases: nil) }
    }
}
