import Foundation

/// The disease course behind a case: how long a regimen controls the disease, how it responds,
/// which toxicities strike and when — drawn from distributions calibrated to the pivotal trials
/// and scaled by the patient's line of therapy, ECOG, brain metastases and prior exposure.
///
/// Pure and deterministic: a course depends only on the state, the regimen and the patient seed.
/// The same seed is the same underlying patient (common random numbers), so the course under
/// the reference's choice compares fairly with the course under the fellow's.
public struct Simulator: Sendable {
    public let knowledge: Knowledge
    public let model: SimulationModel

    /// Per regimen index: indices into `model.pfs.arms` that can simulate it.
    let armsByRegimen: [[Int]]
    /// Per regimen index: its toxicities, canonical order.
    let toxicitiesByRegimen: [[ToxicityParameters]]
    /// Per regimen index: for toxicity `t` (canonical index) at grade `g`, the dose rule that
    /// decides, at `t * 5 + g` (-1 when none does).
    let ruleTable: [[Int]]
    /// Per regimen index: the rule that applies to LVEF values, if any.
    let lvefRule: [Int?]
    let cnsActive: [Bool]
    let supportiveCare: [Bool]

    public init(knowledge: Knowledge, model: SimulationModel) {
        self.knowledge = knowledge
        self.model = model
        armsByRegimen = knowledge.regimens.map { regimen in
            model.pfs.arms.indices.filter { model.pfs.arms[$0].regimen == regimen.id.rawValue }
        }
        toxicitiesByRegimen = knowledge.regimens.map { model.toxicity.byRegimen[$0.id.rawValue] ?? [] }
        var table: [[Int]] = []
        var lvef: [Int?] = []
        for index in knowledge.regimens.indices {
            var row = [Int](repeating: -1, count: Toxicity.allCases.count * 5)
            for (toxicityIndex, toxicity) in Toxicity.allCases.enumerated() {
                for grade in 1...4 {
                    row[toxicityIndex * 5 + grade] =
                        model.doseModifications.rules.firstIndex { rule in
                            rule.lvefBelow == nil && grade >= rule.gradeAtLeast && rule.regimens.contains(index)
                                && (rule.toxicities?.contains(toxicity) ?? true)
                        } ?? -1
                }
            }
            table.append(row)
            lvef.append(model.doseModifications.rules.firstIndex { $0.lvefBelow != nil && $0.regimens.contains(index) })
        }
        ruleTable = table
        lvefRule = lvef
        cnsActive = knowledge.regimens.map { regimen in
            regimen.agents.contains { model.brainProgression.cnsActiveAgents.contains($0.id) }
        }
        supportiveCare = knowledge.regimens.map { model.ecogDecline.supportiveCare.contains($0.id.rawValue) }
    }

    /// The course of `regimen` (id or alias) for the patient in `state`, from the next decision.
    ///
    /// `line` overrides the line of therapy counted from the history (for hazard adjustments
    /// only). The random numbers are keyed by the seed and the number of metastatic lines she
    /// has had, never by the regimen: that is what makes counterfactuals comparable.
    public func course(for state: PatientState, regimen: RegimenID, patient seed: UInt64, line: Int? = nil)
        -> TreatmentCourse
    {
        let index = regimenIndex(regimen)
        let facts = PatientFacts(state: state, knowledge: knowledge)
        let courseIndex = state.history.count { $0.setting == .metastatic }
        let latent = latentCourse(
            state: state, facts: facts, regimenIndex: index, line: line ?? facts.line,
            courseKey: Streams.key(seed, UInt64(courseIndex)))
        return resolve(latent, scripted: [], afterMonths: nil).course
    }

    func regimenIndex(_ name: RegimenID) -> Int {
        guard let index = knowledge.regimenIndex(name) else {
            preconditionFailure(
                "Simulator: unknown regimen '\(name)' (resolve ids with Knowledge.regimen(named:) first)")
        }
        return index
    }

    // MARK: - Where the curve starts

    /// The arm the patient's course starts from and the factors that scale its hazard: the arm
    /// of the closest population (brain metastases, then line, then `preferred-arms`).
    func anchor(regimenIndex: Int, state: PatientState, facts: PatientFacts, line: Int) -> (
        arm: ArmFit, basis: CourseBasis
    ) {
        let regimenID = knowledge.regimens[regimenIndex].id
        let hasBrain = state.brainMetastases != .none
        let preferred = model.preferredArms[regimenID.rawValue]
        let candidates = armsByRegimen[regimenIndex]
        var best = candidates[0]
        var bestKey = (Int.max, Int.max, Int.max)
        for candidate in candidates {
            let arm = model.pfs.arms[candidate]
            let key = (arm.brainMetastases == hasBrain ? 0 : 1, abs(line - arm.line), arm.trial == preferred ? 0 : 1)
            if key < bestKey {
                bestKey = key
                best = candidate
            }
        }
        let arm = model.pfs.arms[best]
        return (arm, basis(of: arm, regimenIndex: regimenIndex, state: state, facts: facts, line: line))
    }

