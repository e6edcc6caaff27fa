import Foundation
import Her2SimCore
import Yams

/// `toxicity`: incidence, onsets, grade mixes, residual toxicities and toxicity proxies.
extension ModelDecoder {
    func toxicity(_ node: Node) -> SimulationModel.ToxicitySection? {
        guard
            let map = reader.mapping(
                node, "the toxicity model", allowed: ["incidence", "onset", "grades", "residual", "proxies"])
        else {
            return nil
        }
        map.rejectUnknownKeys()
        if let incidence = map.required("incidence") {
            _ = assumptionMap(incidence, "the toxicity incidence", extra: [], section: "incidence")
        }
        let onsetNode = map.required("onset")
        let onsets = onsetNode.flatMap(onset)
        let grades = map.required("grades").flatMap(gradeSection)
        let residual = map.required("residual").flatMap(residualSection)
        let proxies =
            map["proxies"].flatMap { reader.sequence($0, "the list of toxicity proxies") }?
            .compactMap(toxicityProxy) ?? []
        toxicityOnsetNode = onsetNode
        guard let onsets, let grades, let residual else { return nil }
        toxicityOnsetNodes = onsets.nodes
        return SimulationModel.ToxicitySection(
            defaultOnset: onsets.default, onsets: onsets.byToxicity, defaultGradeMix: grades.default,
            gradeMixes: grades.byToxicity, grade3ShareWhenOnlyAny: grades.grade3Share,
            anyGradePerGrade3: grades.anyPerGrade3, persistentToxicities: residual.persistent,
            improveGrades: residual.improve, furtherImprovementProbability: residual.further,
            worseningOverResidual: residual.worsening, proxies: proxies)
    }

    func onsetCurve(_ node: Node, _ what: String) -> OnsetCurve? {
        guard let map = reader.mapping(node, what, allowed: ["median-months", "shape"]) else { return nil }
        map.rejectUnknownKeys()
        let median = map.required("median-months").flatMap { reader.number($0, "median onset (months)", in: 0.01...60) }
        let shape = map.required("shape").flatMap { reader.number($0, "onset shape", in: 0.3...5) }
        guard let median, let shape else { return nil }
        return OnsetCurve(medianMonths: median, shape: shape)
    }

