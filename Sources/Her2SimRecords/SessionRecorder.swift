import Foundation
import Her2SimCore

/// Keeps the store in step with the session being played — what the REPL's `record` hook
/// calls for every event, before it shows anything:
///
/// ```swift
/// let recorder = SessionRecorder(store: store)
/// configuration.record = { session, event in
///     do { try recorder.record(session, event) } catch { /* print error.description */ }
/// }
/// ```
///
/// A `started` event opens a new stored session; every other event brings the stored log up
/// to `session.log` (one transaction, committed before `record` returns). The REPL hands over
/// the session after the whole decision, so a decision's events (chose, assessed, advanced,
/// ended) are committed together, and a turn cut short by a crash is completed by the next event. After `her2sim resume`, `attach` the replayed
/// session to its stored id instead of feeding its events through `record` again.
public final class SessionRecorder {
    public let store: RecordStore
    private let now: () -> Date
    /// The stored session the events go to.
    public private(set) var current: SessionID?
    /// The knowledge base's fingerprint, stored with each new session (for `report --regrade`).
    public var knowledgeBase: String?
    /// Called after a session's `ended` event is stored (the after-session sync).
    public var sessionEnded: (SessionID) -> Void = { _ in }

    /// `now` stamps each new session's start (Core has no clock).
    public init(store: RecordStore, now: @escaping () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Stores `event` of `session` (whose log already ends with it).
    public func record(_ session: Session, _ event: SessionEvent) throws(RecordsError) {
        if case .started = event {
            // A new session: if storing it fails, its later events must not go to the previous one.
            let previous = current
            finish()
            current = try store.insertSession(log: session.log, at: now(), knowledgeBase: knowledgeBase)
            try? store.claim(current!, learner: session.learner)
            // A session left before its first decision (restart, another case) is not kept.
            if let previous { _ = try? store.discardUnplayedSession(previous) }
            return
        }
        guard let current else {
            // Events of a session that was never started here: store it whole.
            self.current = try store.insertSession(log: session.log, at: now(), knowledgeBase: knowledgeBase)
            try? store.claim(self.current!, learner: session.learner)
            return
        }
        try store.synchronize(session.log, to: current)
        if case .ended = event {
            try? store.releaseClaim(current)
            sessionEnded(current)
        }
    }

    /// Continues stored session `id` with `session` (its replay): claims it for this process
    /// (`RecordsError.sessionInUse` when another her2sim is playing it — nothing is stored
    /// then), stores whatever its log has that the stored one lacks, and records later events there.
    public func attach(_ id: SessionID, to session: Session) throws(RecordsError) {
        try store.claim(id, learner: session.learner)
        do throws(RecordsError) {
            try store.synchronize(session.log, to: id)
        } catch {
            if current != id { try? store.releaseClaim(id) }
            throw error
        }
        if current != id { finish() }
        current = id
    }

    /// Stores how sure the fellow was of the decision at `turn` of the current session.
    public func recordConfidence(_ value: Int, turn: Int) throws(RecordsError) {
        guard let current else { return }
        try store.setConfidence(value, turn: turn, session: current)
    }

    /// Gives up the claim on the current session (the program ends, or another session starts).
    public func finish() {
        if let current { try? store.releaseClaim(current) }
        current = nil
    }
}
