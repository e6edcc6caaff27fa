import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimTestSupport

@testable import Her2SimRecords

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Scratch databases, child processes, and the repository's knowledge base, cases and simulator.
enum RecordsTestSupport {
    static let repositoryRoot = RepositoryRoot.url

    /// Scoring/ and Cases/, loaded the way the program loads them.
    static let workspace: Workspace = {
        do {
            return try Workspace.loadSerially(
                scoring: Workspace.Directory(
                    url: repositoryRoot.appendingPathComponent("Scoring"),
                    displayPrefix: "Scoring/"),
                cases: Workspace.Directory(url: repositoryRoot.appendingPathComponent("Cases"), displayPrefix: "Cases/")
            )
        } catch {
            fatalError("Scoring/ or Cases/ does not load:\n\(error)")
        }
    }()

    static var knowledge: Knowledge { workspace.knowledge }
    static let simulator = Simulator(knowledge: workspace.knowledge, model: workspace.model)
    static var cases: [CaseScript] { workspace.cases.cases }

    static let context = SessionContext(knowledge: knowledge, course: simulator)

    static func script(_ id: String) -> CaseScript {
        guard let script = cases.first(where: { $0.id == id }) else { fatalError("no case \(id) in Cases/") }
        return script
    }

    /// A fresh directory under the system's temporary directory.
    static func scratchDirectory(_ name: String = #function) -> URL {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-records-tests")
            .appendingPathComponent("\(safe)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func scratchDatabase(_ name: String = #function) -> URL {
        scratchDirectory(name).appendingPathComponent("records.sqlite")
    }

    static let day: TimeInterval = 86_400
    /// 2025-03-01T09:00:00Z.
    static let march1 = Date(timeIntervalSince1970: 1_740_819_600)

    // MARK: - Child processes

    /// A built product beside the test bundle (the products directory of the build).
    static func product(_ name: String) -> URL? { BuiltProduct.url(name) }

    typealias Output = ProcessOutput

    /// Runs `executable` to completion, without colour and with a HOME and XDG folders of its
    /// own: no child touches the user's records or history.
    static func run(
        _ executable: URL, _ arguments: [String], environment extra: [String: String] = [:],
        directory: URL? = nil
    ) throws -> Output {
        let sandbox = TestSandbox("records")
        defer { sandbox.remove() }
        var environment = sandbox.environment(ProcessInfo.processInfo.environment)
        environment["NO_COLOR"] = "1"
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run(executable, arguments, environment: environment, directory: directory)
    }

    // MARK: - Sessions

    /// Plays `script` with `seed`, choosing at each decision what `choose` picks from the ranking.
    static func play(
        _ script: CaseScript, seed: UInt64, learner: String? = nil,
        choose: (Recommendation, Int) -> RegimenID
    ) -> Session {
        var session = Session(script: script, seed: seed, learner: learner, context: context)
        var index = 0
        while !session.isOver {
            let choice = choose(context.engine.rank(session.state), index)
            guard session.choose(choice) != nil else { break }
            index += 1
        }
        return session
    }
}
