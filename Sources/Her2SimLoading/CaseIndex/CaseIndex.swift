import Her2SimCore

/// What the first screen and `her2sim cases` show of every case, so they can be written without
/// loading `Scoring/` and `Cases/`: the ids, titles, derived therapy lines and counts a full
/// load gives, and the regimen ids and names TAB completion offers before a case starts. It is
/// kept in `$XDG_CACHE_HOME/her2sim/case-index` under a `SourceStamp` (see `CaseIndexFile`).
public struct CaseIndex: Sendable, Hashable {
    /// One row of the cases table.
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var title: String
        /// The line of therapy the engine derives from the case's starting state.
        public var line: Int
        /// Decisions plus management turns, as the cases table counts them.
        public var decisions: Int
        public var difficulty: String
        public var minutes: Int
        public var objectives: [String]
        /// The case's file as diagnostics name it (depends on the working directory).
        public var file: String

        public init(
            id: String, title: String, line: Int, decisions: Int, difficulty: String, minutes: Int,
            objectives: [String], file: String
        ) {
            self.id = id
            self.title = title
            self.line = line
            self.decisions = decisions
            self.difficulty = difficulty
            self.minutes = minutes
            self.objectives = objectives
            self.file = file
        }

        /// A case's row as every cases table shows it; the therapy line is the engine's.
        public init(script: CaseScript, engine: ReferenceEngine) {
            self.init(
                id: script.id, title: script.title, line: engine.line(of: script.initialState),
                decisions: script.decisions + script.managementTurns, difficulty: script.difficulty.rawValue,
                minutes: script.minutes, objectives: script.objectives.map(\.text), file: script.file)
        }
    }

    public var cases: [Entry]
    public var regimenIDs: [String]
    public var regimenNames: [String]

    public init(cases: [Entry], regimenIDs: [String], regimenNames: [String]) {
        self.cases = cases
        self.regimenIDs = regimenIDs
        self.regimenNames = regimenNames
    }

    /// The index of a loaded workspace, or nil when its first screen would not be the whole
    /// story: a case with errors, or warnings a full load prints before the welcome.
    public init?(workspace: Workspace) {
        guard workspace.cases.errorCount == 0, workspace.warnings.isEmpty,
            workspace.doseModificationWarnings.isEmpty
        else { return nil }
        let engine = ReferenceEngine(knowledge: workspace.knowledge)
        cases = workspace.cases.cases.map { Entry(script: $0, engine: engine) }
        regimenIDs = workspace.knowledge.regimenIDs.map(\.rawValue)
        regimenNames = workspace.knowledge.regimenNames
    }
}
