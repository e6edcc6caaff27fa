/// Sessions play cases through `DiseaseCourse`; the simulator is the real course.
extension Simulator: DiseaseCourse {
    public var narration: Narration { model.narration }

    /// Its profile in Scoring/regimens.yaml with what model.yaml's proxies lend it.
    public func toxicities(of regimen: RegimenID) -> Set<Toxicity>? {
        knowledge.regimenIndex(regimen).map { Set(toxicitiesByRegimen[$0].map(\.toxicity)) }
    }

    public func advance(
        _ state: PatientState, choosing regimen: RegimenID, seed: UInt64, decisionIndex: Int,
        scripted: [ClinicalEvent], months: Double?
    ) -> CourseOutcome {
        let step = advance(
            state, choosing: regimen, patient: seed, decisionIndex: decisionIndex,
            scripted: scripted, afterMonths: months)
        return CourseOutcome(
            state: step.state, months: step.months, events: step.events,
            scriptedEvents: step.course.scriptedEvents)
    }
}
