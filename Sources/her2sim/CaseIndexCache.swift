import Foundation
import Her2SimLoading
import Her2SimText

/// The case index of this run's `Scoring/` and `Cases/` (see `CaseIndexFile`): read before the
/// first screen, written after a full load that found nothing to warn about.
struct CaseIndexCache {
    var url: URL
    /// Nil when a folder cannot be listed or read: then there is no cache this run.
    var stamp: SourceStamp?

    init(scoring: Workspace.Directory, cases: Workspace.Directory, environment: [String: String]) {
        url = CaseIndexFile.url(environment: environment)
        stamp = SourceStamp(version: Self.buildIdentity, folders: [scoring, cases])
    }

    /// The index when it is intact and current.
    func read() -> CaseIndex? {
        stamp.flatMap { CaseIndexFile.read(url, stamp: $0) }
    }

    /// Writes the index of `workspace` unless the file already holds it; quietly does nothing
    /// when the cache folder cannot be written or the workspace has something to warn about.
    func store(_ workspace: Workspace) {
        guard let stamp, let index = CaseIndex(workspace: workspace),
            CaseIndexFile.read(url, stamp: stamp) != index
        else { return }
        CaseIndexFile.write(index, stamp: stamp, to: url)
    }

    /// The version and this build of the program (its size and modification time), so a
    /// rebuilt her2sim never believes an index an older build wrote.
    static var buildIdentity: String {
        var info = stat()
        let executable =
            stat("/proc/self/exe", &info) == 0
            ? " \(info.st_size) \(Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec))"
            : ""
        return Her2Sim.version + executable
    }
}

extension CaseIndex {
    /// The rows the cases tables show.
    var rows: [CaseTable.Row] {
        cases.map {
            CaseTable.Row(
                id: $0.id, line: $0.line, decisions: $0.decisions, difficulty: $0.difficulty, title: $0.title,
                objectives: $0.objectives)
        }
    }
}
