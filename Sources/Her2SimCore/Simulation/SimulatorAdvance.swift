extension Simulator {
    /// Moves a case from one decision to the next: she starts `regimen`, months pass until
    /// something ends the line (progression, a treatment-limiting toxicity) or until the case's
    /// scripted turn (`afterMonths`), and the state at the next decision comes back.
    ///
    /// `scripted` events take precedence: each replaces the simulated events of its kind and
    /// happens at their month (a toxicity or LVEF change without a simulated counterpart at the
    /// patient's latent onset for it, a response at the first restaging, anything else at the
    /// turn). Choosing again the regimen of a line that a scripted turn interrupted continues
    /// that line — the same latent course — instead of starting a new one.
    ///
    /// The course's random numbers are keyed by `seed` and the number of metastatic lines so
    /// far; `decisionIndex` keys the recovery of residual toxicities between decisions.
    public func advance(
        _ state: PatientState, choosing regimen: RegimenID, patient seed: UInt64, decisionIndex: Int,
        scripted: [ClinicalEvent], afterMonths: Double? = nil
    ) -> Advance {
        let index = regimenIndex(regimen)
        let regimenID = knowledge.regimens[index].id
        var start = state
        var continuing: TherapyLine?
        if let last = state.history.last, last.setting == .metastatic, last.regimen == regimenID,
            last.stopped == .completed
        {
            continuing = last
            start.history.removeLast()
        }
        let elapsed = continuing?.months ?? 0
        // After a management dose reduction the rest of the full-dose course runs `efficacy` times
        // as long (model: `reduced-dose-efficacy` in Scoring/dose-modifications.yaml).
        let efficacy = continuing?.efficacy ?? 1
        let used = continuing?.fullDoseMonths ?? elapsed
        let facts = PatientFacts(state: start, knowledge: knowledge)
        let courseIndex = start.history.count { $0.setting == .metastatic }
        let courseKey = Streams.key(seed, UInt64(courseIndex))
        var latent = latentCourse(
            state: start, facts: facts, regimenIndex: index, line: facts.line, courseKey: courseKey)
        // A line she was already on had not progressed by now (a line begun before the case, in
        // its history, is drawn here for the first time): draw its course given that, by
        // rejection on further keys of the same stream. A line the simulator ran already
        // satisfies it, so its course is unchanged.
        var attempt: UInt64 = 1
        while continuing != nil, latent.progression <= used, attempt <= Self.conditionalDrawAttempts {
            latent = latentCourse(
                state: start, facts: facts, regimenIndex: index, line: facts.line,
                courseKey: Streams.key(courseKey, attempt))
            attempt += 1
        }
        if elapsed > 0 || efficacy != 1 {
            latent = Self.continuing(
                latent, after: elapsed, progressionLeft: max(0, latent.progression - used) * efficacy)
        }
        var (course, turn) = resolve(latent, scripted: scripted, afterMonths: afterMonths)
        if course.response == nil, let earlier = continuing?.response { course.response = earlier }

        var next = state
        if continuing != nil { next.history.removeLast() }
        for entry in course.events { next = next.applying(entry.event) }
        var scriptedToxicities = Set<Toxicity>()
        for event in scripted { if case .toxicity(let toxicity, _) = event { scriptedToxicities.insert(toxicity) } }
        let recoveryKey = Streams.key(seed, Streams.recovery &+ UInt64(decisionIndex))
        for (toxicityIndex, toxicity) in Toxicity.allCases.enumerated() {
            let grade = next.toxicities[toxicity]
            guard grade > 0, !scriptedToxicities.contains(toxicity),
                !model.toxicity.persistentToxicities.contains(toxicity)
            else { continue }
            var generator = Streams.generator(recoveryKey, UInt64(toxicityIndex))
            let improvement =
                model.toxicity.improveGrades + (generator.unit() < model.toxicity.furtherImprovementProbability ? 1 : 0)
            next.toxicities[toxicity] = max(0, grade - improvement)
        }
        var line = TherapyLine(
            regimen: regimenID, setting: .metastatic, months: elapsed + course.months, response: course.response,
            stopped: course.stopReason, toxicity: course.stoppingToxicity.map { ($0.toxicity, $0.grade) })
        if efficacy != 1 {
            line.efficacy = efficacy
            line.fullDoseMonths = used + course.months / efficacy
        }
        next.history.append(line)
        return Advance(state: next, months: turn, events: course.events, course: course)
    }

    /// Draws tried for a continued line that must not have progressed yet; past this (a course
    /// almost certain to have progressed) the last draw stands.
    static let conditionalDrawAttempts: UInt64 = 64

    /// The rest of a latent course after `elapsed` months: what already happened is dropped and
    /// the clock restarts at the scripted turn. `progressionLeft` is when the disease now
    /// progresses (by default what is left of the full-dose course).
    static func continuing(_ latent: LatentCourse, after elapsed: Double, progressionLeft: Double? = nil)
        -> LatentCourse
    {
        var rest = latent
        rest.progression = progressionLeft ?? max(0, latent.progression - elapsed)
        rest.responseMonth = max(0, latent.responseMonth - elapsed)
        rest.onsets = latent.onsets.map { max(0, $0 - elapsed) }
        rest.events = latent.events.compactMap { entry in
            if case .progression = entry.event {
                var moved = entry
                moved.month = rest.progression
                return moved
            }
            if case .ecog = entry.event, entry.month == latent.progression {
                var moved = entry
                moved.month = rest.progression
                return moved
            }
            guard entry.month > elapsed else { return nil }
            var moved = entry
            moved.month -= elapsed
            return moved
        }
        return rest
    }
}
