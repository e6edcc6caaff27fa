import Foundation
import Her2SimCore
import Her2SimRecords
import Her2SimREPL

/// Finds a stored session and replays its log, so a fellow continues where she stopped.
struct SessionResumer {
    let store: RecordStore
    let recorder: SessionRecorder
    let cases: [CaseScript]
    let context: SessionContext
    let learner: String?

    /// `id` nil: the learner's latest unfinished session.
    func resume(_ id: String?) -> Result<Session, ReplMessage> {
        do {
            let stored: StoredSession
            if let id {
                guard let sessionID = SessionID(id) else {
                    return .failure(ReplMessage("'\(id)' is not a session number (e.g. 'resume 12'); 'her2sim report' lists them"))
                }
                guard let found = try store.session(sessionID) else {
                    return .failure(ReplMessage("no session \(sessionID) in \(store.url.path)"))
                }
                stored = found
            } else {
                guard let latest = try store.latestUnfinishedSession(learner: learner) else {
                    let who = learner.map { "for \($0)" } ?? "without a learner name"
                    return .failure(ReplMessage("no unfinished session \(who) in \(store.url.path)"))
                }
                stored = latest
            }
            // A session continues with its own learner only (`LearnerName`'s identity).
            if let name = RecordStore.learnerName(learner) {
                guard let owner = stored.learner else {
                    return .failure(ReplMessage("session \(stored.id) is anonymous, not \(TerminalText.escaped(name, limit: 40))'s: "
                        + "resume it without --learner (and without $HER2SIM_LEARNER)"))
                }
                if LearnerName.identity(owner) != LearnerName.identity(name) {
                    return .failure(ReplMessage("session \(stored.id) is \(TerminalText.escaped(owner, limit: 40))'s, "
                        + "not \(TerminalText.escaped(name, limit: 40))'s: a session is resumed only by its own learner "
                        + "('her2sim report --learner \(TerminalText.escaped(name, limit: 40))' lists yours)"))
                }
            }
            guard let script = cases.first(where: { $0.id == stored.caseID }) else {
                return .failure(ReplMessage("session \(stored.id) plays case '\(stored.caseID)', which is not in the case library"))
            }
            let log = try store.events(of: stored.id)
            guard let session = Session.replay(log, script: script, context: context) else {
                return .failure(ReplMessage("session \(stored.id) cannot be replayed: its decisions no longer fit case '\(stored.caseID)' (was the case edited?)"))
            }
            try recorder.attach(stored.id, to: session)
            return .success(session)
        } catch {
            // The caller says "error: " itself.
            let text = error.description
            return .failure(ReplMessage(text.hasPrefix("error: ") ? String(text.dropFirst(7)) : text))
        }
    }
}
