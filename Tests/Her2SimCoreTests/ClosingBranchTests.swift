import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// A branch that ends the case and a trial chosen with none open: the timeline, the interval
/// and the state say what the closing words and the choice allow (issue 13, X1 and X2).
@Suite("Sessions: closing branches and unavailable trials")
struct ClosingBranchTests {
    static func script(_ id: String) -> CaseScript {
        let url = TestSupport.repositoryRoot.appendingPathComponent("Cases/\(id).yaml")
        let loaded = CaseLoader.load(TestSupport.text(url), file: "\(id).yaml", knowledge: TestSupport.knowledge)
        guard let script = loaded.script else { fatalError("Cases/\(id).yaml does not load") }
        return script
    }

    @Test("an end branch keeps its scripted events, undated, and writes no course of its own")
    func endBranchKeepsItsEvents() throws {
        for seed in UInt64(1)...5 {
            // hb-402: complete DPD deficiency; the HER2CLIMB regimen ends the case with grade 4
            // diarrhoea and neutropenia in the first cycle.
            var session = Session(script: Self.script("hb-402"), seed: seed, context: SessionTests.context)
            let chosen = session.choose("tucatinib-trastuzumab-capecitabine")
            let record = try #require(chosen)
            #expect(record.branch?.ends == true && session.isOver)
            let interval = try #require(record.interval, "seed \(seed): the branch's events are lost")
            #expect(interval.isClosing)
            let toxicities = interval.events.compactMap { event in
                event.toxicity.map { "\($0.rawValue) \(event.grade!)" }
            }
            #expect(toxicities == ["diarrhea 4", "neutropenia 4"], "seed \(seed)")
            #expect(session.state.toxicities[.diarrhea] == 4 && session.state.ecog == 3)
            // No simulated course: nothing but what the author scripted, and no paragraph that
            // would say "for 0 months".
            #expect(record.outcome.events.count == 3 && record.outcome.months == 0)
            #expect(session.intervalText(of: record).isEmpty)
            // She received it, for no simulated length: the counterfactual must not borrow the
            // months of an earlier line.
            #expect(session.state.history.last?.regimen == "tucatinib-trastuzumab-capecitabine")
            #expect(session.state.history.last?.months == 0)
        }
    }

    @Test("a closing line repeating the previous regimen counts no months in the counterfactual")
    func closingLineHasNoMonths() throws {
        // hb-404: T-DM1 again at decision 3 is contraindicated and ends the case.
        var session = Session(script: Self.script("hb-404"), seed: 1, context: SessionTests.context)
        for choice in ["tucatinib-trastuzumab-capecitabine", "tdm1", "tdm1"] { session.choose(choice) }
        #expect(session.isOver && session.decisions.last?.branch?.ends == true)
        let lines = SequenceOutcome(session: session).lines
        #expect(lines.map(\.regimen) == ["tucatinib-trastuzumab-capecitabine", "tdm1", "tdm1"])
        #expect(lines[1].months > 0 && lines[2].months == 0, "\(lines)")
    }

    @Test("an end branch without events leaves no interval")
    func endBranchWithoutEvents() throws {
        // hb-408: best supportive care at the first decision ends the case with closing words only.
        var session = Session(script: Self.script("hb-408"), seed: 1, context: SessionTests.context)
        let chosen = session.choose("best-supportive-care")
        let record = try #require(chosen)
        #expect(record.branch?.ends == true && session.isOver)
        #expect(record.interval == nil && record.outcome.events.isEmpty)
    }

    @Test("a clinical trial chosen with none open runs as best supportive care and says so")
    func unavailableTrialIsSupportiveCare() throws {
        var trialMonths = Set<Double>()
        for seed in UInt64(1)...20 {
            var session = Session(script: Self.script("hb-415"), seed: seed, context: SessionTests.context)
            session.choose("tucatinib-trastuzumab-capecitabine")
            #expect(!session.state.trialAvailable)
            let chosen = session.choose("clinical-trial")
            let record = try #require(chosen)
            #expect(record.assessment.choice == "clinical-trial" && record.assessment.tier == .notRecommended)
            let interval = try #require(record.interval)
            #expect(interval.regimen == "best-supportive-care" && interval.isSupportiveCare && interval.noTrialOpen)
            #expect(interval.chosen == "clinical-trial")
            #expect(session.state.history.last?.regimen == "best-supportive-care", "seed \(seed)")
            #expect(session.path.received.contains("best-supportive-care"))
            #expect(!session.path.received.contains("clinical-trial"))
            #expect(![Response.partial, .complete].contains(interval.bestResponse), "seed \(seed)")
            let text = session.intervalText(of: record)
            #expect(text.hasPrefix("No clinical trial was open to her"), "seed \(seed): \(text)")
            #expect(!text.contains("Clinical trial enrolment"))
            trialMonths.insert(interval.months)
        }
        #expect(trialMonths.count > 10)
    }

    @Test("a clinical trial that is open is entered")
    func openTrialIsEntered() throws {
        let history = TestSupport.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine")
        var state = TestSupport.state(trial: true, history: history)
        #expect(Session.given("clinical-trial", in: state) == "clinical-trial")
        state.trialAvailable = false
        #expect(Session.given("clinical-trial", in: state) == "best-supportive-care")
        #expect(Session.given("tdm1", in: state) == "tdm1")
    }
}