    /// The patient factors that scale `arm`'s hazard for her; none for the arm's own population.
    func basis(of arm: ArmFit, regimenIndex: Int, state: PatientState, facts: PatientFacts, line: Int) -> CourseBasis {
        var adjustments: [HazardAdjustment] = []
        let distance = min(
            max(line - arm.line, -model.lineOfTherapy.mostLinesEarlier), model.lineOfTherapy.mostLinesLater)
        if distance != 0 {
            adjustments.append(
                HazardAdjustment(
                    assumption: model.assumptionID(forSection: "line-of-therapy"),
                    ratio: pow(model.lineOfTherapy.hazardRatioPerLine, Double(distance))))
        }
        if let ratio = model.ecog.hazardRatios[state.ecog], ratio != 1 {
            adjustments.append(HazardAdjustment(assumption: model.assumptionID(forSection: "ecog"), ratio: ratio))
        }
        if state.brainMetastases != .none, !arm.brainMetastases,
            let ratio = model.brainMetastases.hazardRatios[state.brainMetastases],
            ratio != 1
        {
            adjustments.append(
                HazardAdjustment(assumption: model.assumptionID(forSection: "brain-metastases"), ratio: ratio))
        }
        var prior: HazardAdjustment?
        let others = facts.progressed.subtracting(RegimenSet(bits: 1 << UInt64(regimenIndex)))
        for effect in model.priorExposure {
            let applies =
                effect.sameRegimen
                ? facts.progressed.contains(regimenIndex)
                : effect.regimens.contains(regimenIndex) && others.intersects(effect.afterProgressionOn.regimens)
            if applies, effect.hazardRatio > (prior?.ratio ?? 1) {
                prior = HazardAdjustment(assumption: effect.id, ratio: effect.hazardRatio)
            }
        }
        if let prior { adjustments.append(prior) }
        return CourseBasis(trial: arm.trial, armLabel: arm.armLabel, proxy: arm.proxy, adjustments: adjustments)
    }

    // MARK: - The latent course

    /// Everything that would happen on the regimen if nothing stopped it: the untruncated
    /// timeline, plus each toxicity's latent onset (where a scripted toxicity lands).
    struct LatentCourse {
        var regimenIndex: Int
        var line: Int
        var basis: CourseBasis
        var progression: Double
        var responseMonth: Double
        var events: [Timed]
        /// Per canonical toxicity index.
        var onsets: [Double]
    }

