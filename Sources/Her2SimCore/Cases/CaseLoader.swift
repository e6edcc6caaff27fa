import Foundation
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
            return load(try SourceText.read(contentsOf: url, displayName: displayName), file: displayName, knowledge: knowledge)
        } catch {
            return Result(script: nil, diagnostics: error.diagnostics)
        }
    }
}

public struct CaseLibrary: Sendable {
    public var cases: [CaseScript]
    public var diagnostics: [Diagnostic]
    /// Files examined, as diagnostics name them.
    public var files: [String]
    /// With path linting: how many paths each case was played on, by case id.
    public var pathCounts: [String: Int] = [:]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    public func script(_ id: String) -> CaseScript? { cases.first { $0.id == id } }

    /// Loads `(url, displayName)` pairs; with `lint`, adds the linter's warnings. Files are read
    /// and linted in parallel; the result (order, diagnostics) is the same as one by one.
    /// With `paths` (a session context), linting also plays every case on every path
    /// `CasePaths` lists and adds `PathLinter`'s coherence findings (`lint --paths`).
    public static func load(files: [(url: URL, displayName: String)], knowledge: Knowledge, lint: Bool,
                            paths: SessionContext? = nil) -> CaseLibrary {
        let linter = CaseLinter(engine: ReferenceEngine(knowledge: knowledge))
        let pathLinter = lint ? paths.map(PathLinter.init(context:)) : nil
        let loaded = ParallelMap.map(files) { file in
            let result = CaseLoader.load(contentsOf: file.url, displayName: file.displayName, knowledge: knowledge)
            let pathResult = result.script.flatMap { script in pathLinter?.lint(script) }
            return (result, lint ? (result.script.map(linter.lint) ?? []) + (pathResult?.diagnostics ?? []) : [],
                    pathResult?.paths)
        }
        var cases: [CaseScript] = []
        var diagnostics: [Diagnostic] = []
        var firstSeen: [String: SourceLocation] = [:]
        var pathCounts: [String: Int] = [:]
        for (result, warnings, count) in loaded {
            diagnostics += result.diagnostics
            guard let script = result.script else { continue }
            if let first = firstSeen[script.id] {
                diagnostics.append(Diagnostic(.error, "case id '\(script.id)' is already used by \(first)", at: script.idLocation))
                continue
            }
            firstSeen[script.id] = script.idLocation
            diagnostics += warnings
            cases.append(script)
            if let count { pathCounts[script.id] = count }
        }
        return CaseLibrary(cases: cases, diagnostics: diagnostics, files: files.map(\.displayName), pathCounts: pathCounts)
    }

    /// Every `*.yaml` file under `directory` (recursively), sorted by path.
    public static func yamlFiles(in directory: URL, displayPrefix: String) -> [(url: URL, displayName: String)] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var files: [(URL, String)] = []
        for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension) {
            let relative = String(url.standardizedFileURL.path.dropFirst(directory.standardizedFileURL.path.count + 1))
            files.append((url, displayPrefix + relative))
        }
        return files.sorted { $0.1 < $1.1 }
    }
}
