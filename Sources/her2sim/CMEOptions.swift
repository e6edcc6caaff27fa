import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading

/// What exports read beside the knowledge base: the approval table, the fingerprint of
/// `Scoring/`, and a `cme.yaml` when one is given.
struct ExportKnowledge {
    var approvals: ApprovalTable
    var approvalWarnings: [Diagnostic]
    var fingerprint: KnowledgeFingerprint

    /// Loads them from the knowledge base `options` names; problems exit with status 2.
    static func load(_ options: KnowledgeOptions, knowledge: Knowledge) throws -> ExportKnowledge {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: options.directory,
                environmentKey: "HER2SIM_SCORING")
        else {
            throw ExitStatus.invalidKnowledge
        }
        do {
            let approvals = try ApprovalsLoader.load(
                directory: location.url, displayPrefix: location.displayPrefix,
                knowledge: knowledge)
            let fingerprint = try KnowledgeFingerprint.of(directory: location.url)
            return ExportKnowledge(
                approvals: approvals?.table ?? .empty, approvalWarnings: approvals?.warnings ?? [],
                fingerprint: fingerprint)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }

    /// Loads and lints a `cme.yaml`; `nil` result activity means it has errors.
    func loadActivity(_ path: String) -> CMELoader.Result {
        CMELoader.load(
            contentsOf: URL(fileURLWithPath: path), displayName: path,
            regions: approvals.regions.map(\.id), fingerprint: fingerprint)
    }
}
