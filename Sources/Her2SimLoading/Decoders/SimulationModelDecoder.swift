import Foundation
import Her2SimCore
import Yams

/// Decodes the model file section by section; every accessor reports and carries on.
final class ModelDecoder {
    static let topKeys = [
        "pfs", "longest-course", "preferred-arms", "proxies", "line-of-therapy", "ecog", "brain-metastases",
        "prior-exposure", "response", "progression-sites", "brain-progression", "ecog-decline", "toxicity", "lvef",
        "dose-modifications", "rechallenge", "calibration", "holdout",
    ]
    static let assumptionKeys = ["id", "basis", "text", "sources"]

    let reader: YAMLReader
    let knowledge: Knowledge
    private var assumptions: [ModelAssumption] = []
    private var sectionAssumptions: [String: String] = [:]
    private var assumptionIDs: [String: SourceLocation] = [:]
    /// Where the LVEF bands are written, for the check against lvef-decline's grades.
    private var lvefGradesNode: Node?
    private let allTags: Set<String>
    private let agentIDs: Set<String>

    init(reader: YAMLReader, knowledge: Knowledge) {
        self.reader = reader
        self.knowledge = knowledge
        allTags = knowledge.regimens.reduce(into: Set<String>()) { $0.formUnion($1.tags) }
        agentIDs = Set(knowledge.regimens.flatMap { $0.agents.map(\.id) })
    }

    // MARK: - Top level

    func decode(_ root: Node) -> SimulationModel? {
        guard let top = reader.mapping(root, "the simulation model", allowed: Self.topKeys) else { return nil }
        top.rejectUnknownKeys()
        func section<T>(_ key: String, _ body: (Node) -> T?) -> T? { top.required(key).flatMap(body) }

        let defaultShape = section("pfs") { node -> Double? in
            guard let map = assumptionMap(node, "the PFS model", extra: ["default-shape"], section: "pfs") else {
                return nil
            }
            return map.required("default-shape").flatMap { reader.number($0, "default shape", in: 0.2...5) }
        }
        let preferred = section("preferred-arms", preferredArms) ?? [:]
        let longest = top["longest-course"].flatMap { node -> Double? in
            guard let map = assumptionMap(node, "the longest course", extra: ["months"], section: "longest-course")
            else {
                return nil
            }
            return map.required("months").flatMap { reader.number($0, "longest course (months)", in: 12...600) }
        }
        let proxiesNode = top["proxies"]
        let proxies =
            section("proxies") { node in reader.sequence(node, "the list of PFS proxies").map { $0.compactMap(proxy) } }
            ?? []
        let line = section("line-of-therapy", lineOfTherapy)
        let ecog = section("ecog", ecogRatios) ?? [:]
        let brain = section("brain-metastases", brainRatios) ?? [:]
        let prior =
            section("prior-exposure") { node in
                reader.sequence(node, "the list of prior-exposure effects").map { $0.compactMap(priorExposure) }
            } ?? []
        let response = section("response", response)
        let sites = section("progression-sites", progressionSites)
        let brainProgression = section("brain-progression", brainProgression)
        let ecogDecline = section("ecog-decline", ecogDecline)
        let toxicity = section("toxicity", toxicitySection)
        let lvef = section("lvef", lvefBands)
        let dose = section("dose-modifications", doseModifications)
        let followUp = section("calibration", calibration)
        let samePatients = top["holdout"].flatMap(holdout) ?? [:]
        let rechallenges =
            top["rechallenge"].flatMap { node in
                reader.sequence(node, "the list of rechallenge risks").map { $0.compactMap(rechallenge) }
            } ?? []

        guard let defaultShape, let line, let response, let sites, let brainProgression, let ecogDecline,
            let toxicity, let lvef, let dose, let followUp, !reader.hasErrors
        else { return nil }
        let lowestLVEFGrade = (toxicity.mixes[.lvefDecline] ?? toxicity.defaultMix).lowestGrade
        if let gradesNode = lvefGradesNode {
            if lowestLVEFGrade >= 2, lvef[1] != nil {
                reader.error(
                    "an LVEF band for grade 1 is never used: lvef-decline's lowest grade is \(lowestLVEFGrade) (toxicity grades)",
                    at: gradesNode)
            } else if lowestLVEFGrade == 1, lvef[1] == nil {
                reader.error("LVEF bands are missing for grade 1", at: gradesNode)
            }
        }

        var model = SimulationModel(
            assumptions: assumptions, sectionAssumptions: sectionAssumptions,
            pfs: .init(defaultShape: defaultShape), longestCourse: .init(months: longest ?? .infinity),
            preferredArms: preferred, proxies: proxies,
            lineOfTherapy: .init(
                hazardRatioPerLine: line.ratio, mostLinesEarlier: line.earlier, mostLinesLater: line.later),
            ecog: .init(hazardRatios: ecog), brainMetastases: .init(hazardRatios: brain), priorExposure: prior,
            response: .init(
                pfsCorrelation: response.correlation, completeShare: response.completeShare,
                firstRestagingMonths: response.firstRestaging, defaultORR: response.defaultORR),
            progressionSites: .init(newSiteProbability: sites.probability, siteWeights: sites.weights),
            brainProgression: .init(
                newBrainMetastases: brainProgression.new, stableToActive: brainProgression.stableToActive,
                cnsActiveAgents: brainProgression.agents, cnsActiveFactor: brainProgression.factor),
            ecogDecline: .init(
                atProgression: ecogDecline.atProgression, onSupportiveCare: ecogDecline.onSupportiveCare,
                supportiveCare: ecogDecline.regimens),
            toxicity: .init(
                defaultOnset: toxicity.defaultOnset, onsets: toxicity.onsets, defaultGradeMix: toxicity.defaultMix,
                gradeMixes: toxicity.mixes, grade3ShareWhenOnlyAny: toxicity.grade3ShareWhenOnlyAny,
                anyGradePerGrade3: toxicity.anyPerGrade3, persistentToxicities: toxicity.persistent,
                improveGrades: toxicity.improveGrades, furtherImprovementProbability: toxicity.furtherImprovement,
                worseningOverResidual: toxicity.worsening, proxies: toxicity.proxies.map(\.proxy)),
            lvef: .init(bands: lvef),
            doseModifications: .init(
                maximumReductions: dose.maximumReductions, rules: dose.rules,
                progressionFirstWithinMonths: dose.progressionWithin),
            rechallenge: rechallenges,
            calibration: .init(followUpMinimum: followUp.lowerBound, followUpMaximum: followUp.upperBound),
            holdout: .init(samePatients: samePatients))
        model.pfs.arms = deriveArms(
            model, root: root, proxiesNode: proxiesNode, preferredNode: top["preferred-arms"],
            responseNode: top["response"])
        model.toxicity.byRegimen = deriveToxicities(
            model, root: root, onsetNodes: toxicity.onsetNodes,
            onsetNode: toxicity.onsetNode, proxies: toxicity.proxies)
        return reader.hasErrors ? nil : model
    }

