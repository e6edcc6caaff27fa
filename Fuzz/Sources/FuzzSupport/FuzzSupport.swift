import CLibFuzzer
import Foundation
import Her2SimCore
import Her2SimLoading

/// What every fuzz target shares: the real knowledge base, and handing control to libFuzzer.
public enum FuzzSupport {
    /// The repository's Scoring/ and Cases/, loaded once; a fuzz run against a broken knowledge
    /// base is meaningless, so that is a hard stop.
    public static let workspace: Workspace = {
        do throws(DiagnosticError) {
            return try Workspace.loadSerially(
                scoring: Workspace.Directory(
                    url: repositoryRoot.appendingPathComponent("Scoring"),
                    displayPrefix: "Scoring/"),
                cases: Workspace.Directory(url: repositoryRoot.appendingPathComponent("Cases"), displayPrefix: "Cases/")
            )
        } catch {
            fatalError("cannot load \(repositoryRoot.path): \(error.diagnostics.map(\.description))")
        }
    }()

    public static var knowledge: Knowledge { workspace.knowledge }
    /// The bundled Cases/, as the REPL plays them.
    public static var cases: [CaseScript] { workspace.cases.cases }
    /// Scoring/model.yaml, for the simulator.
    public static var model: SimulationModel { workspace.model }

    static var repositoryRoot: URL {
        if let root = ProcessInfo.processInfo.environment["HER2SIM_ROOT"] { return URL(fileURLWithPath: root) }
        // Fuzz/Sources/FuzzSupport/FuzzSupport.swift → the repository.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs libFuzzer with the process's arguments, calling `body` once per input; never returns.
    public static func run(_ body: @escaping @Sendable (Data) -> Void) -> Never {
        _ = workspace
        callback = body
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
            let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
            FuzzSupport.callback?(data)
            return 0
        }
        exit(status)
    }

    nonisolated(unsafe) private static var callback: (@Sendable (Data) -> Void)?
}
