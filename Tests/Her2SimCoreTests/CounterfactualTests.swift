import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// What would have had to differ for a fellow's choice to rank first: computed, and true.
@Suite("Counterfactuals after a choice")
struct CounterfactualTests {
    typealias S = TestSupport
    let engine = TestSupport.engine
    let scorer = Scorer(rubric: TestSupport.knowledge.rubric)

    @Test("grade 2 neuropathy: removing it is what would have put the taxane first")
    func neuropathy() throws {
        let state = S.state(
            receptor: .negative, toxicities: [.peripheralNeuropathy: 2],
            history: S.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1"))
        let assessment = try #require(scorer.assess("trastuzumab-taxane", for: state, engine: engine))
        #expect(assessment.tier == .notRecommended)
        let counterfactual = try #require(assessment.counterfactual)
        #expect(counterfactual.change == .withoutToxicity(.peripheralNeuropathy, grade: 2))
        #expect(counterfactual.ranksFirst)
        #expect(counterfactual.text.hasPrefix("Without her grade 2 peripheral neuropathy, Trastuzumab + taxane"))
        #expect(counterfactual.text.contains("would rank first"))
    }

    @Test("THP that failed within 6 months: a later failure would have allowed the taxane again")
    func earlyTHPFailure() throws {
        let early = [TherapyLine(regimen: "thp", months: 4, response: .stable, stopped: .progression)]
        let state = S.state(
            receptor: .negative, history: early + S.progressed("tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1"))
        let counterfactual = try #require(engine.counterfactual(for: "trastuzumab-taxane", in: state))
        #expect(counterfactual.change == .laterProgression(index: 0, regimen: "thp", from: 4, to: 12))
        #expect(counterfactual.text.hasPrefix("Had her disease progressed on THP after 12 months rather than 4 months"))
    }

    @Test("two changes when no single one suffices: neratinib after tucatinib (p13)")
    func pair() throws {
        let url = try #require(
            TestSupport.fixtureFiles(in: "vignettes").first { $0.lastPathComponent.hasPrefix("p13") })
        let state = try StateLoader.load(TestSupport.text(url), file: "p13", knowledge: TestSupport.knowledge)
        let counterfactual = try #require(engine.counterfactual(for: "neratinib-capecitabine", in: state))
        #expect(counterfactual.ranksFirst)
        #expect(counterfactual.alsoChange == .withPreference(.oral))
        #expect(
            counterfactual.text.hasPrefix(
                "Had her disease not progressed on Tucatinib + trastuzumab + capecitabine"
                    + " and if she preferred oral therapy, Neratinib + capecitabine"))
    }

    @Test("the reference's own first choice needs no counterfactual")
    func firstChoiceHasNone() throws {
        let state = S.state(history: S.progressed("thp"))
        let assessment = try #require(scorer.assess("tdxd", for: state, engine: engine))
        #expect(assessment.matchesReference)
        #expect(assessment.counterfactual == nil)
    }

    @Test("a change that only raises the tier says it is the nearest, not first")
    func nearest() throws {
        // LVEF 38: T-DM1 is contraindicated; a normal heart makes it conditional at line 2, not first.
        let state = S.state(lvef: 38, history: S.progressed("thp"))
        let counterfactual = try #require(engine.counterfactual(for: "tdm1", in: state))
        #expect(counterfactual.change == .normalHeart(lvef: 60))
        #expect(!counterfactual.ranksFirst)
        #expect(counterfactual.text.hasPrefix("No single change in her situation puts T-DM1"))
        #expect(counterfactual.text.contains("with a normal heart"))
    }

    @Test("over random patients, every counterfactual is true when applied, and never a step down")
    func counterfactualsAreTrue() {
        var rng = SeededGenerator(seed: 12)
        let patients = RandomPatients(knowledge: TestSupport.knowledge)
        let ids = TestSupport.knowledge.regimenIDs
        var found = 0
        var pairs = 0
        for _ in 0..<400 {
            let state = patients.make(&rng)
            let regimen = ids.randomElement(using: &rng)!
            let now = engine.rank(state)
            guard let counterfactual = engine.counterfactual(for: regimen, in: state, current: now) else {
                #expect(now.first.regimen == regimen)
                continue
            }
            guard let change = counterfactual.change else { continue }
            found += 1
            var changed = ReferenceEngine.counterfactualCandidates(state).first { $0.0 == change }?.1
            if let also = counterfactual.alsoChange, let first = changed {
                pairs += 1
                changed = ReferenceEngine.counterfactualCandidates(first).first { $0.0 == also }?.1
                #expect(counterfactual.ranksFirst)
            }
            guard let changed, let moved = engine.rank(changed).option(for: regimen),
                let before = now.option(for: regimen)
            else {
                Issue.record("change \(change) is not a candidate for \(state)")
                continue
            }
            #expect(moved.tier == counterfactual.tier && moved.rank == counterfactual.rank)
            #expect(moved.rank == 1 || moved.tier < before.tier)
        }
        #expect(found > 50)
        #expect(pairs > 0, "no two-change counterfactual in 400 patients")
    }

    @Test("a session's decision carries the counterfactual for the decision screen")
    func sessionAssessment() throws {
        let state = S.state(receptor: .negative, toxicities: [.peripheralNeuropathy: 2], history: S.progressed("thp"))
        let assessment = try #require(scorer.assess("trastuzumab-taxane", for: state, engine: engine))
        #expect(assessment.counterfactual != nil)
        #expect(assessment.counterfactual?.regimen == "trastuzumab-taxane")
    }
}