    func latentCourse(state: PatientState, facts: PatientFacts, regimenIndex: Int, line: Int, courseKey: UInt64)
        -> LatentCourse
    {
        let (arm, basis) = anchor(regimenIndex: regimenIndex, state: state, facts: facts, line: line)
        let hazard = basis.hazardRatio
        let pfs = arm.pfs.scalingHazard(by: hazard)
        var main = Streams.generator(courseKey, Streams.course)
        let percentile = main.unit()
        let mix = main.unit()
        let chance = main.unit()
        let complete = main.unit()
        let siteDraw = main.unit()
        let sitePick = main.unit()
        let brainDraw = main.unit()
        let ecogDraw = main.unit()

        let progression = min(
            Draw.weibull(percentile, scale: pfs.scale, inverseShape: 1 / pfs.shape),
            model.longestCourse.months)
        let restaging = model.response.firstRestagingMonths
        var events: [Timed] = []

        let orr = arm.orr > 0 ? pow(arm.orr, hazard) : 0
        let threshold = Draw.responseThreshold(
            orr: orr, early: 1 - pfs.survival(at: restaging),
            correlation: model.response.pfsCorrelation)
        let responseMonth = min(restaging, progression)
        let response: Response
        if progression < restaging {
            response = .progression
        } else if Draw.responds(
            percentile: percentile, mix: mix, chance: chance, correlation: model.response.pfsCorrelation,
            threshold: threshold)
        {
            response = complete < model.response.completeShare ? .complete : .partial
        } else {
            response = .stable
        }
        events.append(Timed(month: responseMonth, event: .response(response)))

        var onsets = [Double](repeating: 0, count: Toxicity.allCases.count)
        let profile = toxicitiesByRegimen[regimenIndex]
        for (toxicityIndex, toxicity) in Toxicity.allCases.enumerated() {
            var generator = Streams.generator(courseKey, Streams.toxicityBase + UInt64(toxicityIndex))
            let susceptibility = generator.unit()
            let onsetDraw = generator.unit()
            let parameters = profile.first { $0.toxicity == toxicity }
            let curve = parameters?.onset ?? model.toxicity.onset(of: toxicity).weibull
            let onset = Draw.weibull(onsetDraw, scale: curve.scale, inverseShape: 1 / curve.shape)
            onsets[toxicityIndex] = onset
            guard let parameters else { continue }
            var grade = Draw.grade(
                susceptibility, susceptibility: parameters.susceptibility,
                severeShare: parameters.severeShare, grade4Share: parameters.grades.grade4Share,
                grade2Share: parameters.grades.grade2Share)
            guard grade > 0 else { continue }
            let residual = state.toxicities[toxicity]
            if residual > 0 {
                grade = max(
                    grade, model.toxicity.gradeMix(of: toxicity).clamp(residual + model.toxicity.worseningOverResidual))
            }
            events.append(Timed(month: onset, event: .toxicity(toxicity, grade: grade)))
            if toxicity == .lvefDecline {
                events.append(Timed(month: onset, event: .lvef(lvef(afterDeclineOf: grade, from: state.lvef))))
            }
        }

        for (riskIndex, risk) in model.rechallenge.enumerated()
        where risk.regimens.contains(regimenIndex) && rechallenges(risk, state: state) {
            // Its own stream: a rechallenge changes no other draw of the patient.
            var generator = Streams.generator(courseKey, Streams.rechallenge + UInt64(riskIndex))
            let recurs = generator.unit()
            let onsetDraw = generator.unit()
            let gradeDraw = generator.unit()
            guard recurs < risk.recurrence else { continue }
            let curve = risk.onset.weibull
            let onset = Draw.weibull(onsetDraw, scale: curve.scale, inverseShape: 1 / curve.shape)
            let toxicityIndex = Self.index(of: risk.toxicity)
            var grade = risk.grade(gradeDraw)
            var month = onset
            // With her own susceptibility also drawn, it comes at the sooner onset, at the worse grade.
            for entry in events {
                if case .toxicity(risk.toxicity, let drawn) = entry.event {
                    month = min(month, entry.month)
                    grade = max(grade, drawn)
                }
            }
            events.removeAll { entry in
                if case .toxicity(risk.toxicity, _) = entry.event { return true }
                if risk.toxicity == .lvefDecline, case .lvef = entry.event { return true }
                return false
            }
            onsets[toxicityIndex] = month
            events.append(Timed(month: month, event: .toxicity(risk.toxicity, grade: grade)))
            if risk.toxicity == .lvefDecline {
                events.append(Timed(month: month, event: .lvef(lvef(afterDeclineOf: min(grade, 4), from: state.lvef))))
            }
        }

        var newSites: [String] = []
        if siteDraw < model.progressionSites.newSiteProbability {
            let candidates = model.progressionSites.siteWeights.filter { !state.sites.contains($0.site) }
            let total = candidates.reduce(0) { $0 + $1.weight }
            var target = sitePick * total
            for candidate in candidates {
                target -= candidate.weight
                if target < 0 {
                    newSites.append(candidate.site)
                    break
                }
            }
        }
        let brainFactor = cnsActive[regimenIndex] ? model.brainProgression.cnsActiveFactor : 1
        var brain: BrainMetastases?
        switch state.brainMetastases {
        case .none: if brainDraw < model.brainProgression.newBrainMetastases * brainFactor { brain = .active }
        case .treatedStable: if brainDraw < model.brainProgression.stableToActive * brainFactor { brain = .active }
        case .active: brain = nil
        }
        events.append(Timed(month: progression, event: .progression(newSites: newSites, brainMetastases: brain)))
        let ecogChance =
            supportiveCare[regimenIndex] ? model.ecogDecline.onSupportiveCare : model.ecogDecline.atProgression
        if ecogDraw < ecogChance, state.ecog < 4 {
            events.append(Timed(month: progression, event: .ecog(state.ecog + 1)))
        }
        return LatentCourse(
            regimenIndex: regimenIndex, line: line, basis: basis, progression: progression,
            responseMonth: responseMonth, events: Self.sorted(events), onsets: onsets)
    }

