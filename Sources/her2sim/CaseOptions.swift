import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading

/// `--cases DIR`: where the case library lives (default `$HER2SIM_CASES`, else `./Cases`).
struct CaseOptions: ParsableArguments {
    static let environmentKey = "HER2SIM_CASES"

    @Option(
        name: .customLong("cases"),
        help: ArgumentHelp(
            "The case directory (default: $HER2SIM_CASES, else ./Cases or the one beside the program).",
            valueName: "dir"), completion: Completions.folders)
    var directory: String?

    /// The bundled case library's files, or exit 1 with a message when there is none.
    func files() throws -> [(url: URL, displayName: String)] {
        let location = try location()
        return CaseLibrary.yamlFiles(in: location.url, displayPrefix: location.displayPrefix)
    }

    /// The case library (`Workspace.cases`), or exit 1 when there is no case directory.
    func library(knowledge: Knowledge) throws -> CaseLibrary {
        Workspace.cases(try location(), knowledge: knowledge)
    }

    /// The case directory, or exit 1 with a message when there is none.
    func location() throws -> Workspace.Directory {
        switch Self.find(named: directory) {
        case .success(let found): return found
        case .failure(let problem):
            printError(problem.message)
            throw ExitStatus.invalidInput
        }
    }

    /// Why no case directory was found, as the message says it.
    struct Problem: Error {
        var message: String
    }

    /// The case directory named by `--cases` (`named`), else `$HER2SIM_CASES`, else ./Cases or
    /// the one beside the program. A directory named by either must exist: a typo there must not
    /// look like an empty library. Prints nothing (`FirstScreen` falls back quietly).
    static func find(
        named directory: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Result<Workspace.Directory, Problem> {
        if let named = directory ?? environment[environmentKey].flatMap({ $0.isEmpty ? nil : $0 }) {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory)
            if !exists || !isDirectory.boolValue {
                let source = directory == nil ? " (from \(environmentKey))" : ""
                return .failure(
                    Problem(message: "error: \(exists ? "not a directory" : "no such directory"): \(named)\(source)"))
            }
        }
        guard
            let location = ResourceLocator.locate(
                "Cases", marker: "README.md", explicit: directory, environmentKey: environmentKey,
                environment: environment)
        else {
            return .failure(
                Problem(
                    message:
                        "error: cannot find the case directory (Cases/); pass --cases DIR or set \(environmentKey)"))
        }
        return .success(Workspace.Directory(url: location.url, displayPrefix: location.displayPrefix))
    }
}
