/// A scripted event with `at-month:` that did not happen on the path played: the line had ended
/// before its month. `lint --paths` reports it at the event.
public struct MissedEvent: Hashable, Sendable {
    public var scripted: ScriptedEvent
    /// The month the line ended in the interval (the regimen's start is month 0).
    public var lineEnd: Double

    public init(scripted: ScriptedEvent, lineEnd: Double) {
        self.scripted = scripted
        self.lineEnd = lineEnd
    }
}

/// `at-month:` places a drug-independent scripted event at that month of the interval, so the
/// timeline, the interval text and the jsonl events agree. It happens only while the line lasts:
/// an event whose month comes after the line ended (a progression, a toxicity that stopped it)
/// does not happen. A progression at its month ends the line there, and the next decision comes
/// then. (Toxicities, responses and LVEF changes are timed by the simulator; the decoder refuses
/// `at-month` on them.)
struct TimedEventPlacer {
    /// The state she started the regimen in.
    var before: PatientState

    /// `first` is the course without the timed events; `rerun(progression, month)` plays the
    /// course again with a progression fixed at `month`.
    func place(
        _ timed: [ScriptedEvent], in first: CourseOutcome,
        rerun: (ClinicalEvent, Double) -> CourseOutcome
    ) -> (outcome: CourseOutcome, missed: [MissedEvent]) {
        var outcome = first
        var lineEnd = self.lineEnd(of: outcome)
        let epsilon = 1e-9
        let progression = timed.enumerated().filter { entry in
            guard case .progression = entry.element.event else { return false }
            return entry.element.atMonth! <= lineEnd + epsilon
        }.min { $0.element.atMonth! < $1.element.atMonth! }
        if let progression {
            outcome = rerun(progression.element.event, progression.element.atMonth!)
            lineEnd = self.lineEnd(of: outcome)
        }
        var missed: [MissedEvent] = []
        var scripted = Set(outcome.scriptedEvents)
        for (index, event) in timed.enumerated() where index != progression?.offset {
            let month = event.atMonth!
            guard month <= lineEnd + epsilon else {
                missed.append(MissedEvent(scripted: event, lineEnd: lineEnd))
                continue
            }
            // After every event of the same month or earlier: the simulated course came first.
            let position = outcome.events.firstIndex { $0.month > month } ?? outcome.events.count
            outcome.events.insert(TimedEvent(month: month, event: event.event), at: position)
            scripted = Set(scripted.map { $0 >= position ? $0 + 1 : $0 }).union([position])
            // A later event of the same kind (ECOG at progression) has the last word on the state.
            let kind = event.event.kind
            if !outcome.events[(position + 1)...].contains(where: { $0.event.kind == kind }) {
                outcome.state = outcome.state.applying(event.event)
            }
        }
        outcome.scriptedEvents = scripted.sorted()
        return (outcome, missed)
    }

    /// The month the line ended within the interval: when it stopped, else the interval's end.
    /// A line a scripted turn interrupted and that is given again continues (its months so far
    /// are in `before`'s last line).
    func lineEnd(of outcome: CourseOutcome) -> Double {
        guard let line = outcome.state.history.last, line.stopped != .completed else { return outcome.months }
        var elapsed = 0.0
        if let last = before.history.last, last.setting == .metastatic, last.regimen == line.regimen,
            last.stopped == .completed
        {
            elapsed = last.months
        }
        return min(outcome.months, max(0, line.months - elapsed))
    }
}
