import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// The repository's `Scoring/model.yaml`, loaded once for the simulation suites.
enum SimulationFixture {
    static let modelText: String = {
        (try? String(contentsOf: TestSupport.scoringDirectory.appendingPathComponent("model.yaml"), encoding: .utf8))
            ?? ""
    }()

    static let model: SimulationModel = {
        do {
            return try SimulationModelLoader.load(
                KnowledgeSources.File(name: "Scoring/model.yaml", text: modelText),
                knowledge: TestSupport.knowledge)
        } catch {
            fatalError("Scoring/model.yaml does not load:\n\(error)")
        }
    }()

    static let simulator = Simulator(knowledge: TestSupport.knowledge, model: model)

    /// Loads a mutated model text; the diagnostics it produces, or none.
    static func diagnostics(replacing old: String, with new: String) -> [Diagnostic] {
        guard let range = modelText.range(of: old) else {
            Issue.record("'\(old)' is not in model.yaml")
            return []
        }
        let text = modelText.replacingCharacters(in: range, with: new)
        do {
            _ = try SimulationModelLoader.load(
                KnowledgeSources.File(name: "Scoring/model.yaml", text: text),
                knowledge: TestSupport.knowledge)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// `line:column` (1-based) of `marker` in the text after replacing `old` with `new`.
    static func position(of marker: String, replacing old: String, with new: String) -> (line: Int, column: Int)? {
        guard let range = modelText.range(of: old) else { return nil }
        let text = modelText.replacingCharacters(in: range, with: new)
        let start = text.index(range.lowerBound, offsetBy: 0)
        guard let found = text.range(of: marker, range: start..<text.endIndex) else { return nil }
        let before = text[..<found.lowerBound]
        let line = before.filter { $0 == "\n" }.count + 1
        let column =
            before.distance(
                from: before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex,
                to: before.endIndex) + 1
        return (line, column)
    }
}

@Suite("Simulation model (Scoring/model.yaml)")
struct SimulationModelTests {
    @Test func loadsWithEveryAssumptionSourced() {
        let model = SimulationFixture.model
        #expect(model.assumptions.count >= 25)
        #expect(Set(model.assumptions.map(\.id)).count == model.assumptions.count)
        for assumption in model.assumptions {
            #expect(!assumption.sources.isEmpty, "\(assumption.id) cites no source")
            for source in assumption.sources {
                #expect(TestSupport.knowledge.isSource(source), "\(assumption.id) cites unknown \(source)")
            }
        }
    }

    /// Every regimen can be simulated: it has a trial arm or a proxy.
    @Test func everyRegimenHasACurve() {
        for regimen in TestSupport.knowledge.regimens {
            #expect(
                SimulationFixture.model.pfs.arms.contains { $0.regimen == regimen.id.rawValue },
                "\(regimen.id) has no PFS curve"
            )
        }
    }

    /// Calibration targets are derived from trials.yaml, not copied: each arm's curve has its
    /// published median (or 12-month PFS) exactly.
    @Test func armCurvesHitTheirPublishedFigures() throws {
        for fit in SimulationFixture.model.pfs.arms where fit.isCalibrated {
            let arm = try #require(
                TestSupport.knowledge.trial(TrialID(fit.trial))?.arms.first { $0.label == fit.armLabel })
            if let median = arm.figure("median-pfs") ?? arm.figure("median-ttp") {
                #expect(abs(fit.pfs.median - median) < 1e-9, "\(fit.trial) \(fit.regimen)")
            }
            if let twelve = arm.figure("pfs-12-month") {
                #expect(abs(fit.pfs.survival(at: 12) * 100 - twelve) < 1e-9, "\(fit.trial) \(fit.regimen)")
            }
        }
    }

    /// DESTINY-Breast12 reports both a median and a 12-month rate: its fitted shape is close to
    /// the exponential the other arms assume (the model's stated rationale).
    @Test func destinyBreast12FitsANearExponentialShape() throws {
        let fit = try #require(SimulationFixture.model.pfs.arms.first { $0.trial == "DESTINY-Breast12" })
        #expect((0.9...1.1).contains(fit.pfs.shape), "shape \(fit.pfs.shape)")
        #expect(SimulationFixture.model.pfs.arms.first { $0.trial == "EMILIA" }?.pfs.shape == 1)
    }

