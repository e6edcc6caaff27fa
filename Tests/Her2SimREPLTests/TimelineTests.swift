import Her2SimCore
import Testing

@testable import Her2SimREPL

/// A regimen's timeline lists what changed; a scripted "ECOG stays 1" is not news.
@Suite("REPL: a regimen's timeline")
struct TimelineTests {
    @Test("ECOG and LVEF events that repeat the current value are left out; real changes stay, in order")
    func unchangedValuesAreLeftOut() {
        let state = PatientState(ecog: 1, lvef: 60)
        let events: [TimedEvent] = [
            TimedEvent(month: 0.2, event: .toxicity(.fatigue, grade: 2)),
            TimedEvent(month: 1.1, event: .ecog(1)),
            TimedEvent(month: 3, event: .lvef(60)),
            TimedEvent(month: 4, event: .lvef(48)),
            TimedEvent(month: 5, event: .ecog(2)),
            TimedEvent(month: 6, event: .ecog(2)),
            TimedEvent(month: 7, event: .lvef(60)),
        ]
        #expect(Screens.changes(events, from: state).map(\.month) == [0.2, 4, 5, 7])
    }
}
