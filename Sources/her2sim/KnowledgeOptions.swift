import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading

/// `--scoring DIR`: where the knowledge base lives, shared by every subcommand that ranks.
struct KnowledgeOptions: ParsableArguments {
    @Option(
        name: .customLong("scoring"),
        help: ArgumentHelp(
            "The knowledge base directory (default: $HER2SIM_SCORING, else ./Scoring or the one beside the program).",
            valueName: "dir"), completion: Completions.folders)
    var directory: String?

    /// Where the knowledge base is, or exit 2 with a message when there is none.
    func scoring() throws -> Workspace.Directory {
        guard let found = Self.find(named: directory) else {
            printError(
                "error: cannot find the knowledge base (a Scoring/ directory with regimens.yaml); pass --scoring DIR or set HER2SIM_SCORING"
            )
            throw ExitStatus.invalidKnowledge
        }
        return found
    }

    /// The knowledge base named by `--scoring` (`named`), else `$HER2SIM_SCORING`, else
    /// ./Scoring or the one beside the program; nil when there is none (nothing printed).
    static func find(
        named directory: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Workspace.Directory? {
        ResourceLocator.locate(
            "Scoring", marker: "regimens.yaml", explicit: directory, environmentKey: "HER2SIM_SCORING",
            environment: environment
        ).map { Workspace.Directory(url: $0.url, displayPrefix: $0.displayPrefix) }
    }

    /// Loads the knowledge base, printing its diagnostics and exiting with status 2 on error.
    func load() throws -> Knowledge {
        let scoring = try scoring()
        do {
            let knowledge = try Workspace.knowledge(scoring: scoring)
            DiagnosticPrinter.print(knowledge.warnings)
            return knowledge
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }

    /// The knowledge base, the simulator's model and the case library (`Workspace.load`: the
    /// model and the cases side by side), printing the knowledge base's diagnostics and exiting
    /// with status 2 when it or the model has errors. Cases with errors are left out of the library.
    func loadWorkspace(cases: CaseOptions) throws -> Workspace {
        let scoring = try scoring()
        return try Self.loadWorkspace(scoring: scoring, cases: try cases.location())
    }

    /// `loadWorkspace(cases:)` for folders already found.
    static func loadWorkspace(scoring: Workspace.Directory, cases: Workspace.Directory) throws -> Workspace {
        try accept(waitForTask { await loading(scoring: scoring, cases: cases) })
    }

    /// `Workspace.load` as a value, so it can run in the background (nothing printed yet).
    static func loading(
        scoring: Workspace.Directory, cases: Workspace.Directory
    ) async -> Result<Workspace, DiagnosticError> {
        do throws(DiagnosticError) {
            return .success(try await Workspace.load(scoring: scoring, cases: cases))
        } catch {
            return .failure(error)
        }
    }

    /// A load's warnings printed, or its errors printed and exit 2.
    static func accept(_ loaded: Result<Workspace, DiagnosticError>) throws -> Workspace {
        switch loaded {
        case .success(let workspace):
            DiagnosticPrinter.print(workspace.warnings)
            return workspace
        case .failure(let error):
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }
}

extension KnowledgeOptions {
    /// The knowledge base's fingerprint (SHA-256 of `Scoring/*.yaml`), nil when it cannot be read.
    func fingerprint() -> KnowledgeFingerprint? {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: directory,
                environmentKey: "HER2SIM_SCORING")
        else { return nil }
        return try? KnowledgeFingerprint.of(directory: location.url)
    }

    /// The simulator's model (`Scoring/model.yaml`), checked against the knowledge base.
    func loadModel(knowledge: Knowledge) throws -> SimulationModel {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: directory,
                environmentKey: "HER2SIM_SCORING")
        else {
            throw ExitStatus.invalidKnowledge
        }
        do {
            let scoring = Workspace.Directory(url: location.url, displayPrefix: location.displayPrefix)
            return try Workspace.model(scoring: scoring, knowledge: knowledge)
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }
}

/// Finds a bundled directory (`Scoring/`, `Cases/`): an explicit path, then an environment
/// variable, then the working directory and its parents, then the directories above the
/// executable — a build inside the repository, or an installed layout where
/// `PREFIX/bin/her2sim` finds `PREFIX/share/her2sim/Scoring` (what `make install` writes).
enum ResourceLocator {
    struct Location {
        var url: URL
        var displayPrefix: String
    }

    static func locate(
        _ name: String, marker: String, explicit: String?, environmentKey: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Location? {
        if let explicit { return location(URL(fileURLWithPath: explicit)) }
        if let fromEnvironment = environment[environmentKey], !fromEnvironment.isEmpty {
            return location(URL(fileURLWithPath: fromEnvironment))
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for start in [cwd, executableDirectory] {
            var directory = start.standardizedFileURL
            for _ in 0..<8 {
                for candidate in [
                    directory.appendingPathComponent(name),
                    directory.appendingPathComponent("share/her2sim/\(name)"),
                ]
                where FileManager.default.fileExists(atPath: candidate.appendingPathComponent(marker).path) {
                    return location(candidate)
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// The directory of the running program, symbolic links resolved. `argv[0]` is only a name
    /// when the program was found on the PATH, so the kernel's answer comes first.
    static var executableDirectory: URL {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path).deletingLastPathComponent()
            }
        #endif
        let url = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return url.resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// Diagnostics print paths relative to the working directory when they are inside it.
    private static func location(_ url: URL) -> Location {
        Location(url: url, displayPrefix: displayPath(url) + "/")
    }

    static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        if path == cwd { return "." }
        if path.hasPrefix(cwd + "/") { return String(path.dropFirst(cwd.count + 1)) }
        return path
    }
}
