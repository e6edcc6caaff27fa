import Foundation
import Her2SimCore
import Yams

/// Decodes `Scoring/model.yaml` into a `SimulationModel`: one decoder per top-level section (each in
/// its `ModelDecoder+Section.swift` file, returning that section's type), then the values derived
/// from the trials (`ModelDecoder+ArmFitting.swift`, `ModelDecoder+ToxicityCalibration.swift`).
/// Every accessor reports and carries on, so one load reports every mistake.
final class ModelDecoder {
    /// The top-level keys, in the order the sections are decoded (and their mistakes reported).
    static let topKeys = [
        "pfs", "longest-course", "preferred-arms", "proxies", "line-of-therapy", "ecog", "brain-metastases",
        "prior-exposure", "response", "progression-sites", "brain-progression", "ecog-decline", "toxicity", "lvef",
        "dose-modifications", "rechallenge", "calibration", "holdout",
    ]
    static let assumptionKeys = ["id", "basis", "text", "sources"]

    let reader: YAMLReader
    let knowledge: Knowledge
    var assumptions: [ModelAssumption] = []
    var sectionAssumptions: [String: String] = [:]
    var assumptionIDs: [String: SourceLocation] = [:]
    /// Where the LVEF bands are written, for the check against lvef-decline's grades.
    var lvefGradesNode: Node?
    /// Where the toxicity onsets are written (the section, and each toxicity's own curve), for
    /// diagnostics about a rate the calibration cannot reach.
    var toxicityOnsetNode: Node?
    var toxicityOnsetNodes: [Toxicity: Node] = [:]
    let allTags: Set<String>
    let agentIDs: Set<String>

    init(reader: YAMLReader, knowledge: Knowledge) {
        self.reader = reader
        self.knowledge = knowledge
        allTags = knowledge.regimens.reduce(into: Set<String>()) { $0.formUnion($1.tags) }
        agentIDs = Set(knowledge.regimens.flatMap { $0.agents.map(\.id) })
    }

    func decode(_ root: Node) -> SimulationModel? {
        guard let top = reader.mapping(root, "the simulation model", allowed: Self.topKeys) else { return nil }
        top.rejectUnknownKeys()
        func section<T>(_ key: String, _ body: (Node) -> T?) -> T? { top.required(key).flatMap(body) }

        let pfs = section("pfs", self.pfs)
        let preferredArms = section("preferred-arms", self.preferredArms) ?? [:]
        let longestCourse = top["longest-course"].flatMap(self.longestCourse) ?? .init()
        let proxies = section("proxies", self.proxies) ?? []
        let lineOfTherapy = section("line-of-therapy", self.lineOfTherapy)
        let ecog = section("ecog", self.ecog) ?? .init(hazardRatios: [:])
        let brainMetastases = section("brain-metastases", self.brainMetastases) ?? .init(hazardRatios: [:])
        let priorExposure = section("prior-exposure", self.priorExposure) ?? []
        let response = section("response", self.response)
        let progressionSites = section("progression-sites", self.progressionSites)
        let brainProgression = section("brain-progression", self.brainProgression)
        let ecogDecline = section("ecog-decline", self.ecogDecline)
        let toxicity = section("toxicity", self.toxicity)
        let lvef = section("lvef", self.lvef)
        let doseModifications = section("dose-modifications", self.doseModifications)
        let calibration = section("calibration", self.calibration)
        let holdout = top["holdout"].flatMap(self.holdout) ?? .init()
        let rechallenge = top["rechallenge"].flatMap(self.rechallenge) ?? []

        guard let pfs, let lineOfTherapy, let response, let progressionSites, let brainProgression, let ecogDecline,
            let toxicity, let lvef, let doseModifications, let calibration, !reader.hasErrors
        else { return nil }
        checkLVEFBands(lvef, against: toxicity)

        var model = SimulationModel(
            assumptions: assumptions, sectionAssumptions: sectionAssumptions, pfs: pfs, longestCourse: longestCourse,
            preferredArms: preferredArms, proxies: proxies, lineOfTherapy: lineOfTherapy, ecog: ecog,
            brainMetastases: brainMetastases, priorExposure: priorExposure, response: response,
            progressionSites: progressionSites, brainProgression: brainProgression, ecogDecline: ecogDecline,
            toxicity: toxicity, lvef: lvef, doseModifications: doseModifications, rechallenge: rechallenge,
            calibration: calibration, holdout: holdout)
        model.pfs.arms = deriveArms(
            model, root: root, proxiesNode: top["proxies"], preferredNode: top["preferred-arms"],
            responseNode: top["response"])
        model.toxicity.byRegimen = deriveToxicities(model, root: root)
        return reader.hasErrors ? nil : model
    }
}
