import Foundation
import Testing

@testable import Her2SimCore

/// `reduced-dose-efficacy` (Scoring/dose-modifications.yaml): after a `reduce` management choice
/// the rest of the course runs the figure's share of its full-dose length.
@Suite("Reduced-dose efficacy after a management reduction")
struct ReducedEfficacyTests {
    static let simulator = Simulator(knowledge: TestSupport.knowledge, model: SessionTests.model)
    static let figure = ManagementSupport.table.effects.reducedEfficacy
    static let regimen: RegimenID = "tucatinib-trastuzumab-capecitabine"

    /// hb-411's patient 1.5 months into the HER2CLIMB regimen, still on it.
    static func onRegimen(efficacy: Double? = nil) throws -> PatientState {
        var state = try ManagementSessionTests.atHandFoot().state
        let last = try #require(state.history.indices.last)
        #expect(state.history[last].regimen == regimen && state.history[last].stopped == .completed)
        if let efficacy { state.history[last].efficacy = efficacy }
        return state
    }

    @Test("the shipped figure is data with its text and sources, and shortens the course")
    func shippedFigure() {
        #expect(Self.figure.id == "reduced-dose-efficacy")
        #expect(Self.figure.value > 0 && Self.figure.value < 1)
        #expect(
            Self.figure.text.contains("multiplied by \(ClinicalWording.number(Self.figure.value))"),
            "the text states the figure the simulator applies: \(Self.figure.text)")
        #expect(!Self.figure.sources.isEmpty)
    }

    @Test("the rest of the course to progression is exactly the figure times the full-dose rest, every seed")
    func exactFactor() throws {
        let full = try Self.onRegimen()
        let reduced = try Self.onRegimen(efficacy: Self.figure.value)
        let elapsed = try #require(full.history.last?.months)
        var fullTotal = 0.0
        var reducedTotal = 0.0
        for seed in UInt64(1)...200 {
            let a = Self.simulator.advance(full, choosing: Self.regimen, patient: seed, decisionIndex: 1, scripted: [])
            let b = Self.simulator.advance(
                reduced, choosing: Self.regimen, patient: seed, decisionIndex: 1, scripted: [])
            // Same patient, same draws: only the progression month moves, by the figure.
            #expect(
                abs(b.course.progressionMonths - Self.figure.value * a.course.progressionMonths) < 1e-9,
                "seed \(seed): \(b.course.progressionMonths) vs \(a.course.progressionMonths)")
            #expect(b.months <= a.months + 1e-9, "seed \(seed): the reduced course is never longer")
            let line = try #require(b.state.history.last)
            #expect(line.efficacy == Self.figure.value, "the line keeps its reduced dose")
            #expect(abs((line.fullDoseMonths ?? -1) - (elapsed + b.course.months / Self.figure.value)) < 1e-9)
            fullTotal += a.months
            reducedTotal += b.months
        }
        #expect(reducedTotal < fullTotal, "shorter on average: \(reducedTotal / 200) vs \(fullTotal / 200) months")
    }

    @Test("a figure of 1 changes nothing")
    func neutral() throws {
        let plain = try Self.onRegimen()
        let one = try Self.onRegimen(efficacy: 1)
        for seed in UInt64(1)...50 {
            let a = Self.simulator.advance(plain, choosing: Self.regimen, patient: seed, decisionIndex: 1, scripted: [])
            let b = Self.simulator.advance(one, choosing: Self.regimen, patient: seed, decisionIndex: 1, scripted: [])
            #expect(a == b, "seed \(seed)")
        }
    }

    @Test("a reduced line continued at a later turn stays reduced: the full-dose months used carry on")
    func continuedLater() throws {
        let reduced = try Self.onRegimen(efficacy: Self.figure.value)
        let full = try Self.onRegimen()
        for seed in UInt64(1)...50 {
            // Two steps of 1 month, then the rest, against one uninterrupted reduced course.
            let once = Self.simulator.advance(
                reduced, choosing: Self.regimen, patient: seed, decisionIndex: 1, scripted: [])
            let first = Self.simulator.advance(
                reduced, choosing: Self.regimen, patient: seed, decisionIndex: 1,
                scripted: [], afterMonths: 1)
            guard first.state.history.last?.stopped == .completed else { continue }
            let rest = Self.simulator.advance(
                first.state, choosing: Self.regimen, patient: seed, decisionIndex: 2,
                scripted: [])
            #expect(abs(rest.course.progressionMonths + 1 - once.course.progressionMonths) < 1e-9, "seed \(seed)")
            let unreduced = Self.simulator.advance(
                full, choosing: Self.regimen, patient: seed, decisionIndex: 1,
                scripted: [])
            #expect(
                abs(1 + rest.course.progressionMonths - Self.figure.value * unreduced.course.progressionMonths)
                    < 1e-9, "seed \(seed)")
        }
    }

    /// hb-411 played to its management turn, then `action`, with the table's figure replaced;
    /// nil when on this seed the disease progressed before the toxicity (nothing to manage).
    static func managed(_ action: ManagementVerb, seed: UInt64, efficacy: Double? = nil) throws -> Session? {
        var table = ManagementSupport.table
        if let efficacy { table.effects.reducedEfficacy.value = efficacy }
        let context = SessionContext(knowledge: TestSupport.knowledge, course: simulator, doseModifications: table)
        var session = Session(script: try ManagementSessionTests.shipped("hb-411"), seed: seed, context: context)
        try #require(session.choose(regimen) != nil)
        guard session.pendingManagement != nil else { return nil }
        try #require(session.manage(ManagementAction(action)) != nil)
        return session
    }

    @Test("in hb-411, reduce against hold over many seeds: not longer on average, the line carries the figure")
    func reduceAgainstHold() throws {
        var reducedMonths = 0.0
        var heldMonths = 0.0
        var compared = 0
        for seed in UInt64(1)...60 {
            guard let reduced = try Self.managed(.reduce, seed: seed), let held = try Self.managed(.hold, seed: seed),
                let neutral = try Self.managed(.reduce, seed: seed, efficacy: 1)
            else { continue }
            let line = try #require(reduced.state.history.last { $0.regimen == Self.regimen })
            #expect(line.efficacy == Self.figure.value)
            #expect(held.state.history.last { $0.regimen == Self.regimen }?.efficacy == 1)
            let r = try #require(reduced.managements.last?.outcome.months)
            let h = try #require(held.managements.last?.outcome.months)
            reducedMonths += r
            heldMonths += h
            compared += 1
            // A figure of 1: the reduction costs no time (a recurrence of the toxicity may still differ).
            #expect(neutral.state.history.last { $0.regimen == Self.regimen }?.efficacy == 1)
            let n = try #require(neutral.managements.last?.outcome.months)
            #expect(r <= n + 1e-9, "seed \(seed): \(r) with the figure, \(n) without")
        }
        #expect(compared >= 30)
        #expect(
            reducedMonths < heldMonths,
            "mean \(reducedMonths / Double(compared)) reduced vs \(heldMonths / Double(compared)) held")
    }
}