    // MARK: - Assumptions

    /// A mapping that is also an assumption (id, basis, text, sources) plus `extra` keys.
    private func assumptionMap(_ node: Node, _ what: String, extra: [String], section: String? = nil) -> MappingReader?
    {
        guard let map = reader.mapping(node, what, allowed: Self.assumptionKeys + extra) else { return nil }
        map.rejectUnknownKeys()
        if let assumption = assumption(map), let section { sectionAssumptions[section] = assumption.id }
        return map
    }

    @discardableResult
    private func assumption(_ map: MappingReader) -> ModelAssumption? {
        var id: String?
        if let node = map.required("id"), let text = reader.string(node, "assumption id") {
            if let first = assumptionIDs[text] {
                reader.error("assumption id '\(text)' is already used at \(first)", at: node)
            } else {
                assumptionIDs[text] = reader.location(of: node)
                id = text
            }
        }
        let basis = map.required("basis").flatMap { reader.choice($0, "basis", as: AssumptionBasis.self) }
        let text = map.required("text").flatMap { reader.string($0, "assumption text") }
        var sources: [String] = []
        if let node = map.required("sources"), let items = reader.list(node, "a list of sources") {
            sources = items.compactMap { item in
                reader.identifier(
                    item, "source", resolve: { self.knowledge.isSource($0) ? $0 : nil },
                    candidates: { self.knowledge.sourceIDs })
            }
            if items.isEmpty { reader.error("an assumption must cite at least one source", at: node) }
        }
        guard let id, let basis, let text else { return nil }
        let assumption = ModelAssumption(id: id, basis: basis, text: text, sources: sources)
        assumptions.append(assumption)
        return assumption
    }

    // MARK: - Identifiers

    private func regimenID(_ node: Node) -> String? {
        guard let name = reader.string(node, "regimen id") else { return nil }
        guard let canonical = knowledge.canonicalRegimenID(name) else {
            reader.error("unknown regimen '\(name)'\(Suggestion.hint(for: name, in: knowledge.regimenIDs))", at: node)
            return nil
        }
        if canonical != name {
            reader.error(
                "the model names regimens by canonical id: use '\(canonical)' instead of the alias '\(name)'", at: node)
            return nil
        }
        return canonical
    }

    private func trialID(_ node: Node) -> String? {
        reader.identifier(
            node, "trial", resolve: { self.knowledge.trial($0)?.id },
            candidates: { self.knowledge.trials.map(\.id) })
    }

    private func toxicityList(_ node: Node) -> [Toxicity]? {
        guard let items = reader.list(node, "a list of toxicities") else { return nil }
        let values = items.compactMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        return values.count == items.count ? values : nil
    }

    private func probability(_ map: MappingReader, _ key: String, _ what: String) -> Double? {
        map.required(key).flatMap { reader.number($0, what, in: 0...1) }
    }

    private func hazardRatio(_ node: Node) -> Double? {
        reader.number(node, "hazard ratio", in: 0.1...10)
    }

