import Foundation
import Her2SimCore
import Yams

/// Decodes the `patient` and `history` blocks shared by state files and case scripts.
struct StateDecoder {
    static let patientKeys = [
        "age", "ecog", "hormone-receptor", "sites", "brain-metastases", "lvef", "heart-failure",
        "dpd-deficiency", "visceral-crisis", "hepatic-impairment", "toxicities", "preferences", "trial-available",
    ]
    static let historyKeys = ["regimen", "setting", "months", "response", "stopped", "toxicity", "relapse-months"]
    /// Metastatic sites a case may name (the brain has its own field); the vocabulary is Core's.
    static let sites = MetastaticSites.ids

    /// What authors write for a site instead of its id; only for the did-you-mean.
    static let siteCommonNames = MetastaticSites.commonNames

    let reader: YAMLReader
    let knowledge: Knowledge

    func patient(_ node: Node, history: [TherapyLine], anchor: Node? = nil) -> PatientState? {
        guard let map = reader.mapping(node, "the patient", allowed: Self.patientKeys, anchor: anchor) else {
            return nil
        }
        map.rejectUnknownKeys()
        let age = map.required("age").flatMap { reader.int($0, "age", in: 18...110, unit: "years") }
        let ecog = map.required("ecog").flatMap { reader.int($0, "ecog", in: 0...4) }
        let receptor = map.required("hormone-receptor").flatMap {
            reader.choice($0, "hormone-receptor", as: HormoneReceptor.self)
        }
        let lvef = map.required("lvef").flatMap { reader.int($0, "lvef", in: 5...90, unit: "percent") }
        var brainSite: Node?
        let sites = map["sites"].flatMap { self.sites($0, brainListed: &brainSite) } ?? []
        let brain =
            map["brain-metastases"].flatMap { reader.choice($0, "brain-metastases", as: BrainMetastases.self) }
            ?? BrainMetastases.none
        if let brainSite, brain == .none {
            reader.error(
                "sites lists brain but brain-metastases is none; set brain-metastases: treated-stable or active",
                at: brainSite)
        }
        let heartFailure = map["heart-failure"].flatMap { reader.bool($0, "heart-failure") } ?? false
        let dpd = map["dpd-deficiency"].flatMap(dpdDeficiency) ?? DPDDeficiency.none
        let crisis = map["visceral-crisis"].flatMap { reader.bool($0, "visceral-crisis") } ?? false
        let hepatic =
            map["hepatic-impairment"].flatMap { reader.choice($0, "hepatic-impairment", as: HepaticImpairment.self) }
            ?? HepaticImpairment.none
        let toxicities = map["toxicities"].flatMap(self.toxicities) ?? ToxicityGrades()
        let preferences = map["preferences"].flatMap(self.preferences) ?? []
        let trial = map["trial-available"].flatMap { reader.bool($0, "trial-available") } ?? false
        guard let age, let ecog, let receptor, let lvef else { return nil }
        return PatientState(
            age: age, ecog: ecog, hormoneReceptor: receptor, sites: sites, brainMetastases: brain,
            lvef: lvef, heartFailure: heartFailure, dpdDeficiency: dpd, visceralCrisis: crisis,
            hepaticImpairment: hepatic,
            toxicities: toxicities, preferences: preferences, trialAvailable: trial, history: history)
    }

    func history(_ node: Node) -> [TherapyLine]? {
        guard let items = reader.list(node, "a list of lines of therapy (oldest first) under history") else {
            return nil
        }
        let lines = items.compactMap(therapyLine)
        return lines.count == items.count ? lines : nil
    }

