/// What would have had to differ for a regimen to rank first: one fact of the patient's
/// state changed, and where the regimen would then stand. Computed by the engine, never
/// written by hand, so it always agrees with the rules.
public struct Counterfactual: Hashable, Sendable {
    /// One fact of the state, changed.
    public enum Change: Hashable, Sendable {
        case withoutToxicity(Toxicity, grade: Int)
        case withoutPreference(Preference)
        case withPreference(Preference)
        case normalHeart(lvef: Int)
        case trialAvailable(Bool)
        case hepaticImpairment(from: HepaticImpairment)
        case dpdDeficiency(from: DPDDeficiency)
        case withoutVisceralCrisis
        case ecog(from: Int, to: Int)
        case brainMetastases(from: BrainMetastases, to: BrainMetastases)
        case hormoneReceptor(HormoneReceptor)
        /// History entry `index` (regimen id) had ended for another reason than it did.
        case notStopped(index: Int, regimen: RegimenID, reason: StopReason, toxicity: Toxicity?, grade: Int)
        /// History entry `index` (a metastatic progression) had come after `months` instead.
        case laterProgression(index: Int, regimen: RegimenID, from: Double, to: Double)
        /// History entry `index` had never been given: one line earlier.
        case neverGiven(index: Int, regimen: RegimenID)
    }

    public var regimen: RegimenID
    /// nil when no single change of her state raises the regimen's tier.
    public var change: Change?
    /// A second change, when only the two together put the regimen first.
    public var alsoChange: Change?
    /// Where the regimen would stand after the change (where it stands now without one).
    public var tier: Tier
    public var rank: Int
    /// The sentence a fellow reads, e.g. "Without her grade 2 peripheral neuropathy,
    /// Trastuzumab + taxane would rank first (recommended)." or, when no single change puts it
    /// first, the nearest one.
    public var text: String

    public var ranksFirst: Bool { change != nil && rank == 1 }
}

extension Counterfactual.Change {
    /// The condition as a clause, built from the state's own vocabulary.
    func clause(regimenName: (RegimenID) -> String) -> String {
        switch self {
        case .withoutToxicity(let toxicity, let grade): "without her grade \(grade) \(toxicity.displayName)"
        case .withoutPreference(let preference): "if she did not \(preference.wish)"
        case .withPreference(let preference): "if she \(preference.pastWish)"
        case .normalHeart(let lvef): "with a normal heart (LVEF \(lvef)%, no heart failure)"
        case .trialAvailable(true): "if a suitable clinical trial were open to her"
        case .trialAvailable(false): "if no clinical trial were open to her"
        case .hepaticImpairment(let from):
            "without her \(from.rawValue) hepatic impairment (Child-Pugh \(ClinicalWording.childPugh(from)))"
        case .dpdDeficiency(let from): "without her \(from.rawValue) DPD deficiency"
        case .withoutVisceralCrisis: "without a visceral crisis"
        case .ecog(let from, let to): "at ECOG \(to) instead of \(from)"
        case .brainMetastases(let from, let to) where to == .none: "without her \(from.displayName) brain metastases"
        case .brainMetastases(_, let to): "with \(to.displayName) brain metastases"
        case .hormoneReceptor(let receptor): "if her cancer were hormone-receptor-\(receptor.rawValue)"
        case .notStopped(_, let regimen, .toxicity, let toxicity?, let grade):
            "had \(regimenName(regimen)) not been stopped for grade \(grade) \(toxicity.displayName)"
        case .notStopped(_, let regimen, .progression, _, _):
            "had her disease not progressed on \(regimenName(regimen))"
        case .notStopped(_, let regimen, let reason, _, _):
            "had \(regimenName(regimen)) not stopped for \(reason.rawValue)"
        case .laterProgression(_, let regimen, let from, let to):
            "had her disease progressed on \(regimenName(regimen)) after \(ClinicalWording.months(to))"
                + " rather than \(ClinicalWording.months(from))"
        case .neverGiven(_, let regimen): "one line earlier, without \(regimenName(regimen)) in her history"
        }
    }
}