    @Test func proxiesStandInForRegimensWithoutArms() throws {
        let bsc = try #require(SimulationFixture.model.pfs.arms.first { $0.regimen == "best-supportive-care" })
        let th3resa = try #require(TestSupport.knowledge.trial("TH3RESA")?.arms.first { $0.regimen == nil })
        #expect(bsc.proxy == "proxy-best-supportive-care")
        #expect(abs(bsc.pfs.median - th3resa.figure("median-pfs")! / 1.5) < 1e-9)
        #expect(bsc.orr == 0)
        #expect(SimulationFixture.model.pfs.arms.first { $0.regimen == "trastuzumab-eribulin" }?.trial == "SOPHIA")
    }

    /// Susceptibilities reproduce the profile trial's any-grade rates analytically.
    @Test func toxicitySusceptibilityIsCalibratedToTheProfileTrial() throws {
        let model = SimulationFixture.model
        let tdm1 = try #require(model.toxicity.byRegimen["tdm1"])
        let emilia = try #require(model.pfs.arms.first { $0.trial == "EMILIA" && $0.regimen == "tdm1" })
        for parameters in tdm1 {
            let observed = SimulationModel.observedShare(
                onset: parameters.onset, pfs: emilia.pfs,
                followUp: model.calibration.followUpMinimum...model.calibration.followUpMaximum)
            let any = try #require(parameters.published.anyGrade)
            #expect(abs(parameters.susceptibility * observed * 100 - any) < 1e-6, "\(parameters.toxicity)")
        }
        // Borrowed rates are marked, and only for regimens with none of their own.
        let taxane = try #require(model.toxicity.byRegimen["trastuzumab-taxane"])
        #expect(taxane.map(\.toxicity).contains(.peripheralNeuropathy))
        #expect(taxane.allSatisfy { $0.borrowedVia == "taxane-toxicity-proxy" })
    }