    /// `{ids: […], with-any: […], except: […]}` → a regimen set.
    private func selector(_ node: Node) -> RegimenSelector? {
        guard
            let map = reader.mapping(node, "regimens (ids, with-any, except)", allowed: ["ids", "with-any", "except"])
        else {
            return nil
        }
        map.rejectUnknownKeys()
        var set = RegimenSet()
        if let idsNode = map["ids"], let items = reader.list(idsNode, "a list of regimen ids") {
            for item in items {
                if let id = regimenID(item), let index = knowledge.regimenIndex(named: id) { set.insert(index) }
            }
        }
        if let tagsNode = map["with-any"], let items = reader.list(tagsNode, "a list of tags") {
            for item in items {
                guard let tag = reader.string(item, "tag") else { continue }
                guard allTags.contains(tag) else {
                    reader.error(
                        "no regimen has the tag '\(tag)'\(Suggestion.hint(for: tag, in: allTags)); tags are agent ids, agent classes and regimen tags in regimens.yaml",
                        at: item)
                    continue
                }
                for (index, regimen) in knowledge.regimens.enumerated() where regimen.has(tag) { set.insert(index) }
            }
        }
        if map["ids"] == nil, map["with-any"] == nil {
            reader.error("regimens select nothing: give ids or with-any", at: node)
            return nil
        }
        if let exceptNode = map["except"], let items = reader.list(exceptNode, "a list of regimen ids") {
            for item in items {
                if let id = regimenID(item), let index = knowledge.regimenIndex(named: id) {
                    set = set.subtracting(RegimenSet(bits: 1 << UInt64(index)))
                }
            }
        }
        return RegimenSelector(regimens: set)
    }

    // MARK: - PFS sections

    private func preferredArms(_ node: Node) -> [String: String]? {
        guard let map = assumptionMap(node, "the preferred arms", extra: ["arms"], section: "preferred-arms") else {
            return nil
        }
        guard let armsNode = map.required("arms"),
            let arms = reader.mapping(armsNode, "preferred arms (regimen: trial)", allowed: [])
        else { return nil }
        var result: [String: String] = [:]
        for entry in arms.entries {
            guard let regimen = regimenID(entry.keyNode), let trial = trialID(entry.value) else { continue }
            if knowledge.trial(trial)?.arms.contains(where: { $0.regimen == regimen }) != true {
                let trials = knowledge.trials.filter { $0.arms.contains { $0.regimen == regimen } }.map(\.id)
                reader.error(
                    "\(trial) has no arm of \(regimen); its arms are in \(trials.isEmpty ? "no trial" : trials.joined(separator: ", "))",
                    at: entry.value)
                continue
            }
            result[regimen] = trial
        }
        return result
    }

    private func proxy(_ node: Node) -> PFSProxy? {
        guard let map = assumptionMap(node, "a PFS proxy", extra: ["regimens", "trial", "arm", "hazard-ratio"]) else {
            return nil
        }
        let id = map["id"]?.scalar?.string
        let regimens =
            map.required("regimens").flatMap { reader.list($0, "a list of regimen ids") }?.compactMap(regimenID) ?? []
        let trial = map.required("trial").flatMap(trialID)
        var label: String?
        if let armNode = map.required("arm"), let text = reader.string(armNode, "arm label"), let trial,
            let arms = knowledge.trial(trial)?.arms
        {
            if arms.contains(where: { $0.label == text }) {
                label = text
            } else {
                reader.error(
                    "\(trial) has no arm '\(text)'\(Suggestion.hint(for: text, in: arms.map(\.label))); its arms: \(arms.map { "'\($0.label)'" }.joined(separator: ", "))",
                    at: armNode)
            }
        }
        let ratio = map.required("hazard-ratio").flatMap(hazardRatio)
        guard let id, let trial, let label, let ratio else { return nil }
        return PFSProxy(id: id, regimens: regimens, trial: trial, armLabel: label, hazardRatio: ratio)
    }

    private func lineOfTherapy(_ node: Node) -> (ratio: Double, earlier: Int, later: Int)? {
        guard
            let map = assumptionMap(
                node, "the line-of-therapy effect",
                extra: ["hazard-ratio-per-line", "most-lines-earlier", "most-lines-later"], section: "line-of-therapy")
        else { return nil }
        let ratio = map.required("hazard-ratio-per-line").flatMap {
            reader.number($0, "hazard ratio per line", in: 1...3)
        }
        let earlier = map.required("most-lines-earlier").flatMap { reader.int($0, "most lines earlier", in: 0...5) }
        let later = map.required("most-lines-later").flatMap { reader.int($0, "most lines later", in: 0...10) }
        guard let ratio, let earlier, let later else { return nil }
        return (ratio, earlier, later)
    }

    private func ecogRatios(_ node: Node) -> [Int: Double]? {
        guard let map = assumptionMap(node, "the ECOG effect", extra: ["hazard-ratio"], section: "ecog") else {
            return nil
        }
        guard let ratiosNode = map.required("hazard-ratio"),
            let ratios = reader.mapping(ratiosNode, "hazard ratios by ECOG (2, 3, 4)", allowed: [])
        else { return nil }
        var result: [Int: Double] = [:]
        for entry in ratios.entries {
            guard let ecog = reader.int(entry.keyNode, "ECOG", in: 0...4), let ratio = hazardRatio(entry.value) else {
                continue
            }
            result[ecog] = ratio
        }
        return result
    }