extension Counterfactual.Change {
    /// A change of the disease itself rather than of her treatment, organ function or wishes.
    var isDisease: Bool {
        switch self {
        case .hormoneReceptor: true
        case .brainMetastases(_, let to): to == .active
        default: false
        }
    }
}

extension Preference {
    /// "want to avoid alopecia": completes "if she did (not) …".
    var wish: String {
        switch self {
        case .oral: "prefer oral therapy"
        case .avoidAlopecia: "want to avoid alopecia"
        case .fewerVisits: "want fewer visits"
        case .chemotherapyFree: "prefer treatment without chemotherapy"
        }
    }

    /// "wanted to avoid alopecia": completes "if she …".
    var pastWish: String {
        switch self {
        case .oral: "preferred oral therapy"
        case .avoidAlopecia: "wanted to avoid alopecia"
        case .fewerVisits: "wanted fewer visits"
        case .chemotherapyFree: "preferred treatment without chemotherapy"
        }
    }
}

extension BrainMetastases {
    var displayName: String { self == .treatedStable ? "treated, stable" : rawValue }
}

extension ReferenceEngine {
    /// The single change of `state` that best moves `regimen` up: one that puts it first if any
    /// does (in the order the candidates are tried), else two changes that each moved it up and
    /// together put it first, else the one that gives it the best tier (then rank). `nil` when
    /// the regimen already ranks first; without a `change` when no single change lifts its tier.
    public func counterfactual(
        for regimen: RegimenID, in state: PatientState,
        current: Recommendation? = nil
    ) -> Counterfactual? {
        let now = current ?? rank(state)
        guard let option = now.option(for: regimen), option.rank != 1,
            let index = knowledge.regimenIndex(regimen)
        else { return nil }
        typealias Found = (change: Counterfactual.Change, state: PatientState, tier: Tier, rank: Int)
        var best: Found?
        var improving: [Found] = []
        for (change, changed) in Self.counterfactualCandidates(state) {
            let moved = placement(of: index, in: changed)
            let found = (change, changed, moved.tier, moved.rank)
            if moved.rank == 1 {
                best = found
                break
            }
            if moved.tier < option.tier || moved.rank < option.rank { improving.append(found) }
            // A better rank in the same tier is usually another regimen falling, not this one rising.
            guard moved.tier < option.tier else { continue }
            if let current = best, (current.tier, current.rank) <= (moved.tier, moved.rank) { continue }
            best = found
        }
        let name = knowledge.regimen(regimen)?.name ?? regimen.rawValue
        func phrase(_ change: Counterfactual.Change) -> String {
            change.clause { id in
                let full = knowledge.regimen(id)?.name ?? id.rawValue
                return full.components(separatedBy: " (").first ?? full
            }
        }
        func capitalized(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
        if let best, best.rank == 1 {
            let text = capitalized(phrase(best.change)) + ", \(name) would rank first (\(best.tier.rawValue))."
            return Counterfactual(
                regimen: regimen, change: best.change, alsoChange: nil, tier: best.tier, rank: 1,
                text: text)
        }
        // No single change puts it first: try two of the changes that each moved it up.
        // Worse disease (new brain metastases) or other biology reads oddly as half of a pair.
        let seeds = improving.filter { !$0.change.isDisease }
            .sorted { ($0.tier, $0.rank) < ($1.tier, $1.rank) }.prefix(6)
        for (position, first) in seeds.enumerated() {
            let onTop = Self.counterfactualCandidates(first.state)
            for second in seeds.dropFirst(position + 1) {
                guard let both = onTop.first(where: { $0.0 == second.change })?.1 else { continue }
                let moved = placement(of: index, in: both)
                guard moved.rank == 1 else { continue }
                let text =
                    capitalized(phrase(first.change)) + " and " + phrase(second.change)
                    + ", \(name) would rank first (\(moved.tier.rawValue))."
                return Counterfactual(
                    regimen: regimen, change: first.change, alsoChange: second.change,
                    tier: moved.tier, rank: 1, text: text)
            }
        }
        guard let best else {
            return Counterfactual(
                regimen: regimen, change: nil, alsoChange: nil, tier: option.tier, rank: option.rank,
                text: "No single change in her situation would put \(name) first or raise its tier.")
        }
        let text =
            "No single change in her situation puts \(name) first. The nearest: " + phrase(best.change)
            + ", it would be \(best.tier.rawValue) (rank \(best.rank))."
        return Counterfactual(
            regimen: regimen, change: best.change, alsoChange: nil, tier: best.tier, rank: best.rank,
            text: text)
    }

    /// Every single-fact change worth teaching, most natural first: what she has now
    /// (toxicities, organ function, preferences), then her history, then her disease.
    public static func counterfactualCandidates(_ state: PatientState) -> [(Counterfactual.Change, PatientState)] {
        var result: [(Counterfactual.Change, PatientState)] = []
        func add(_ change: Counterfactual.Change, _ edit: (inout PatientState) -> Void) {
            var changed = state
            edit(&changed)
            if changed != state { result.append((change, changed)) }
        }
        for (toxicity, grade) in state.toxicities.present {
            add(.withoutToxicity(toxicity, grade: grade)) { $0.toxicities[toxicity] = 0 }
        }
        if state.lvef < 50 || state.heartFailure {
            add(.normalHeart(lvef: 60)) {
                $0.lvef = 60
                $0.heartFailure = false
            }
        }
        if state.hepaticImpairment != .none {
            add(.hepaticImpairment(from: state.hepaticImpairment)) { $0.hepaticImpairment = .none }
        }
        if state.dpdDeficiency != .none {
            add(.dpdDeficiency(from: state.dpdDeficiency)) { $0.dpdDeficiency = .none }
        }
        if state.visceralCrisis { add(.withoutVisceralCrisis) { $0.visceralCrisis = false } }
        if state.ecog >= 2 { add(.ecog(from: state.ecog, to: 1)) { $0.ecog = 1 } }
        for preference in state.preferences {
            add(.withoutPreference(preference)) { $0.preferences.removeAll { $0 == preference } }
        }
        for preference in Preference.allCases where !state.prefers(preference) {
            add(.withPreference(preference)) { $0.preferences.append(preference) }
        }
        add(.trialAvailable(!state.trialAvailable)) { $0.trialAvailable.toggle() }
        // Early failure (within 6 months) is what makes some regimens count as failed (THP's taxane).
        for (index, entry) in state.history.enumerated().reversed()
        where entry.setting == .metastatic && entry.stopped == .progression && entry.months <= 6 {
            add(.laterProgression(index: index, regimen: entry.regimen, from: entry.months, to: 12)) {
                $0.history[index].months = 12
            }
        }
        for (index, entry) in state.history.enumerated().reversed() where entry.stopped != .completed {
            let stop = entry.toxicity
            add(
                .notStopped(
                    index: index, regimen: entry.regimen, reason: entry.stopped, toxicity: stop?.toxicity,
                    grade: stop?.grade ?? 0)
            ) {
                $0.history[index].stopped = .completed
                $0.history[index].toxicity = nil
            }
        }
        if let last = state.history.indices.last {
            add(.neverGiven(index: last, regimen: state.history[last].regimen)) { $0.history.removeLast() }
        }
        switch state.brainMetastases {
        case .active:
            add(.brainMetastases(from: .active, to: .none)) { $0.brainMetastases = .none }
        case .none, .treatedStable:
            add(.brainMetastases(from: state.brainMetastases, to: .active)) { $0.brainMetastases = .active }
        }
        let other: HormoneReceptor = state.hormoneReceptor == .positive ? .negative : .positive
        add(.hormoneReceptor(other)) { $0.hormoneReceptor = other }
        return result
    }
}