    /// The integration behind every susceptibility is converged: 20,000 steps change no derived
    /// share by more than 1e-4 (a published 30% any-grade rate would move by under 0.01 points).
    @Test func observedShareIsConverged() throws {
        let model = SimulationFixture.model
        let followUp = model.calibration.followUpMinimum...model.calibration.followUpMaximum
        var checked = 0
        for arm in model.pfs.arms {
            for toxicity in Toxicity.allCases {
                let onset = model.toxicity.onset(of: toxicity).weibull
                let quick = SimulationModel.observedShare(onset: onset, pfs: arm.pfs, followUp: followUp)
                let fine = SimulationModel.observedShare(onset: onset, pfs: arm.pfs, followUp: followUp, steps: 20_000)
                #expect(abs(quick - fine) < 1e-4, "\(arm.trial) \(arm.regimen) \(toxicity): \(quick) vs \(fine)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    // MARK: - Diagnostics

    struct Mutation: Sendable, CustomTestStringConvertible {
        let name: String
        let old: String
        let new: String
        let marker: String
        let message: String
        var testDescription: String { name }
    }

    static let mutations: [Mutation] = [
        Mutation(
            name: "misspelt source", old: "sources: [DESTINY-Breast12, NALA]",
            new: "sources: [DESTINY-Breast12, NALAA]",
            marker: "NALAA", message: "unknown source 'NALAA' (did you mean 'NALA'?)"),
        Mutation(
            name: "misspelt key", old: "  default-shape: 1.0", new: "  default-shap: 1.0", marker: "default-shap",
            message:
                "unknown key 'default-shap' in the PFS model (did you mean 'default-shape'?); expected one of: id, basis, text, sources, default-shape"
        ),
        Mutation(
            name: "unknown regimen", old: "    tdm1: DESTINY-Breast03", new: "    tdm-1: DESTINY-Breast03",
            marker: "tdm-1",
            message: "unknown regimen 'tdm-1' (did you mean 'tdm1'?)"),
        Mutation(
            name: "alias instead of id", old: "    tdm1: DESTINY-Breast03", new: "    t-dm1: DESTINY-Breast03",
            marker: "t-dm1",
            message: "the model names regimens by canonical id: use 'tdm1' instead of the alias 't-dm1'"),
        Mutation(
            name: "trial without that arm", old: "    tdm1: DESTINY-Breast03", new: "    tdm1: HER2CLIMB",
            marker: "HER2CLIMB",
            message: "HER2CLIMB has no arm of tdm1; its arms are in DESTINY-Breast03, EMILIA, TH3RESA"),
        Mutation(
            name: "unknown toxicity", old: "      ild: {median-months: 6.2, shape: 1.6}",
            new: "      ILD: {median-months: 6.2, shape: 1.6}",
            marker: "ILD:", message: "unknown toxicity 'ILD' (did you mean 'ild'?)"),
        Mutation(
            name: "probability out of range", old: "  new-site-probability: 0.35", new: "  new-site-probability: 35",
            marker: "35", message: "new-site probability must be between 0 and 1; found 35"),
        Mutation(
            name: "unknown arm label", old: "    arm: trastuzumab + chemotherapy",
            new: "    arm: trastuzumab + chemotheraphy",
            marker: "trastuzumab + chemotheraphy",
            message:
                "SOPHIA has no arm 'trastuzumab + chemotheraphy' (did you mean 'trastuzumab + chemotherapy'?); its arms: 'margetuximab + chemotherapy', 'trastuzumab + chemotherapy'"
        ),
        Mutation(
            name: "unknown tag", old: "      regimens: {with-any: [adc, investigational]}\n      action: discontinue",
            new: "      regimens: {with-any: [acd, investigational]}\n      action: discontinue", marker: "acd",
            message:
                "no regimen has the tag 'acd' (did you mean 'adc'?); tags are agent ids, agent classes and regimen tags in regimens.yaml"
        ),
        Mutation(
            name: "unknown action", old: "      action: interrupt\n    - id: lvef-below-40",
            new: "      action: pause\n    - id: lvef-below-40",
            marker: "pause",
            message: "unknown action 'pause'; expected one of: continue, interrupt, reduce, discontinue"),
        Mutation(
            name: "duplicate assumption id", old: "  - id: tki-after-tki", new: "  - id: tdm1-after-tdxd",
            marker: "tdm1-after-tdxd",
            message: "assumption id 'tdm1-after-tdxd' is already used at Scoring/model.yaml:"),
        Mutation(
            name: "LVEF band for a grade CTCAE does not define", old: "    2: {drop: 12, lowest: 40, highest: 90}",
            new: "    1: {drop: 5, lowest: 50, highest: 90}\n    2: {drop: 12, lowest: 40, highest: 90}",
            marker: "1: {drop: 5",
            message: "an LVEF band for grade 1 is never used: lvef-decline's lowest grade is 2"),
        Mutation(
            name: "grade mix above CTCAE", old: "      alopecia: {highest-grade: 2}",
            new: "      alopecia: {highest-grade: 5}",
            marker: "5}", message: "highest grade must be between 2 and 4; found 5"),
        Mutation(
            name: "unreachable toxicity rate", old: "      diarrhea: {median-months: 0.5, shape: 1.0}",
            new: "      diarrhea: {median-months: 30, shape: 1.0}",
            marker: "{median-months: 30", message: "the any-grade rate of diarrhea on"),
    ]

    @Test(arguments: mutations)
    func mistakeGivesALocatedDiagnostic(_ mutation: Mutation) throws {
        let diagnostics = SimulationFixture.diagnostics(replacing: mutation.old, with: mutation.new)
        let first = try #require(diagnostics.first { $0.severity == .error }, "no error for \(mutation.name)")
        #expect(first.message.hasPrefix(mutation.message), "got: \(first)")
        let location = try #require(first.location, "no location: \(first)")
        #expect(location.file == "Scoring/model.yaml")
        let expected = try #require(
            SimulationFixture.position(of: mutation.marker, replacing: mutation.old, with: mutation.new))
        #expect(location.line == expected.line, "got \(location)")
        #expect(location.column == expected.column, "got \(location)")
    }

    @Test func brokenYAMLIsLocated() {
        let diagnostics = SimulationFixture.diagnostics(
            replacing: "  default-shape: 1.0", with: "  default-shape: [1.0")
        #expect(diagnostics.first?.location?.file == "Scoring/model.yaml")
        #expect(diagnostics.first?.message.hasPrefix("invalid YAML") == true)
    }

    @Test func missingFileIsReported() {
        let missing = URL(fileURLWithPath: "/nonexistent-her2sim")
        #expect(throws: DiagnosticError.self) {
            try SimulationModelLoader.load(directory: missing, displayPrefix: "x/", knowledge: TestSupport.knowledge)
        }
    }
}