    /// Whether `risk` holds for her: a line on one of its regimens stopped for its toxicity at
    /// its grade or worse, or that toxicity is still present at that grade after such a line
    /// (a line that ended with progression in the same month still exposed her).
    func rechallenges(_ risk: RechallengeRisk, state: PatientState) -> Bool {
        func on(_ line: TherapyLine) -> Bool {
            knowledge.regimenIndex(line.regimen).map(risk.on.contains) ?? false
        }
        for line in state.history where line.stopped == .toxicity {
            if let stop = line.toxicity, stop.toxicity == risk.toxicity, stop.grade >= risk.gradeAtLeast, on(line) {
                return true
            }
        }
        if state.toxicities[risk.toxicity] >= risk.gradeAtLeast,
            let last = state.history.last(where: { $0.setting == .metastatic }), on(last)
        {
            return true
        }
        return false
    }

    /// The ejection fraction after an LVEF decline of `grade`, kept inside its CTCAE band.
    func lvef(afterDeclineOf grade: Int, from current: Int) -> Int {
        guard let band = model.lvef.bands[grade] else { return current }
        return min(current, min(max(current - band.drop, band.lowest), band.highest))
    }

    // MARK: - Stopping, scripted events

    /// Merges scripted events into the latent timeline, then walks it applying the
    /// dose-modification rules until something stops the line (or the scripted turn comes).
    func resolve(_ latent: LatentCourse, scripted: [ClinicalEvent], afterMonths: Double?) -> (
        course: TreatmentCourse, turn: Double
    ) {
        var timeline = latent.events
        var deferred: [ClinicalEvent] = []
        for event in scripted {
            let kind = event.kind
            let replaced = timeline.first { !$0.scripted && $0.event.kind == kind }?.month
            timeline.removeAll { !$0.scripted && $0.event.kind == kind }
            var month = replaced
            if case .progression = event, let afterMonths {
                // The author fixed when the turn comes: a scripted progression happens then, so
                // the regimen lasted exactly `after-months` (what the case's prose says).
                month = afterMonths
            } else if month == nil {
                switch event {
                case .toxicity(let toxicity, _): month = latent.onsets[Self.index(of: toxicity)]
                case .lvef: month = latent.onsets[Self.index(of: .lvefDecline)]
                case .response: month = latent.responseMonth
                default: month = nil
                }
            }
            if let month {
                timeline.append(Timed(month: min(month, afterMonths ?? .infinity), event: event, scripted: true))
            } else {
                deferred.append(event)
            }
        }
        // A scripted progression moved to the author's turn means the disease was controlled
        // until then: a simulated "progressive disease" restaging before it becomes stable disease.
        if let progressionMonth = timeline.first(where: { $0.scripted && $0.event.kind == .progression })?.month {
            for index in timeline.indices {
                if !timeline[index].scripted, timeline[index].month < progressionMonth,
                    case .response(.progression) = timeline[index].event
                {
                    timeline[index].event = .response(.stable)
                }
            }
        }
        timeline = Self.sorted(timeline)

        let regimenIndex = latent.regimenIndex
        var stop: (month: Double, reason: StopReason, toxicity: ToxicityGrade?)?
        // Reductions per dose-level owner: the regimen ("") or one agent of it (a rule's `agent`).
        var reductions: [String: Int] = [:]
        var modifications: [DoseModification] = []
        walk: for entry in timeline {
            if let afterMonths, entry.month > afterMonths { break }
            switch entry.event {
            case .progression:
                stop = (entry.month, .progression, nil)
                break walk
            case .toxicity(let toxicity, let grade) where grade > 0:
                let ruleIndex = ruleTable[regimenIndex][Self.index(of: toxicity) * 5 + min(grade, 4)]
                guard ruleIndex >= 0 else { continue }
                var action = model.doseModifications.rules[ruleIndex].action
                var rule = model.doseModifications.rules[ruleIndex].id
                var exhausted = false
                if action == .reduce {
                    let owner = model.doseModifications.rules[ruleIndex].agent ?? ""
                    reductions[owner, default: 0] += 1
                    if reductions[owner]! > model.doseModifications.maximumReductions {
                        action = .discontinue
                        exhausted = true
                        rule = model.assumptionID(forSection: "dose-levels")
                    }
                }
                let stopping = ToxicityGrade(toxicity, grade)
                if action != DoseAction.continue {
                    modifications.append(
                        DoseModification(month: entry.month, toxicity: stopping, action: action, rule: rule))
                }
                if action == .discontinue {
                    // Only a stop for want of a lower dose yields to progression found at its
                    // restaging; a toxicity the label ends the drug for (ILD, LVEF) stays the
                    // reason, since the next choice must know it.
                    stop =
                        (exhausted ? progressionFirst(after: entry.month, in: timeline, afterMonths: afterMonths) : nil)
                        ?? (entry.month, .toxicity, stopping)
                    break walk
                }
            case .lvef(let value):
                guard let ruleIndex = lvefRule[regimenIndex],
                    let threshold = model.doseModifications.rules[ruleIndex].lvefBelow,
                    value < threshold
                else { continue }
                let stopping = ToxicityGrade(.lvefDecline, value < 20 ? 4 : 3)
                let rule = model.doseModifications.rules[ruleIndex]
                modifications.append(
                    DoseModification(month: entry.month, toxicity: stopping, action: rule.action, rule: rule.id))
                if rule.action == .discontinue {
                    stop = (entry.month, .toxicity, stopping)
                    break walk
                }
            default:
                continue
            }
        }

        let turn = afterMonths ?? stop?.month ?? latent.progression
        let lineEnd = min(stop?.month ?? .infinity, turn)
        // Scripted events the line did not live to see happen when it ends, after what ended it:
        // nothing comes after the end of a line.
        let onTime = timeline.filter { $0.month <= turn && ($0.scripted || $0.month <= lineEnd) }
        let late = timeline.filter { $0.scripted && $0.month > turn }.map {
            Timed(month: turn, event: $0.event, scripted: true)
        }
        let events =
            Self.sorted(onTime) + Self.sorted(late + deferred.map { Timed(month: turn, event: $0, scripted: true) })

        var response: Response?
        for entry in events {
            if case .response(let value) = entry.event, entry.scripted || entry.month <= lineEnd { response = value }
        }
        let reason: StopReason = stop.map { $0.month <= turn ? $0.reason : .completed } ?? .completed
        let course = TreatmentCourse(
            regimen: knowledge.regimens[regimenIndex].id, line: latent.line, months: lineEnd, stopReason: reason,
            stoppingToxicity: reason == .toxicity ? stop?.toxicity : nil, response: response,
            events: events.map { TimedEvent(month: $0.month, event: $0.event) },
            scriptedEvents: events.indices.filter { events[$0].scripted },
            doseModifications: modifications, progressionMonths: latent.progression, basis: latent.basis)
        return (course, turn)
    }