    private func brainRatios(_ node: Node) -> [BrainMetastases: Double]? {
        guard
            let map = assumptionMap(
                node, "the brain-metastases effect", extra: ["hazard-ratio"], section: "brain-metastases")
        else { return nil }
        guard let ratiosNode = map.required("hazard-ratio"),
            let ratios = reader.mapping(ratiosNode, "hazard ratios by brain-metastases status", allowed: [])
        else { return nil }
        var result: [BrainMetastases: Double] = [:]
        for entry in ratios.entries {
            guard let status = reader.choice(entry.keyNode, "brain-metastases status", as: BrainMetastases.self),
                let ratio = hazardRatio(entry.value)
            else { continue }
            result[status] = ratio
        }
        return result
    }

    private func priorExposure(_ node: Node) -> PriorExposureEffect? {
        guard
            let map = assumptionMap(
                node, "a prior-exposure effect",
                extra: ["same-regimen", "regimens", "after-progression-on", "hazard-ratio"])
        else { return nil }
        let id = map["id"]?.scalar?.string
        let same = map["same-regimen"].flatMap { reader.bool($0, "same-regimen") } ?? false
        let regimens = map["regimens"].flatMap(selector)
        let after = map["after-progression-on"].flatMap(selector)
        let ratio = map.required("hazard-ratio").flatMap(hazardRatio)
        if !same, map["regimens"] == nil || map["after-progression-on"] == nil {
            reader.error(
                "a prior-exposure effect needs 'same-regimen: true' or both 'regimens' and 'after-progression-on'",
                at: node)
            return nil
        }
        guard let id, let ratio else { return nil }
        return PriorExposureEffect(
            id: id, sameRegimen: same, regimens: regimens ?? .all,
            afterProgressionOn: after ?? .all, hazardRatio: ratio)
    }

    /// `{id, basis, text, sources, regimens, after: {toxicity, grade-at-least, on}, recurrence,
    /// onset-median-months, grades: {2: share, …}}`.
    private func rechallenge(_ node: Node) -> RechallengeRisk? {
        guard
            let map = assumptionMap(
                node, "a rechallenge risk",
                extra: ["regimens", "after", "recurrence", "onset-median-months", "grades"])
        else {
            return nil
        }
        let id = map["id"]?.scalar?.string
        let regimens = map.required("regimens").flatMap(selector)
        var toxicity: Toxicity?
        var grade: Int?
        var on: RegimenSelector?
        if let afterNode = map.required("after"),
            let after = reader.mapping(
                afterNode, "what ended the drug (toxicity, grade-at-least, on)",
                allowed: ["toxicity", "grade-at-least", "on"])
        {
            after.rejectUnknownKeys()
            toxicity = after.required("toxicity").flatMap { reader.choice($0, "toxicity", as: Toxicity.self) }
            grade = after.required("grade-at-least").flatMap { reader.int($0, "grade", in: 1...4) }
            on = after.required("on").flatMap(selector)
        }
        let recurrence = probability(map, "recurrence", "recurrence probability")
        let median = map.required("onset-median-months").flatMap {
            reader.number($0, "onset median (months)", in: 0.01...60)
        }
        var grades: [(grade: Int, share: Double)] = []
        if let gradesNode = map.required("grades"),
            let entries = reader.mapping(gradesNode, "grades of the recurrence (grade: share)", allowed: [])
        {
            for entry in entries.entries {
                guard let value = reader.int(entry.keyNode, "grade", in: 1...5),
                    let share = reader.number(entry.value, "share", in: 0...1)
                else { continue }
                grades.append((value, share))
            }
            let total = grades.reduce(0) { $0 + $1.share }
            if abs(total - 1) > 1e-6 {
                reader.error("the grades of a recurrence must add up to 1 (they add up to \(total))", at: gradesNode)
                return nil
            }
        }
        guard let id, let regimens, let toxicity, let grade, let on, let recurrence, let median, !grades.isEmpty else {
            return nil
        }
        return RechallengeRisk(
            id: id, regimens: regimens, toxicity: toxicity, gradeAtLeast: grade, on: on,
            recurrence: recurrence, onset: OnsetCurve(medianMonths: median, shape: 1),
            grades: grades)
    }

    // MARK: - Response and progression

    private func response(_ node: Node) -> (
        correlation: Double, completeShare: Double, firstRestaging: Double, defaultORR: Double
    )? {
        guard
            let map = assumptionMap(
                node, "the response model",
                extra: ["pfs-correlation", "complete-share", "first-restaging-months", "default-orr"],
                section: "response")
        else { return nil }
        let correlation = probability(map, "pfs-correlation", "PFS correlation")
        let complete = probability(map, "complete-share", "complete-response share")
        let restaging = map.required("first-restaging-months").flatMap {
            reader.number($0, "first restaging (months)", in: 0.25...6)
        }
        let orr = map.required("default-orr").flatMap { reader.number($0, "default ORR (percent)", in: 0...100) }
        guard let correlation, let complete, let restaging, let orr else { return nil }
        return (correlation, complete, restaging, orr)
    }