    func onset(_ node: Node) -> (
        default: OnsetCurve, byToxicity: [Toxicity: OnsetCurve], nodes: [Toxicity: Node]
    )? {
        guard let map = assumptionMap(node, "the toxicity onsets", extra: ["default", "toxicities"], section: "onset")
        else { return nil }
        let fallback = map.required("default").flatMap { onsetCurve($0, "the default onset curve") }
        var curves: [Toxicity: OnsetCurve] = [:]
        var nodes: [Toxicity: Node] = [:]
        if let node = map["toxicities"],
            let byToxicity = reader.mapping(
                node, "onset curves by toxicity", allowed: Toxicity.allCases.map(\.rawValue))
        {
            for entry in byToxicity.entries {
                guard let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self),
                    let curve = onsetCurve(entry.value, "the onset curve of \(entry.key)")
                else { continue }
                curves[toxicity] = curve
                nodes[toxicity] = entry.value
            }
        }
        guard let fallback else { return nil }
        return (fallback, curves, nodes)
    }

    func gradeSection(_ node: Node) -> (
        default: GradeMix, byToxicity: [Toxicity: GradeMix], grade3Share: Double, anyPerGrade3: Double
    )? {
        let extra = [
            "grade2-share", "grade4-share", "grade3-share-when-only-any-grade", "any-grade-per-grade3", "toxicities",
        ]
        guard let map = assumptionMap(node, "the grade mix", extra: extra, section: "grades") else { return nil }
        let grade2 = probability(map, "grade2-share", "grade 2 share")
        let grade4 = probability(map, "grade4-share", "grade 4 share")
        let grade3Share = probability(map, "grade3-share-when-only-any-grade", "grade >= 3 share")
        let anyPer = map.required("any-grade-per-grade3").flatMap {
            reader.number($0, "any-grade per grade >= 3", in: 1...20)
        }
        guard let grade2, let grade4 else { return nil }
        let fallback = GradeMix(grade2Share: grade2, grade4Share: grade4)
        var mixes: [Toxicity: GradeMix] = [:]
        if let node = map["toxicities"],
            let byToxicity = reader.mapping(node, "grade mixes by toxicity", allowed: Toxicity.allCases.map(\.rawValue))
        {
            for entry in byToxicity.entries {
                guard let toxicity = reader.choice(entry.keyNode, "toxicity", as: Toxicity.self),
                    let mixMap = reader.mapping(
                        entry.value, "the grade mix of \(entry.key)",
                        allowed: ["grade2-share", "grade4-share", "lowest-grade", "highest-grade"])
                else { continue }
                mixMap.rejectUnknownKeys()
                var mix = fallback
                if let value = mixMap["grade2-share"].flatMap({ reader.number($0, "grade 2 share", in: 0...1) }) {
                    mix.grade2Share = value
                }
                if let value = mixMap["grade4-share"].flatMap({ reader.number($0, "grade 4 share", in: 0...1) }) {
                    mix.grade4Share = value
                }
                if let value = mixMap["lowest-grade"].flatMap({ reader.int($0, "lowest grade", in: 1...2) }) {
                    mix.lowestGrade = value
                }
                if let value = mixMap["highest-grade"].flatMap({ reader.int($0, "highest grade", in: 2...4) }) {
                    mix.highestGrade = value
                }
                mixes[toxicity] = mix
            }
        }
        guard let grade3Share, let anyPer else { return nil }
        return (fallback, mixes, grade3Share, anyPer)
    }

    func residualSection(_ node: Node) -> (
        persistent: Set<Toxicity>, improve: Int, further: Double, worsening: Int
    )? {
        let extra = ["persistent", "improve-grades", "further-improvement-probability", "worsening-over-residual"]
        guard let map = assumptionMap(node, "the residual toxicities", extra: extra, section: "residual") else {
            return nil
        }
        let persistent = map.required("persistent").flatMap(toxicityList)
        let improve = map.required("improve-grades").flatMap { reader.int($0, "grades of improvement", in: 0...4) }
        let further = probability(map, "further-improvement-probability", "further-improvement probability")
        let worsening = map.required("worsening-over-residual").flatMap {
            reader.int($0, "worsening over residual", in: 0...4)
        }
        guard let persistent, let improve, let further, let worsening else { return nil }
        return (Set(persistent), improve, further, worsening)
    }

    func toxicityProxy(_ node: Node) -> ToxicityProxy? {
        guard let map = assumptionMap(node, "a toxicity proxy", extra: ["regimens", "like", "toxicities"]) else {
            return nil
        }
        let id = map["id"]?.scalar?.string
        let regimens =
            map.required("regimens").flatMap { reader.list($0, "a list of regimen ids") }?.compactMap(regimenID) ?? []
        let like = map.required("like").flatMap(regimenID)
        let toxicities = map.required("toxicities").flatMap(toxicityList)
        guard let id, let like, let toxicities else { return nil }
        if let likeRegimen = knowledge.regimen(named: like), let node = map["toxicities"] {
            for toxicity in toxicities where likeRegimen.toxicities.rates[toxicity] == nil {
                reader.error(
                    "\(like) has no \(toxicity.rawValue) rate to borrow; its profile has \(likeRegimen.toxicities.rates.keys.map(\.rawValue).sorted().joined(separator: ", "))",
                    at: node)
            }
        }
        for regimen in regimens {
            guard let own = knowledge.regimen(named: regimen)?.toxicities.rates, let node = map["regimens"] else {
                continue
            }
            for toxicity in toxicities where own[toxicity] != nil {
                reader.error(
                    "\(regimen) has its own \(toxicity.rawValue) rate in regimens.yaml; it cannot borrow one", at: node)
            }
        }
        return ToxicityProxy(id: id, regimens: regimens, like: like, toxicities: toxicities)
    }
}
