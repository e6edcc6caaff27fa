import Yams

/// Decodes `Scoring/trials.yaml`: trials with their arms, and the non-trial references.
final class TrialsDecoder {
    static let figureKeys = [
        "median-pfs", "median-ttp", "pfs-12-month", "median-os", "orr", "intracranial-orr",
        "cns-median-pfs", "restricted-mean-pfs",
    ]
    static let referenceKinds = ["guideline", "label", "expert-opinion", "standard"]

    let reader: YAMLReader
    private var seen: [String: SourceLocation] = [:]

    init(reader: YAMLReader) {
        self.reader = reader
    }

    /// Reads a source id and reports one already defined, with where.
    private func sourceID(_ node: Node, _ what: String) -> String? {
        guard let id = reader.string(node, what) else { return nil }
        if let first = seen[id] {
            reader.error("\(what) '\(id)' is already defined at \(first)", at: node)
        } else {
            seen[id] = reader.location(of: node)
        }
        return id
    }

    func decode(_ root: Node) -> (trials: [Trial], references: [Reference]) {
        guard let top = reader.mapping(root, "the trials file", allowed: ["trials", "references"]) else {
            return ([], [])
        }
        top.rejectUnknownKeys()
        var trials: [Trial] = []
        if let node = top.required("trials"), let items = reader.sequence(node, "the list of trials") {
            trials = items.compactMap(trial)
        }
        var references: [Reference] = []
        if let node = top["references"], let items = reader.sequence(node, "the list of references") {
            references = items.compactMap(reference)
        }
        return (trials, references)
    }

    private func trial(_ node: Node) -> Trial? {
        let keys = ["id", "citation", "population", "line", "brain-metastases", "hazard-ratio-pfs",
                    "unverified", "notes", "arms"]
        guard let map = reader.mapping(node, "a trial", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { sourceID($0, "trial id") }
        let citation = map.required("citation").flatMap { reader.string($0, "citation") }
        let population = map.required("population").flatMap { reader.string($0, "population") }
        let line = map.required("line").flatMap { reader.int($0, "line", in: 1...3) }
        let brain = map["brain-metastases"].flatMap { reader.bool($0, "brain-metastases") } ?? false
        let hazard = map["hazard-ratio-pfs"].flatMap { reader.number($0, "hazard ratio", in: 0...5) }
        let unverified = map["unverified"].flatMap { unverifiedFigures($0, allowed: ["hazard-ratio-pfs"]) } ?? []
        let notes = map["notes"].flatMap { reader.string($0, "notes") }
        var arms: [TrialArm] = []
        if let armsNode = map.required("arms"), let items = reader.sequence(armsNode, "the trial's arms") {
            arms = items.compactMap(arm)
            if items.isEmpty { reader.error("a trial needs at least one arm", at: armsNode) }
        }
        guard let id, let citation, let population, let line else { return nil }
        return Trial(id: id, citation: citation, population: population, line: line, brainMetastases: brain,
                     hazardRatioPFS: hazard, unverified: unverified, notes: notes, arms: arms)
    }

    private func arm(_ node: Node) -> TrialArm? {
        let keys = ["label", "regimen", "patients", "unverified"] + Self.figureKeys
        guard let map = reader.mapping(node, "a trial arm", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let label = map.required("label").flatMap { reader.string($0, "arm label") }
        let regimen = map["regimen"].flatMap { reader.string($0, "regimen id") }
        let patients = map["patients"].flatMap { reader.int($0, "number of patients", in: 1...100_000) }
        var figures: [String: Double] = [:]
        for key in Self.figureKeys {
            guard let value = map[key] else { continue }
            let range: ClosedRange<Double> = key.contains("orr") || key.hasPrefix("pfs-") ? 0...100 : 0...240
            if let number = reader.number(value, key, in: range) { figures[key] = number }
        }
        let unverified = map["unverified"].flatMap { unverifiedFigures($0, allowed: Self.figureKeys) } ?? []
        for name in unverified where figures[name] == nil {
            if let node = map["unverified"] {
                reader.error("'\(name)' is marked unverified but the arm gives no \(name)", at: node)
            }
        }
        guard let label else { return nil }
        return TrialArm(label: label, regimen: regimen, patients: patients, figures: figures, unverified: unverified)
    }

    private func unverifiedFigures(_ node: Node, allowed: [String]) -> Set<String>? {
        guard let items = reader.list(node, "a list of figure names") else { return nil }
        var names: Set<String> = []
        for item in items {
            guard let name = reader.string(item, "figure name") else { continue }
            if allowed.contains(name) {
                names.insert(name)
            } else {
                reader.error("unknown figure '\(name)'\(Suggestion.hint(for: name, in: allowed)); expected one of: \(allowed.joined(separator: ", "))", at: item)
            }
        }
        return names
    }

    private func reference(_ node: Node) -> Reference? {
        guard let map = reader.mapping(node, "a reference", allowed: ["id", "title", "kind"]) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { sourceID($0, "reference id") }
        let title = map.required("title").flatMap { reader.string($0, "title") }
        var kind = "guideline"
        if let kindNode = map["kind"], let text = reader.string(kindNode, "reference kind") {
            if Self.referenceKinds.contains(text) {
                kind = text
            } else {
                reader.error("unknown reference kind '\(text)'\(Suggestion.hint(for: text, in: Self.referenceKinds)); expected one of: \(Self.referenceKinds.joined(separator: ", "))", at: kindNode)
            }
        }
        guard let id, let title else { return nil }
        return Reference(id: id, title: title, kind: kind)
    }
}