    private func progressionSites(_ node: Node) -> (probability: Double, weights: [(site: String, weight: Double)])? {
        guard
            let map = assumptionMap(
                node, "the progression sites", extra: ["new-site-probability", "sites"], section: "progression-sites")
        else { return nil }
        let probability = probability(map, "new-site-probability", "new-site probability")
        var weights: [(site: String, weight: Double)] = []
        if let sitesNode = map.required("sites"),
            let sites = reader.mapping(sitesNode, "site weights (site: weight)", allowed: [])
        {
            for entry in sites.entries {
                guard StateDecoder.sites.contains(entry.key), entry.key != "brain" else {
                    let candidates = StateDecoder.sites.filter { $0 != "brain" }
                    let extra =
                        entry.key == "brain"
                        ? "; the brain has its own assumption (brain-progression)"
                        : Suggestion.hint(for: entry.key, in: candidates)
                    reader.error("unknown site '\(entry.key)'\(extra)", at: entry.keyNode)
                    continue
                }
                if let weight = reader.number(entry.value, "site weight", in: 0...100) {
                    weights.append((entry.key, weight))
                }
            }
            if sites.entries.isEmpty { reader.error("give at least one site", at: sitesNode) }
        }
        guard let probability else { return nil }
        return (probability, weights)
    }

    private func brainProgression(_ node: Node) -> (
        new: Double, stableToActive: Double, agents: Set<String>, factor: Double
    )? {
        guard
            let map = assumptionMap(
                node, "the brain progression",
                extra: ["new", "stable-to-active", "cns-active-agents", "cns-active-factor"],
                section: "brain-progression")
        else { return nil }
        let new = probability(map, "new", "new brain metastases probability")
        let stable = probability(map, "stable-to-active", "stable-to-active probability")
        var agents: Set<String> = []
        if let agentsNode = map.required("cns-active-agents"),
            let items = reader.list(agentsNode, "a list of agent ids")
        {
            for item in items {
                guard let agent = reader.string(item, "agent id") else { continue }
                if agentIDs.contains(agent) {
                    agents.insert(agent)
                } else {
                    reader.error("unknown agent '\(agent)'\(Suggestion.hint(for: agent, in: agentIDs))", at: item)
                }
            }
        }
        let factor = probability(map, "cns-active-factor", "CNS-active factor")
        guard let new, let stable, let factor else { return nil }
        return (new, stable, agents, factor)
    }

    private func ecogDecline(_ node: Node) -> (atProgression: Double, onSupportiveCare: Double, regimens: Set<String>)?
    {
        guard
            let map = assumptionMap(
                node, "the ECOG decline",
                extra: ["at-progression", "on-supportive-care", "supportive-care"], section: "ecog-decline")
        else { return nil }
        let at = probability(map, "at-progression", "probability at progression")
        let onCare = probability(map, "on-supportive-care", "probability on supportive care")
        let regimens =
            map.required("supportive-care")
            .flatMap { reader.list($0, "a list of regimen ids") }?.compactMap(regimenID) ?? []
        guard let at, let onCare else { return nil }
        return (at, onCare, Set(regimens))
    }

    // MARK: - Toxicity

    struct ToxicitySection {
        var defaultOnset: OnsetCurve
        var onsets: [Toxicity: OnsetCurve]
        var onsetNode: Node?
        /// Where each toxicity's onset curve is written, for diagnostics about it.
        var onsetNodes: [Toxicity: Node]
        var defaultMix: GradeMix
        var mixes: [Toxicity: GradeMix]
        var grade3ShareWhenOnlyAny: Double
        var anyPerGrade3: Double
        var persistent: Set<Toxicity>
        var improveGrades: Int
        var furtherImprovement: Double
        var worsening: Int
        var proxies: [(proxy: ToxicityProxy, node: Node)]
    }

    private func toxicitySection(_ node: Node) -> ToxicitySection? {
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
            .compactMap { item in toxicityProxy(item).map { ($0, item) } } ?? []
        guard let onsets, let grades, let residual else { return nil }
        return ToxicitySection(
            defaultOnset: onsets.default, onsets: onsets.byToxicity, onsetNode: onsetNode, onsetNodes: onsets.nodes,
            defaultMix: grades.default, mixes: grades.byToxicity, grade3ShareWhenOnlyAny: grades.grade3Share,
            anyPerGrade3: grades.anyPerGrade3, persistent: residual.persistent, improveGrades: residual.improve,
            furtherImprovement: residual.further, worsening: residual.worsening, proxies: proxies)
    }

    private func onsetCurve(_ node: Node, _ what: String) -> OnsetCurve? {
        guard let map = reader.mapping(node, what, allowed: ["median-months", "shape"]) else { return nil }
        map.rejectUnknownKeys()
        let median = map.required("median-months").flatMap { reader.number($0, "median onset (months)", in: 0.01...60) }
        let shape = map.required("shape").flatMap { reader.number($0, "onset shape", in: 0.3...5) }
        guard let median, let shape else { return nil }
        return OnsetCurve(medianMonths: median, shape: shape)
    }

