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

    /// The case directory, or exit 1 with a message when there is none. A directory named by
    /// --cases or HER2SIM_CASES must exist: a typo there must not look like an empty library.
    func location() throws -> Workspace.Directory {
        let environment = ProcessInfo.processInfo.environment[Self.environmentKey].flatMap { $0.isEmpty ? nil : $0 }
        if let named = directory ?? environment {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: named, isDirectory: &isDirectory)
            if !exists || !isDirectory.boolValue {
                let source = directory == nil ? " (from \(Self.environmentKey))" : ""
                printError("error: \(exists ? "not a directory" : "no such directory"): \(named)\(source)")
                throw ExitStatus.invalidInput
            }
        }
        guard
            let location = ResourceLocator.locate(
                "Cases", marker: "README.md", explicit: directory,
                environmentKey: Self.environmentKey)
        else {
            printError("error: cannot find the case directory (Cases/); pass --cases DIR or set \(Self.environmentKey)")
            throw ExitStatus.invalidInput
        }
        return Workspace.Directory(url: location.url, displayPrefix: location.displayPrefix)
    }
}
