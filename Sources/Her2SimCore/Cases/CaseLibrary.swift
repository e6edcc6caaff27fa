/// The cases a library offers, with every diagnostic its files gave. Loading it from a directory
/// is `Her2SimLoading`'s `CaseLibrary.load(files:…)`.
public struct CaseLibrary: Sendable {
    public var cases: [CaseScript]
    public var diagnostics: [Diagnostic]
    /// Files examined, as diagnostics name them.
    public var files: [String]
    /// With path linting: how many paths each case was played on, by case id.
    public var pathCounts: [String: Int] = [:]

    public init(cases: [CaseScript], diagnostics: [Diagnostic], files: [String], pathCounts: [String: Int] = [:]) {
        self.cases = cases
        self.diagnostics = diagnostics
        self.files = files
        self.pathCounts = pathCounts
    }

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    public func script(_ id: String) -> CaseScript? { cases.first { $0.id == id } }
}
