import Foundation
import Her2SimCore
import Yams

/// Loads case scripts with located diagnostics; never crashes on bad input.
public enum CaseLoader {
    /// One file's outcome: the script when it has no errors, and every diagnostic.
    public struct Result: Sendable {
        public var script: CaseScript?
        public var diagnostics: [Diagnostic]
    }

    public static func load(_ original: String, file: String, knowledge: Knowledge) -> Result {
        let parsed: (root: Node, lines: [Substring])
        do {
            parsed = try YAMLDocument.parseWithLines(original, file: file)
        } catch {
            return Result(script: nil, diagnostics: error.diagnostics)
        }
        let root = parsed.root
        let reader = YAMLReader(file: file)
        reader.sourceLines = parsed.lines
        let script = CaseDecoder(reader: reader, knowledge: knowledge).decode(root)
        return Result(script: reader.hasErrors ? nil : script, diagnostics: reader.diagnostics)
    }

    public static func load(contentsOf url: URL, displayName: String, knowledge: Knowledge) -> Result {
        do {
            return load(
                try SourceText.read(contentsOf: url, displayName: displayName), file: displayName, knowledge: knowledge)
        } catch {
            return Result(script: nil, diagnostics: error.diagnostics)
        }
    }
}

extension CaseLibrary {
    /// A case file to load: where it is, and what diagnostics call it.
    public typealias File = (url: URL, displayName: String)

    /// Loads `(url, displayName)` pairs one by one; with `lint`, adds the linter's warnings.
    /// With `paths` (a session context), linting also plays every case on every path
    /// `CasePaths` lists and adds `PathLinter`'s coherence findings (`lint --paths`).
    public static func load(
        files: [File], knowledge: Knowledge, lint: Bool,
        paths: SessionContext? = nil
    ) -> CaseLibrary {
        let job = FileJob(knowledge: knowledge, lint: lint, paths: paths)
        return assemble(files.map(job.run), files: files)
    }

    /// Like `load(files:…)`, the files read and linted side by side in a task group; the result
    /// (order, diagnostics) is the same as one by one.
    public static func load(
        files: [File], knowledge: Knowledge, lint: Bool,
        paths: SessionContext? = nil
    ) async -> CaseLibrary {
        let job = FileJob(knowledge: knowledge, lint: lint, paths: paths)
        let loaded = await Concurrent.map(files) { job.run($0) }
        return assemble(loaded, files: files)
    }

    /// What one file gives: its load result, the linters' findings, and how many paths were played.
    private struct Loaded: Sendable {
        var result: CaseLoader.Result
        var warnings: [Diagnostic]
        var pathCount: Int?
    }

    /// Loads and lints one file; independent of every other file, so files can run side by side.
    private struct FileJob: Sendable {
        let knowledge: Knowledge
        let lint: Bool
        let linter: CaseLinter
        let pathLinter: PathLinter?

        init(knowledge: Knowledge, lint: Bool, paths: SessionContext?) {
            self.knowledge = knowledge
            self.lint = lint
            linter = CaseLinter(engine: ReferenceEngine(knowledge: knowledge))
            pathLinter = lint ? paths.map(PathLinter.init(context:)) : nil
        }

        func run(_ file: File) -> Loaded {
            let result = CaseLoader.load(contentsOf: file.url, displayName: file.displayName, knowledge: knowledge)
            let pathResult = result.script.flatMap { script in pathLinter?.lint(script) }
            let warnings = lint ? (result.script.map(linter.lint) ?? []) + (pathResult?.diagnostics ?? []) : []
            return Loaded(result: result, warnings: warnings, pathCount: pathResult?.paths)
        }
    }

    /// The library from the files' results, in file order: a repeated case id is an error.
    private static func assemble(_ loaded: [Loaded], files: [File]) -> CaseLibrary {
        var cases: [CaseScript] = []
        var diagnostics: [Diagnostic] = []
        var firstSeen: [String: SourceLocation] = [:]
        var pathCounts: [String: Int] = [:]
        for item in loaded {
            let (result, warnings, count) = (item.result, item.warnings, item.pathCount)
            diagnostics += result.diagnostics
            guard let script = result.script else { continue }
            if let first = firstSeen[script.id] {
                diagnostics.append(
                    Diagnostic(.error, "case id '\(script.id)' is already used by \(first)", at: script.idLocation))
                continue
            }
            firstSeen[script.id] = script.idLocation
            diagnostics += warnings
            cases.append(script)
            if let count { pathCounts[script.id] = count }
        }
        return CaseLibrary(
            cases: cases, diagnostics: diagnostics, files: files.map(\.displayName), pathCounts: pathCounts)
    }

    /// Every `*.yaml` file under `directory` (recursively), sorted by path.
    public static func yamlFiles(in directory: URL, displayPrefix: String) -> [(url: URL, displayName: String)] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else {
            return []
        }
        var files: [(URL, String)] = []
        for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            files.append((url, displayPrefix + relative))
        }
        return files.sorted { $0.1 < $1.1 }
    }
}
