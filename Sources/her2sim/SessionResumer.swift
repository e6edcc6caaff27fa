import Foundation
import Her2SimCore
import Her2SimREPL
import Her2SimRecords
import Her2SimText

/// Finds a stored session and replays its log, so a fellow continues where she stopped.
struct SessionResumer {
    let store: RecordStore
    let recorder: SessionRecorder
    let cases: [CaseScript]
    let context: SessionContext
    let learner: String?
    /// ` --db PATH` when the records are not in the default file, for the commands it suggests.
    var database = ""

    /// `id` nil: the learner's latest unfinished session.
    func resume(_ id: String?) -> Result<Session, ReplMessage> {
        do {
            let stored: StoredSession
            if let id {
                guard let sessionID = SessionID(id) else {
                    return .failure(
                        ReplMessage("'\(id)' is not a session number (e.g. 'resume 12'); 'her2sim report' lists them"))
                }
                guard let found = try store.session(sessionID) else {
                    return .failure(ReplMessage("no session \(sessionID) in \(store.url.path)"))
                }
                stored = found
            } else {
                guard let latest = try store.latestUnfinishedSession(learner: learner) else {
                    let who = RecordStore.learnerName(learner).map { "for \($0)" } ?? "without a learner name"
                    let others = try unfinishedList()
                    return .failure(ReplMessage("no unfinished session \(who) in \(store.url.path)" + others))
                }
                stored = latest
            }
            // A session continues with its own learner only (`LearnerName`'s identity).
            if let name = RecordStore.learnerName(learner) {
                guard let owner = stored.learner else {
                    return .failure(
                        ReplMessage(
                            "session \(stored.id) is anonymous, not \(TerminalText.escaped(name, limit: 40))'s: "
                                + "resume it without --learner (and without $HER2SIM_LEARNER)"))
                }
                if LearnerName.identity(owner) != LearnerName.identity(name) {
                    return .failure(
                        ReplMessage(
                            "session \(stored.id) is \(TerminalText.escaped(owner, limit: 40))'s, "
                                + "not \(TerminalText.escaped(name, limit: 40))'s: a session is resumed only by its own learner "
                                + "('her2sim report --learner \(TerminalText.escaped(name, limit: 40))' lists yours)"))
                }
            }
            guard let script = cases.first(where: { $0.id == stored.caseID }) else {
                return .failure(
                    ReplMessage("session \(stored.id) plays case '\(stored.caseID)', which is not in the case library"))
            }
            let log = try store.events(of: stored.id)
            guard let session = Session.replay(log, script: script, context: context) else {
                return .failure(
                    ReplMessage(
                        "session \(stored.id) cannot be replayed: its decisions no longer fit case '\(stored.caseID)' (was the case edited?)"
                    ))
            }
            try recorder.attach(stored.id, to: session)
            return .success(session)
        } catch {
            // The caller says "error: " itself.
            let text = error.description
            return .failure(ReplMessage(text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text))
        }
    }

    /// The unfinished sessions of everyone (most recent first), and how to resume one; empty
    /// when there are none.
    private func unfinishedList() throws(RecordsError) -> String {
        let sessions = try store.unfinishedSessions(limit: Self.listed)
        guard let first = sessions.first else { return "" }
        let rows = try sessions.map { session throws(RecordsError) in
            let decisions = try store.events(of: session.id)
                .filter { if case .chose = $0 { true } else { false } }.count
            let started = session.startedText
                .replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
            return (session.id.description, session.learnerName, session.caseID, "t\(decisions + 1)", started)
        }
        let widths = (
            rows.map(\.0.count).max() ?? 0, max(7, rows.map(\.1.count).max() ?? 0),
            max(4, rows.map(\.2.count).max() ?? 0), max(4, rows.map(\.3.count).max() ?? 0)
        )
        var out = "; unfinished sessions:\n"
        out +=
            "  " + "".padded(to: widths.0) + "  " + "learner".padded(to: widths.1)
            + "  " + "case".padded(to: widths.2) + "  " + "turn".padded(to: widths.3) + "  started\n"
        for row in rows {
            out +=
                "  \(row.0.padded(to: widths.0))  \(row.1.padded(to: widths.1))  \(row.2.padded(to: widths.2))"
                + "  \(row.3.padded(to: widths.3))  \(row.4)\n"
        }
        let learnerHint = first.learner.map { " (or: her2sim resume --learner \(ShellWord.quoted($0)))" } ?? ""
        out += "Resume one with: her2sim resume \(first.id.rawValue)\(database)\(learnerHint)"
        return out
    }

    /// Sessions `unfinishedList` shows.
    static let listed = 10
}
