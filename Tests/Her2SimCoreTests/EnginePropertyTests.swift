import Her2SimCore
import Testing

/// Random valid patients, drawn from a seeded generator so a failure always reproduces.
struct RandomPatients {
    let knowledge: Knowledge

    func make(_ rng: inout SeededGenerator) -> PatientState {
        let regimens = knowledge.regimenIDs.filter { $0 != "best-supportive-care" }
        var history: [TherapyLine] = []
        if Int.random(in: 0..<5, using: &rng) == 0 {
            history.append(
                TherapyLine(
                    regimen: ["thp", "trastuzumab-taxane"].randomElement(using: &rng)!, setting: .early,
                    months: 12, stopped: .completed, relapseMonths: Double(Int.random(in: 1...36, using: &rng))))
        }
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            let stopped = StopReason.allCases.randomElement(using: &rng)!
            let toxicity: (Toxicity, Int)? =
                stopped == .toxicity
                ? (Toxicity.allCases.randomElement(using: &rng)!, Int.random(in: 1...4, using: &rng)) : nil
            history.append(
                TherapyLine(
                    regimen: regimens.randomElement(using: &rng)!, months: Double(Int.random(in: 1...40, using: &rng)),
                    response: Response.allCases.randomElement(using: &rng), stopped: stopped, toxicity: toxicity))
        }
        var toxicities: [Toxicity: Int] = [:]
        for toxicity in Toxicity.allCases where Int.random(in: 0..<4, using: &rng) == 0 {
            toxicities[toxicity] = Int.random(in: 0...4, using: &rng)
        }
        return PatientState(
            age: Int.random(in: 28...90, using: &rng), ecog: Int.random(in: 0...4, using: &rng),
            hormoneReceptor: HormoneReceptor.allCases.randomElement(using: &rng)!,
            sites: Array(
                ["bone", "liver", "lung", "nodes", "skin", "soft-tissue"].shuffled(using: &rng)
                    .prefix(Int.random(in: 0...3, using: &rng))),
            brainMetastases: BrainMetastases.allCases.randomElement(using: &rng)!,
            lvef: Int.random(in: 25...75, using: &rng), heartFailure: Int.random(in: 0..<10, using: &rng) == 0,
            dpdDeficiency: Int.random(in: 0..<10, using: &rng) == 0
                ? DPDDeficiency.allCases.randomElement(using: &rng)! : .none,
            visceralCrisis: Int.random(in: 0..<8, using: &rng) == 0,
            hepaticImpairment: HepaticImpairment.allCases.randomElement(using: &rng)!,
            toxicities: ToxicityGrades(toxicities),
            preferences: Preference.allCases.filter { _ in Bool.random(using: &rng) },
            trialAvailable: Bool.random(using: &rng), history: history)
    }
}

@Suite("Engine invariants over random patients")
struct EnginePropertyTests {
    static let count = 12_000
    let knowledge = TestSupport.knowledge
    let engine = TestSupport.engine

    @Test("every regimen exactly once, ranks 1…n following tier, every option explained, deterministic")
    func rankingInvariants() {
        var rng = SeededGenerator(seed: 20_261_126)
        let patients = RandomPatients(knowledge: knowledge)
        let ids = Set(knowledge.regimenIDs)
        let ruleIDs = Set(knowledge.rules.map(\.id))
        var failures = 0
        for _ in 0..<Self.count {
            let state = patients.make(&rng)
            let recommendation = engine.rank(state)
            let options = recommendation.options
            var ok = options.count == ids.count && Set(options.map(\.regimen)) == ids
            ok = ok && options.map(\.rank) == Array(1...options.count)
            ok = ok && zip(options, options.dropFirst()).allSatisfy { $0.tier <= $1.tier }
            if let firstContraindicated = options.firstIndex(where: { $0.tier == .contraindicated }) {
                ok = ok && options[firstContraindicated...].allSatisfy { $0.tier == .contraindicated }
            }
            ok =
                ok
                && options.allSatisfy { option in
                    option.placingReasons.contains { $0.role == .tier }
                        && option.reasons.allSatisfy { ruleIDs.contains($0.rule) && !$0.sources.isEmpty }
                }
            ok = ok && recommendation.option(for: "best-supportive-care")?.tier != .contraindicated
            ok = ok && engine.rank(state) == recommendation
            if !ok {
                failures += 1
                Issue.record("invariant broken for \(state)")
                if failures > 3 { break }
            }
        }
        #expect(failures == 0)
    }

    @Test("adding a safety problem never makes any regimen's tier better")
    func safetyIsMonotonic() {
        var rng = SeededGenerator(seed: 7)
        let patients = RandomPatients(knowledge: knowledge)
        for _ in 0..<Self.count {
            let state = patients.make(&rng)
            var worse = state
            switch Int.random(in: 0..<7, using: &rng) {
            case 0: worse.lvef = min(state.lvef, 35)
            case 1: worse.dpdDeficiency = .complete
            case 5: worse.toxicities[.thrombocytopenia] = max(state.toxicities[.thrombocytopenia], 3)
            case 6: worse.visceralCrisis = true
            case 2: worse.toxicities[.ild] = max(state.toxicities[.ild], 2)
            case 3: worse.toxicities[.peripheralNeuropathy] = max(state.toxicities[.peripheralNeuropathy], 3)
            default: worse.hepaticImpairment = .severe
            }
            let before = engine.rank(state)
            let after = engine.rank(worse)
            // Best supportive care and chemotherapy alone are the fallbacks when HER2 therapy is ruled out.
            for option in after.options where !["best-supportive-care", "chemotherapy-alone"].contains(option.regimen) {
                let previous = before.option(for: option.regimen)!.tier
                if option.tier < previous {
                    Issue.record("\(option.regimen) improved from \(previous) to \(option.tier) for \(worse)")
                    return
                }
            }
        }
    }

    @Test(
        "over random patients, the first reason of a preferred or recommended option names it; order reasons never lead"
    )
    func firstReasonsNameTheirRegimen() {
        var rng = SeededGenerator(seed: 2_026_112_9)
        let patients = RandomPatients(knowledge: knowledge)
        var failures = 0
        for _ in 0..<Self.count {
            let state = patients.make(&rng)
            for option in engine.rank(state).options {
                guard let first = option.placingReasons.first else { continue }
                var ok = first.role == .tier
                if option.tier <= .recommended, let regimen = knowledge.regimen(option.regimen) {
                    ok = ok && ReasonsNameTheirRegimenTests.mentions(first.text, regimen)
                }
                if !ok {
                    failures += 1
                    Issue.record("\(option.regimen) (\(option.tier)): \(first.rule): \(first.text)")
                }
            }
            if failures > 5 { break }
        }
        #expect(failures == 0)
    }

    @Test("the seeded generator replays the same patients")
    func generatorIsDeterministic() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        var c = SeededGenerator(seed: 43)
        let patients = RandomPatients(knowledge: knowledge)
        let first = (0..<50).map { _ in patients.make(&a) }
        #expect(first == (0..<50).map { _ in patients.make(&b) })
        #expect(first != (0..<50).map { _ in patients.make(&c) })
    }
}
