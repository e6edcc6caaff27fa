/// What the rules ask of a patient, computed once per ranking: the line of therapy and
/// which regimens were received, progressed on or stopped for toxicity, as bit masks.
struct PatientFacts {
    let state: PatientState
    let line: Int
    let received: RegimenSet
    let progressed: RegimenSet
    let stoppedForSevereToxicity: RegimenSet
    /// Worst grade per toxicity among history entries stopped for it.
    let stoppedToxicityGrades: ToxicityGrades
    /// Per history entry: its regimen index (-1 when unknown).
    let historyRegimens: [Int]
    /// Every history entry stopped for toxicity: regimen index, toxicity, grade.
    let toxicityStops: [(regimen: Int, toxicity: Toxicity, grade: Int)]
    /// The tiers of the first pass, for deferred conditions (nil during the first pass).
    var settledTiers: [Tier]?
    /// True when an early-setting relapse counted as a failed first line (rule 0).
    let earlyRelapseCounted: Bool

    init(state: PatientState, knowledge: Knowledge) {
        self.state = state
        var received = RegimenSet()
        var progressed = RegimenSet()
        var stoppedForSevere = RegimenSet()
        var stoppedGrades = ToxicityGrades()
        var metastaticLines = 0
        var stops: [(regimen: Int, toxicity: Toxicity, grade: Int)] = []
        var earlyFailures = 0
        var regimenOfEntry: [Int] = []
        regimenOfEntry.reserveCapacity(state.history.count)
        for entry in state.history {
            guard let index = knowledge.regimenIndex(entry.regimen) else {
                regimenOfEntry.append(-1)
                continue
            }
            regimenOfEntry.append(index)
            received.insert(index)
            switch entry.setting {
            case .metastatic:
                metastaticLines += 1
                if entry.stopped == .progression { progressed.insert(index) }
            case .early:
                if Self.relapsedEarly(entry, regimen: knowledge.regimens[index], policy: knowledge.lineOfTherapy) {
                    earlyFailures += 1
                    progressed.insert(index)
                }
            }
            if entry.stopped == .toxicity, let stop = entry.toxicity {
                if stop.grade >= 3 { stoppedForSevere.insert(index) }
                stoppedGrades[stop.toxicity] = max(stoppedGrades[stop.toxicity], stop.grade)
                stops.append((index, stop.toxicity, stop.grade))
            }
        }
        self.received = received
        self.progressed = progressed
        self.stoppedForSevereToxicity = stoppedForSevere
        self.stoppedToxicityGrades = stoppedGrades
        self.toxicityStops = stops
        self.historyRegimens = regimenOfEntry
        // The failed (neo)adjuvant therapy stands for the first metastatic line, whatever came after.
        self.earlyRelapseCounted = earlyFailures > 0
        self.line = metastaticLines + 1 + (earlyRelapseCounted ? 1 : 0)
    }

    /// Relapse within the window after (neo)adjuvant therapy: that therapy failed.
    static func relapsedEarly(_ entry: TherapyLine, regimen: Regimen, policy: LineOfTherapyPolicy) -> Bool {
        guard entry.setting == .early, let relapse = entry.relapseMonths else { return false }
        var window = policy.relapseWindowMonths
        for agent in regimen.agents {
            if let longer = policy.relapseWindowWithAgent[agent.id] { window = max(window, longer) }
        }
        return relapse <= window
    }

    func holds(_ condition: Condition, for index: Int) -> Bool {
        switch condition {
        case .always: return true
        case .all(let parts): return parts.allSatisfy { holds($0, for: index) }
        case .any(let parts): return parts.contains { holds($0, for: index) }
        case .not(let part): return !holds(part, for: index)
        case .line(let range): return range.contains(line)
        case .ecog(let range): return range.contains(state.ecog)
        case .lvef(let range): return range.contains(state.lvef)
        case .heartFailure(let value): return state.heartFailure == value
        case .dpdDeficiency(let values): return values.contains(state.dpdDeficiency)
        case .visceralCrisis(let value): return state.visceralCrisis == value
        case .sitesAllIn(let allowed):
            if state.brainMetastases != .none, !allowed.contains("brain") { return false }
            return state.sites.allSatisfy(allowed.contains)
        case .stoppedOn(let set, let thresholds):
            return toxicityStops.contains { stop in
                set.contains(stop.regimen) && thresholds.contains { $0.matches(stop.toxicity, grade: stop.grade) }
            }
        case .progressedWithin(let set, let months):
            return zip(state.history, historyRegimens).contains { entry, regimen in
                regimen >= 0 && set.contains(regimen) && entry.setting == .metastatic
                    && entry.stopped == .progression && entry.months <= months
            }
        case .tiersAtMost(let set, let tier):
            guard let tiers = settledTiers else { return false }
            var remaining = set.bits
            while remaining != 0 {
                let regimen = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                if regimen < tiers.count, tiers[regimen] < tier { return false }
            }
            return true
        case .selfStoppedFor(let thresholds):
            return toxicityStops.contains { stop in
                stop.regimen == index && thresholds.contains { $0.matches(stop.toxicity, grade: stop.grade) }
            }
        case .trialAvailable(let value): return state.trialAvailable == value
        case .hepaticImpairment(let values): return values.contains(state.hepaticImpairment)
        case .hormoneReceptor(let value): return state.hormoneReceptor == value
        case .brainMetastases(let values): return values.contains(state.brainMetastases)
        case .toxicityGrade(let toxicity, let range): return range.contains(state.toxicities[toxicity])
        case .stoppedForToxicity(let toxicity, let minimum): return stoppedToxicityGrades[toxicity] >= minimum
        case .preference(let preference): return state.prefers(preference)
        case .received(let set): return received.intersects(set)
        case .progressedOn(let set): return progressed.intersects(set)
        case .selfProgressedOn(let value): return progressed.contains(index) == value
        case .selfReceived(let value): return received.contains(index) == value
        case .selfStoppedForToxicity(let value): return stoppedForSevereToxicity.contains(index) == value
        }
    }
}
