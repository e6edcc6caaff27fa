import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Why a line stops (issue 13, X5): grade 3 hand-foot syndrome holds and reduces capecitabine
/// but never stops the regimen; a toxicity stop with progression found at its restaging counts
/// as progression, which the reference rules (sequential TKI) rest on.
@Suite("Simulation: why a line stops")
struct StopReasonTests {
    static let simulator = SimulationFixture.simulator

    static let thirdLine = TestSupport.state(
        ecog: 1, sites: ["liver"],
        history: TestSupport.progressed("thp", "tdxd"))

    @Test("grade 3 hand-foot syndrome never stops a capecitabine regimen; it uses capecitabine's own levels")
    func handFootSyndromeDoesNotStop() {
        var continuedPast = 0
        for regimen: RegimenID in [
            "tucatinib-trastuzumab-capecitabine", "neratinib-capecitabine", "lapatinib-capecitabine",
        ] {
            for seed in UInt64(1)...600 {
                let course = Self.simulator.course(for: Self.thirdLine, regimen: regimen, patient: seed)
                #expect(course.stoppingToxicity != ToxicityGrade(.handFootSyndrome, 3), "\(regimen) seed \(seed)")
                let hfs = course.events.first { $0.event == .toxicity(.handFootSyndrome, grade: 3) }
                if let hfs, course.months > hfs.month {
                    continuedPast += 1
                    #expect(
                        course.doseModifications.contains {
                            $0.toxicity == ToxicityGrade(.handFootSyndrome, 3) && $0.rule == "capecitabine-hfs-grade3"
                        }, "\(regimen) seed \(seed)")
                }
            }
        }
        #expect(continuedPast > 20)
    }

    @Test("a stop for want of a lower dose with progression within a month is recorded as progression")
    func progressionWinsNearAToxicityStop() {
        var reread = 0
        // No reduction allowed: every reduction becomes a stop for want of a lower dose.
        var model = Self.simulator.model
        model.doseModifications.maximumReductions = 0
        let simulator = Simulator(knowledge: Self.simulator.knowledge, model: model)
        let exhausted = model.assumptionID(forSection: "dose-levels")
        for regimen: RegimenID in ["tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine", "thp"] {
            for seed in UInt64(1)...800 {
                let course = simulator.course(for: Self.thirdLine, regimen: regimen, patient: seed)
                let stop = course.doseModifications.last { $0.action == .discontinue }
                if course.stopReason == .toxicity, stop?.rule == exhausted {
                    #expect(course.progressionMonths - course.months > 1, "\(regimen) seed \(seed)")
                }
                let discontinued = course.doseModifications.contains { $0.action == .discontinue }
                if course.stopReason == .progression, discontinued {
                    reread += 1
                    #expect(course.months == course.progressionMonths, "\(regimen) seed \(seed)")
                    #expect(course.events.contains { $0.event.kind == .progression && $0.month == course.months })
                }
            }
        }
        #expect(reread > 0)
    }

    @Test("a stop the label orders (ILD) stays a toxicity stop, even with progression at it")
    func labelStopStaysToxicity() {
        let secondLine = TestSupport.state(ecog: 1, sites: ["liver"], history: TestSupport.progressed("thp"))
        var checked = 0
        for seed in UInt64(1)...40 {
            let progressed = ClinicalEvent.progression(newSites: [], brainMetastases: nil)
            let scripted: [ClinicalEvent] = [.toxicity(.ild, grade: 3), progressed]
            let advance = Self.simulator.advance(
                secondLine, choosing: "tdxd", patient: seed, decisionIndex: 0,
                scripted: scripted)
            let ild = advance.events.first { $0.event == .toxicity(.ild, grade: 3) }!
            // Where the disease progressed before her ILD began, progression ended the line.
            guard ild.month < advance.course.progressionMonths else { continue }
            checked += 1
            let line = advance.state.history.last!
            // The next choice must know T-DXd was stopped for ILD: its label ends it for good.
            #expect(line.stopped == .toxicity, "seed \(seed)")
            var resolved = advance.state
            resolved.toxicities = ToxicityGrades()
            let tdxd = TestSupport.engine.rank(resolved).options.first { $0.regimen == "tdxd" }
            #expect(tdxd?.tier == .contraindicated, "seed \(seed)")
            // The scripted progression still lands at the stop: nothing comes after a line ends.
            let progression = advance.events.first { $0.event.kind == .progression }!
            #expect(progression.month == ild.month && line.months == ild.month, "seed \(seed)")
        }
        #expect(checked > 20)
    }

    @Test("hb-407, seed 5: after the HER2CLIMB regimen the reference does not offer a second TKI first")
    func sequentialTKIAfterTheHER2CLIMBRegimen() throws {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Cases/hb-407.yaml")
        let loaded = CaseLoader.load(TestSupport.text(url), file: "hb-407.yaml", knowledge: TestSupport.knowledge)
        let script = try #require(loaded.script)
        var session = Session(script: script, seed: 5, context: SessionTests.context)
        session.choose("tdxd")
        session.choose("tucatinib-trastuzumab-capecitabine")
        let line = try #require(session.state.history.last)
        #expect(line.regimen == "tucatinib-trastuzumab-capecitabine" && line.stopped == .progression)
        let ranking = TestSupport.engine.rank(session.state)
        #expect(ranking.first.regimen.rawValue.hasPrefix("trastuzumab-"), "\(ranking.first.regimen)")
        #expect(ranking.option(for: "lapatinib-trastuzumab")!.tier != .recommended)
    }
}