    /// Progression found at the restaging of a toxicity stop (within `progression-first` months,
    /// before any scripted turn) ends the line as progression: it is what the next choice rests on.
    /// A scripted progression the line does not live to see lands at the stop (see `resolve`),
    /// so without a scripted turn it is found there too.
    func progressionFirst(
        after month: Double, in timeline: [Timed],
        afterMonths: Double?
    ) -> (month: Double, reason: StopReason, toxicity: ToxicityGrade?)? {
        guard model.doseModifications.progressionFirstWithinMonths > 0,
            let progression = timeline.first(where: { $0.event.kind == .progression }),
            progression.month >= month
        else { return nil }
        if progression.scripted, afterMonths == nil { return (month, .progression, nil) }
        guard progression.month <= month + model.doseModifications.progressionFirstWithinMonths,
            progression.month <= afterMonths ?? .infinity
        else { return nil }
        return (progression.month, .progression, nil)
    }

    /// A timeline entry while a course is resolved: the event, its month, and whether a case
    /// scripted it.
    struct Timed {
        var month: Double
        var event: ClinicalEvent
        var scripted = false
    }

    static func index(of toxicity: Toxicity) -> Int {
        Toxicity.allCases.firstIndex(of: toxicity)!
    }

    /// Time order; at the same month a response comes first, then progression (it wins ties
    /// with a toxicity), toxicities, LVEF, ECOG, the rest; simulated before scripted.
    static func sorted(_ events: [Timed]) -> [Timed] {
        func rank(_ event: ClinicalEvent) -> Int {
            switch event {
            case .response: 0
            case .progression: 1
            case .toxicity: 2
            case .lvef: 3
            case .ecog: 4
            default: 5
            }
        }
        return events.enumerated().sorted { a, b in
            if a.element.month != b.element.month { return a.element.month < b.element.month }
            let (ra, rb) = (rank(a.element.event), rank(b.element.event))
            if ra != rb { return ra < rb }
            if a.element.scripted != b.element.scripted { return !a.element.scripted }
            return a.offset < b.offset
        }.map(\.element)
    }
}
