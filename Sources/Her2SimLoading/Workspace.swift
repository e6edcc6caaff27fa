import Foundation
import Her2SimCore

/// Everything a session needs from `Scoring/` and `Cases/`, decoded and cross-checked: the one
/// place the load sequence is written (knowledge first, then the simulation model and the case
/// library, which each need only the knowledge). The CLI, the tests, the benchmarks, the
/// fuzzers and the records helper all load through it.
public struct Workspace: Sendable {
    /// A directory to read, and what diagnostics print before its file names (`Scoring/`).
    public struct Directory: Sendable, Hashable {
        public var url: URL
        public var displayPrefix: String

        public init(url: URL, displayPrefix: String) {
            self.url = url
            self.displayPrefix = displayPrefix
        }
    }

    public var knowledge: Knowledge
    /// `model.yaml` with its narration and the dose-modification table.
    public var model: SimulationModel
    /// The cases that load, and the diagnostics of those that do not (they are not offered).
    public var cases: CaseLibrary
    /// The knowledge base's warnings: legal but probably unintended input.
    public var warnings: [Diagnostic]
    /// `dose-modifications.yaml`'s warnings (its table is `model.doseModifications.table`), kept so
    /// the REPL prints them without reading the file a second time.
    public var doseModificationWarnings: [Diagnostic] = []

    public init(knowledge: Knowledge, model: SimulationModel, cases: CaseLibrary, warnings: [Diagnostic]) {
        self.knowledge = knowledge
        self.model = model
        self.cases = cases
        self.warnings = warnings
    }

    /// Loads the knowledge base, then the model and the cases side by side (child tasks).
    /// Without `cases` the library is empty. Throws every problem of the knowledge base or the
    /// model (after the knowledge base's warnings); a case with errors is left out, not thrown.
    public static func load(scoring: Directory, cases: Directory?) async throws(DiagnosticError) -> Workspace {
        let knowledge = try self.knowledge(scoring: scoring)
        async let library = self.cases(cases, knowledge: knowledge)
        let model: (SimulationModel, [Diagnostic])
        do {
            model = try self.modelWithWarnings(scoring: scoring, knowledge: knowledge)
        } catch {
            _ = await library
            throw DiagnosticError(knowledge.warnings + error.diagnostics)
        }
        var workspace = Workspace(
            knowledge: knowledge, model: model.0, cases: await library, warnings: knowledge.warnings)
        workspace.doseModificationWarnings = model.1
        return workspace
    }

    /// `load(scoring:cases:)` one step after another, for callers that cannot wait on tasks: a
    /// test's shared fixture, a fuzzer's set-up. Same steps, same result.
    public static func loadSerially(scoring: Directory, cases: Directory?) throws(DiagnosticError) -> Workspace {
        let knowledge = try self.knowledge(scoring: scoring)
        let library = self.cases(cases, knowledge: knowledge)
        let model: (SimulationModel, [Diagnostic])
        do {
            model = try self.modelWithWarnings(scoring: scoring, knowledge: knowledge)
        } catch {
            throw DiagnosticError(knowledge.warnings + error.diagnostics)
        }
        var workspace = Workspace(knowledge: knowledge, model: model.0, cases: library, warnings: knowledge.warnings)
        workspace.doseModificationWarnings = model.1
        return workspace
    }

    /// The first step alone, for commands that only rank (`recommend`, `manage`): the four
    /// knowledge files (`trials`, `regimens`, `rules`, `rubric`), checked against each other.
    public static func knowledge(scoring: Directory) throws(DiagnosticError) -> Knowledge {
        try KnowledgeLoader.load(KnowledgeSources.directory(scoring.url, displayPrefix: scoring.displayPrefix))
    }

    /// The simulator's model: `model.yaml`, with `narration.yaml` and `dose-modifications.yaml`
    /// when they are there.
    public static func model(scoring: Directory, knowledge: Knowledge) throws(DiagnosticError) -> SimulationModel {
        try modelWithWarnings(scoring: scoring, knowledge: knowledge).0
    }

    /// The model and the dose-modification table's warnings.
    private static func modelWithWarnings(
        scoring: Directory, knowledge: Knowledge
    ) throws(DiagnosticError) -> (SimulationModel, [Diagnostic]) {
        var model = try SimulationModelLoader.load(
            directory: scoring.url, displayPrefix: scoring.displayPrefix,
            knowledge: knowledge)
        let doseModifications = try DoseModificationLoader.load(
            directory: scoring.url, displayPrefix: scoring.displayPrefix, knowledge: knowledge)
        model.doseModifications.table = doseModifications?.table
        return (model, doseModifications?.warnings ?? [])
    }

    /// Every `*.yaml` case under `directory` (an empty library without one), files side by side.
    public static func cases(_ directory: Directory?, knowledge: Knowledge) async -> CaseLibrary {
        await CaseLibrary.load(files: caseFiles(directory), knowledge: knowledge, lint: false)
    }

    /// Like `cases(_:knowledge:)`, one file after another.
    public static func cases(_ directory: Directory?, knowledge: Knowledge) -> CaseLibrary {
        CaseLibrary.load(files: caseFiles(directory), knowledge: knowledge, lint: false)
    }

    private static func caseFiles(_ directory: Directory?) -> [CaseLibrary.File] {
        directory.map { CaseLibrary.yamlFiles(in: $0.url, displayPrefix: $0.displayPrefix) } ?? []
    }
}
