import CLibFuzzer
import Foundation
import Her2SimCore

/// What every fuzz target shares: the real knowledge base, and handing control to libFuzzer.
public enum FuzzSupport {
    /// The repository's Scoring/, loaded once; a fuzz run against a broken knowledge base is
    /// meaningless, so that is a hard stop.
    public static let knowledge: Knowledge = {
        let scoring = repositoryRoot.appendingPathComponent("Scoring")
        do throws(DiagnosticError) {
            return try KnowledgeLoader.load(try KnowledgeSources.directory(scoring, displayPrefix: "Scoring/"))
        } catch {
            fatalError("cannot load \(scoring.path): \(error.diagnostics.map(\.description))")
        }
    }()

    /// The bundled Cases/, as the REPL plays them.
    public static let cases: [CaseScript] = {
        let files = CaseLibrary.yamlFiles(in: repositoryRoot.appendingPathComponent("Cases"), displayPrefix: "Cases/")
        return CaseLibrary.load(files: files, knowledge: knowledge, lint: false).cases
    }()

    /// Scoring/model.yaml, for the simulator.
    public static let model: SimulationModel = {
        do throws(DiagnosticError) {
            return try SimulationModelLoader.load(directory: repositoryRoot.appendingPathComponent("Scoring"),
                                                  displayPrefix: "Scoring/", knowledge: knowledge)
        } catch {
            fatalError("cannot load Scoring/model.yaml: \(error.diagnostics.map(\.description))")
        }
    }()

    static var repositoryRoot: URL {
        if let root = ProcessInfo.processInfo.environment["HER2SIM_ROOT"] { return URL(fileURLWithPath: root) }
        // Fuzz/Sources/FuzzSupport/FuzzSupport.swift → the repository.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs libFuzzer with the process's arguments, calling `body` once per input; never returns.
    public static func run(_ body: @escaping @Sendable (Data) -> Void) -> Never {
        _ = knowledge
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