    func toxicities(_ node: Node) -> ToxicityGrades? {
        if case .scalar(let scalar) = node, reader.isNull(scalar) { return ToxicityGrades() }
        guard
            let map = reader.mapping(
                node, "toxicities", shape: "a mapping such as {peripheral-neuropathy: 2}",
                allowed: Toxicity.allCases.map(\.rawValue))
        else { return nil }
        var grades = ToxicityGrades()
        for entry in map.entries {
            guard let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self),
                let grade = reader.int(entry.value, "\(entry.key) grade", in: 0...4, unit: "(CTCAE)")
            else { continue }
            grades[toxicity] = grade
        }
        return grades
    }

    /// `none | partial | complete`; the version-1 booleans still load (false = none, true = complete).
    func dpdDeficiency(_ node: Node) -> DPDDeficiency? {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return .complete
            case "false", "no", "off": return DPDDeficiency.none
            default: break
            }
        }
        return reader.choice(node, "dpd-deficiency", as: DPDDeficiency.self)
    }

    /// Sites as listed; `brain` is allowed (the vignettes list it) but must agree with brain-metastases.
    private func sites(_ node: Node, brainListed: inout Node?) -> [String]? {
        guard let items = reader.list(node, "a list of metastatic sites") else { return nil }
        var result: [String] = []
        for item in items {
            guard let site = reader.string(item, "site") else { continue }
            if site == "brain" {
                result.append(site)
                brainListed = item
                continue
            }
            if Self.sites.contains(site) {
                if result.contains(site) {
                    reader.warning("site '\(site)' is listed twice", at: item)
                } else {
                    result.append(site)
                }
            } else {
                reader.error(
                    "unknown site '\(site)'\(Suggestion.hint(for: site, in: Self.sites)); expected one of: \(Self.sites.joined(separator: ", "))",
                    at: item)
            }
        }
        return result
    }

    private func preferences(_ node: Node) -> [Preference]? {
        guard let items = reader.list(node, "a list of preferences") else { return nil }
        var result: [Preference] = []
        for item in items {
            guard let preference = reader.choice(item, "preference", as: Preference.self) else { continue }
            if !result.contains(preference) { result.append(preference) }
        }
        return result
    }

    private func therapyLine(_ node: Node) -> TherapyLine? {
        guard let map = reader.mapping(node, "a history entry", allowed: Self.historyKeys) else { return nil }
        map.rejectUnknownKeys()
        let regimen = map.required("regimen").flatMap { reader.regimen($0, knowledge: knowledge) }
        let setting = map["setting"].flatMap { reader.choice($0, "setting", as: TherapySetting.self) } ?? .metastatic
        let months = map.required("months").flatMap { reader.number($0, "months", in: 0...300) }
        let response = map["response"].flatMap { reader.choice($0, "response", as: Response.self) }
        let stoppedNode = map.required("stopped")
        let stopped = stoppedNode.flatMap { reader.choice($0, "stop reason", as: StopReason.self) }
        var toxicity: (Toxicity, Int)?
        if let toxicityNode = map["toxicity"] {
            if let grades = self.toxicities(toxicityNode) {
                let present = grades.present
                if present.count != 1 {
                    reader.error(
                        "toxicity names the one toxicity that stopped the regimen, e.g. {ild: 2}", at: toxicityNode)
                } else {
                    toxicity = (present[0].toxicity, present[0].grade)
                }
            }
            if let stopped, stopped != .toxicity {
                reader.error(
                    "toxicity is given but stopped is '\(stopped.rawValue)'; use stopped: toxicity or remove toxicity",
                    at: toxicityNode)
            }
        } else if stopped == .toxicity, let stoppedNode {
            reader.error("stopped: toxicity needs a toxicity with its grade, e.g. toxicity: {ild: 2}", at: stoppedNode)
        }
        let relapseNode = map["relapse-months"]
        let relapse = relapseNode.flatMap { reader.number($0, "relapse-months", in: 0...360) }
        if setting == .early, relapseNode == nil {
            reader.error("an early-setting entry needs relapse-months (months from its end to relapse)", at: node)
        }
        if setting == .metastatic, let relapseNode {
            reader.error("relapse-months applies only to setting: early", at: relapseNode)
        }
        guard let regimen, let months, let stopped else { return nil }
        return TherapyLine(
            regimen: regimen, setting: setting, months: months, response: response,
            stopped: stopped, toxicity: toxicity, relapseMonths: relapse)
    }
}
