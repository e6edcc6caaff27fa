import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

private typealias Support = RecordsTestSupport

/// `restart` (or `start` of another case) before the first decision does not leave an empty
/// "unfinished, no decision yet" session behind; a session with a decision is never removed.
@Suite("Records: sessions left before their first decision")
struct UnplayedSessionTests {
    @Test("discardUnplayedSession removes only a session whose log is its 'started' event")
    func discard() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let empty = try store.startSession(caseID: "hb-401", seed: 1, learner: "ana", at: Support.march1)
        var session = Session(script: Support.script("hb-401"), seed: 2, learner: "ana", context: Support.context)
        session.choose("tdm1")
        let played = try store.insertSession(log: session.log, at: Support.march1)
        #expect(try store.discardUnplayedSession(played) == false)
        #expect(try store.discardUnplayedSession(empty) == true)
        #expect(try store.sessions().map(\.id) == [played])
        #expect(throws: RecordsError.self) { try store.events(of: empty) }
        #expect(try store.discardUnplayedSession(empty) == false, "a second time finds nothing")
    }

    @Test("the recorder drops the previous session when a new one starts before any decision")
    func recorderOnRestart() throws {
        let store = try RecordStore(url: Support.scratchDatabase())
        let recorder = SessionRecorder(store: store)
        let script = Support.script("hb-401")
        let first = Session(script: script, seed: 5, learner: "ana", context: Support.context)
        try recorder.record(first, first.log[0])
        let restarted = Session(script: script, seed: 5, learner: "ana", context: Support.context)
        try recorder.record(restarted, restarted.log[0])
        #expect(try store.sessions().count == 1)
        var played = restarted
        let before = played.log.count
        played.choose("tdm1")
        for event in played.log[before...] { try recorder.record(played, event) }
        let again = Session(script: script, seed: 5, learner: "ana", context: Support.context)
        try recorder.record(again, again.log[0])
        // The played one stays; the new one is there until it too is left unplayed.
        #expect(try store.sessions().map(\.eventCount).sorted() == [1, played.log.count])
        #expect(try store.unfinishedSessions().count == 2)
    }
}