    private func onset(_ node: Node) -> (
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

    private func gradeSection(_ node: Node) -> (
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

    private func residualSection(_ node: Node) -> (
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

    private func toxicityProxy(_ node: Node) -> ToxicityProxy? {
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

    // MARK: - LVEF, doses, calibration

    private func lvefBands(_ node: Node) -> [Int: LVEFBand]? {
        guard let map = assumptionMap(node, "the LVEF model", extra: ["grades"], section: "lvef") else { return nil }
        guard let gradesNode = map.required("grades"),
            let grades = reader.mapping(gradesNode, "LVEF bands by grade (1–4)", allowed: [])
        else { return nil }
        lvefGradesNode = gradesNode
        var bands: [Int: LVEFBand] = [:]
        for entry in grades.entries {
            guard let grade = reader.int(entry.keyNode, "grade", in: 1...4),
                let band = reader.mapping(
                    entry.value, "the LVEF band of grade \(grade)", allowed: ["drop", "lowest", "highest"])
            else { continue }
            band.rejectUnknownKeys()
            let drop = band.required("drop").flatMap { reader.int($0, "drop (points)", in: 0...80) }
            let lowest = band.required("lowest").flatMap { reader.int($0, "lowest LVEF", in: 0...90, unit: "percent") }
            let highest = band.required("highest").flatMap {
                reader.int($0, "highest LVEF", in: 0...90, unit: "percent")
            }
            guard let drop, let lowest, let highest else { continue }
            if lowest > highest {
                reader.error("lowest (\(lowest)) is above highest (\(highest))", at: entry.value)
                continue
            }
            bands[grade] = LVEFBand(drop: drop, lowest: lowest, highest: highest)
        }
        // Grade 1 is checked against lvef-decline's lowest grade once the grade mixes are read.
        let missing = (2...4).filter { bands[$0] == nil }
        if !missing.isEmpty, !reader.hasErrors {
            reader.error(
                "LVEF bands are missing for grade \(missing.map(String.init).joined(separator: ", "))", at: gradesNode)
        }
        return bands
    }

    private func doseModifications(_ node: Node)
        -> (maximumReductions: Int, rules: [DoseRule], progressionWithin: Double)?
    {
        let keys = ["levels", "rules", "progression-first"]
        guard let map = reader.mapping(node, "the dose modifications", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        // Optional: without it a toxicity stop is never re-read as progression.
        let progressionWithin =
            map["progression-first"].flatMap { node -> Double? in
                guard
                    let first = assumptionMap(
                        node, "progression over a toxicity stop", extra: ["within-months"],
                        section: "progression-first")
                else { return nil }
                return first.required("within-months").flatMap { reader.number($0, "months", in: 0...3) }
            } ?? 0
        let reductions = map.required("levels").flatMap { levelsNode -> Int? in
            guard
                let levels = assumptionMap(
                    levelsNode, "the dose levels", extra: ["maximum-reductions"], section: "dose-levels")
            else { return nil }
            return levels.required("maximum-reductions").flatMap { reader.int($0, "maximum reductions", in: 0...5) }
        }
        let rules =
            map.required("rules").flatMap { reader.sequence($0, "the list of dose-modification rules") }?
            .compactMap(doseRule) ?? []
        guard let reductions else { return nil }
        return (reductions, rules, progressionWithin)
    }

    private func doseRule(_ node: Node) -> DoseRule? {
        let extra = ["toxicities", "grade-at-least", "lvef-below", "regimens", "action", "agent"]
        guard let map = assumptionMap(node, "a dose-modification rule", extra: extra) else { return nil }
        let id = map["id"]?.scalar?.string
        let toxicities = map["toxicities"].flatMap(toxicityList)
        let grade = map["grade-at-least"].flatMap { reader.int($0, "grade", in: 1...4) }
        let lvef = map["lvef-below"].flatMap { reader.int($0, "LVEF threshold", in: 5...90, unit: "percent") }
        let regimens = map["regimens"].flatMap(selector) ?? .all
        let action = map.required("action").flatMap { reader.choice($0, "action", as: DoseAction.self) }
        if map["lvef-below"] != nil, map["toxicities"] != nil || map["grade-at-least"] != nil {
            reader.error("a rule on 'lvef-below' takes no 'toxicities' or 'grade-at-least'", at: node)
            return nil
        }
        if map["lvef-below"] == nil, map["grade-at-least"] == nil {
            reader.error(
                "a dose-modification rule needs 'grade-at-least' (optionally with 'toxicities') or 'lvef-below'",
                at: node)
            return nil
        }
        var agent: String?
        if let node = map["agent"], let name = reader.string(node, "agent id") {
            if agentIDs.contains(name) {
                agent = name
            } else {
                reader.error("unknown agent '\(name)'\(Suggestion.hint(for: name, in: agentIDs))", at: node)
            }
        }
        guard let id, let action else { return nil }
        return DoseRule(
            id: id, toxicities: toxicities.map(Set.init), gradeAtLeast: grade ?? 1, lvefBelow: lvef,
            regimens: regimens, action: action, agent: agent)
    }

    /// The leave-one-trial-out check: which trials report the same patients as another.
    private func holdout(_ node: Node) -> [String: String]? {
        guard
            let map = assumptionMap(node, "the leave-one-trial-out check", extra: ["same-patients"], section: "holdout")
        else {
            return nil
        }
        guard let pairsNode = map["same-patients"],
            let pairs = reader.mapping(pairsNode, "same patients (subgroup trial: trial)", allowed: [])
        else { return [:] }
        var result: [String: String] = [:]
        for entry in pairs.entries {
            guard let subgroup = trialID(entry.keyNode), let trial = trialID(entry.value) else { continue }
            if subgroup == trial {
                reader.error("\(subgroup) cannot report its own patients again", at: entry.value)
                continue
            }
            result[subgroup] = trial
        }
        return result
    }

    private func calibration(_ node: Node) -> ClosedRange<Double>? {
        guard
            let map = assumptionMap(
                node, "the calibration follow-up", extra: ["follow-up-months"], section: "calibration")
        else { return nil }
        guard let followNode = map.required("follow-up-months"),
            let follow = reader.mapping(
                followNode, "follow-up months (minimum, maximum)", allowed: ["minimum", "maximum"])
        else { return nil }
        follow.rejectUnknownKeys()
        let minimum = follow.required("minimum").flatMap {
            reader.number($0, "minimum follow-up (months)", in: 1...240)
        }
        let maximum = follow.required("maximum").flatMap {
            reader.number($0, "maximum follow-up (months)", in: 1...240)
        }
        guard let minimum, let maximum else { return nil }
        guard minimum <= maximum else {
            reader.error("minimum follow-up (\(minimum)) is above the maximum (\(maximum))", at: followNode)
            return nil
        }
        return minimum...maximum
    }

    // MARK: - Derivation from the trials

    /// One PFS curve per trial arm mapped to a regimen, then one per proxied regimen.
    private func deriveArms(
        _ model: SimulationModel, root: Node, proxiesNode: Node?, preferredNode: Node?,
        responseNode: Node?
    ) -> [ArmFit] {
        var fits: [ArmFit] = []
        for trial in knowledge.trials {
            for arm in trial.arms {
                guard let regimen = arm.regimen else { continue }
                guard var fit = fitArm(arm, of: trial, shape: model.pfs.defaultShape, at: root) else { continue }
                fit.regimen = regimen
                fits.append(fit)
            }
        }
        // ORR: the arm's own, else the regimen's in the nearest-line trial that reports one.
        for index in fits.indices {
            let fit = fits[index]
            let trial = knowledge.trial(fit.trial)
            if let orr = trial?.arms.first(where: { $0.label == fit.armLabel })?.figure("orr") {
                fits[index].orr = orr / 100
                fits[index].orrSource = "arm"
                continue
            }
            let others = fits.filter { $0.regimen == fit.regimen && $0.trial != fit.trial }
                .compactMap { other -> (ArmFit, Double)? in
                    guard
                        let orr = knowledge.trial(other.trial)?.arms.first(where: { $0.label == other.armLabel })?
                            .figure("orr")
                    else {
                        return nil
                    }
                    return (other, orr)
                }
                .min { abs($0.0.line - fit.line) < abs($1.0.line - fit.line) }
            if let (other, orr) = others {
                fits[index].orr = orr / 100
                fits[index].orrSource = other.trial
            } else {
                fits[index].orr = model.response.defaultORR / 100
                fits[index].orrSource = "default"
            }
        }
        for proxy in model.proxies {
            guard let trial = knowledge.trial(proxy.trial),
                let arm = trial.arms.first(where: { $0.label == proxy.armLabel }),
                var fit = fitArm(arm, of: trial, shape: model.pfs.defaultShape, at: proxiesNode ?? root)
            else { continue }
            fit.pfs = fit.pfs.scalingHazard(by: proxy.hazardRatio)
            fit.proxy = proxy.id
            fit.orr = (arm.figure("orr") ?? model.response.defaultORR) / 100
            fit.orrSource = arm.figure("orr") == nil ? "default" : "arm"
            for regimen in proxy.regimens {
                var copy = fit
                copy.regimen = regimen
                if model.ecogDecline.supportiveCare.contains(regimen) {
                    copy.orr = 0
                    copy.orrSource = "supportive care"
                }
                if fits.contains(where: { $0.regimen == regimen && $0.proxy == nil }) {
                    reader.error("\(regimen) has its own trial arm; it needs no proxy", at: proxiesNode ?? root)
                }
                fits.append(copy)
            }
        }
        for regimen in knowledge.regimens where !fits.contains(where: { $0.regimen == regimen.id }) {
            reader.error(
                "regimen '\(regimen.id)' has no trial arm in trials.yaml and no PFS proxy here; add it to a proxy's regimens",
                at: proxiesNode ?? root)
        }
        // Every arm's ORR must be reachable given the patients who progress before restaging.
        for fit in fits where fit.orr > 0 {
            let early = 1 - fit.pfs.survival(at: model.response.firstRestagingMonths)
            if fit.orr > 1 - early {
                reader.error(
                    "the ORR of \(fit.regimen) in \(fit.trial) cannot be reached: \(Int((early * 100).rounded()))% of its patients progress before the first restaging at \(model.response.firstRestagingMonths) months",
                    at: responseNode ?? root)
            }
        }
        return fits
    }

    /// A Weibull through the arm's median (PFS or TTP) and/or 12-month PFS.
    private func fitArm(_ arm: TrialArm, of trial: Trial, shape: Double, at node: Node) -> ArmFit? {
        let median = arm.figure("median-pfs") ?? arm.figure("median-ttp")
        let endpoint =
            arm.figure("median-pfs") != nil
            ? "median-pfs" : arm.figure("median-ttp") != nil ? "median-ttp" : "pfs-12-month"
        let twelve = arm.figure("pfs-12-month").map { $0 / 100 }
        let curve: Weibull?
        switch (median, twelve) {
        case (let median?, let twelve?):
            curve = Weibull(median: median, survival: twelve, at: 12)
            if let fitted = curve, !(0.2...5).contains(fitted.shape) {
                reader.error(
                    "\(trial.id) '\(arm.label)': median PFS \(median) and 12-month PFS \(twelve * 100)% imply a Weibull shape of \(String(format: "%.2f", fitted.shape)), outside 0.2–5; check trials.yaml",
                    at: node)
                return nil
            }
        case (let median?, nil):
            curve = median > 0 ? Weibull(median: median, shape: shape) : nil
        case (nil, let twelve?):
            curve = twelve > 0 && twelve < 1 ? Weibull(survival: twelve, at: 12, shape: shape) : nil
        case (nil, nil):
            curve = nil
        }
        guard let curve else {
            reader.error(
                "\(trial.id) '\(arm.label)' (\(arm.regimen ?? "no regimen")) has no usable median-pfs, median-ttp or pfs-12-month to calibrate to",
                at: node)
            return nil
        }
        return ArmFit(
            trial: trial.id, armLabel: arm.label, regimen: arm.regimen ?? "", line: trial.line,
            brainMetastases: trial.brainMetastases, pfs: curve, endpoint: endpoint, orr: 0, orrSource: "",
            proxy: nil)
    }

    /// Each regimen's toxicities: susceptibility calibrated on the profile trial's arm.
    private func deriveToxicities(
        _ model: SimulationModel, root: Node, onsetNodes: [Toxicity: Node], onsetNode: Node?,
        proxies: [(proxy: ToxicityProxy, node: Node)]
    ) -> [String: [ToxicityParameters]] {
        var result: [String: [ToxicityParameters]] = [:]
        let followUp = model.calibration.followUpMinimum...model.calibration.followUpMaximum
        for regimen in knowledge.regimens {
            let profile = regimen.toxicities
            guard !profile.rates.isEmpty else { continue }
            let arms = model.pfs.arms.filter { $0.regimen == regimen.id }
            guard let exposure = arms.first(where: { $0.trial == profile.trial && $0.proxy == nil }) ?? arms.first
            else { continue }
            var parameters: [ToxicityParameters] = []
            for toxicity in Toxicity.allCases {
                guard let rate = profile.rates[toxicity] else { continue }
                let any: Double
                let severeShare: Double
                switch (rate.anyGrade, rate.grade3OrHigher) {
                case (let anyRate?, let grade3?):
                    any = anyRate
                    severeShare = anyRate > 0 ? min(1, grade3 / anyRate) : 0
                case (let anyRate?, nil):
                    any = anyRate
                    severeShare = model.toxicity.grade3ShareWhenOnlyAny
                case (nil, let grade3?):
                    any = min(99, grade3 * model.toxicity.anyGradePerGrade3)
                    severeShare = any > 0 ? min(1, grade3 / any) : 0
                case (nil, nil):
                    continue
                }
                let mix = model.toxicity.gradeMix(of: toxicity)
                // A grade CTCAE does not define is never drawn (alopecia stops at grade 2).
                let drawnSevereShare = mix.highestGrade < 3 ? 0 : severeShare
                let onset = model.toxicity.onset(of: toxicity).weibull
                let observed = SimulationModel.observedShare(onset: onset, pfs: exposure.pfs, followUp: followUp)
                let susceptibility = observed > 0 ? any / 100 / observed : 2
                if susceptibility > 1 {
                    reader.error(
                        "the any-grade rate of \(toxicity.rawValue) on \(regimen.id) (\(any)%) cannot be reached: with its onset curve only \(Int((observed * 100).rounded()))% of \(exposure.trial)'s patients are still on treatment at onset; shorten its median onset",
                        at: onsetNodes[toxicity] ?? onsetNode ?? root)
                    continue
                }
                parameters.append(
                    ToxicityParameters(
                        toxicity: toxicity, susceptibility: susceptibility, severeShare: drawnSevereShare,
                        grades: mix.bounded(), onset: onset, published: rate, trial: profile.trial,
                        borrowedVia: nil))
            }
            result[regimen.id] = parameters
        }
        for (proxy, _) in proxies {
            let borrowed = (result[proxy.like] ?? []).filter { proxy.toxicities.contains($0.toxicity) }
            for regimen in proxy.regimens {
                var list = result[regimen] ?? []
                for var parameters in borrowed {
                    parameters.borrowedVia = proxy.id
                    list.append(parameters)
                }
                result[regimen] = list.sorted {
                    Toxicity.allCases.firstIndex(of: $0.toxicity)! < Toxicity.allCases.firstIndex(of: $1.toxicity)!
                }
            }
        }
        return result
    }
}
