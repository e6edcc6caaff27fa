import Her2SimCore
import Yams

/// Decodes `Scoring/trials.yaml`: trials with their arms, and the non-trial references.
final class TrialsDecoder {
    static let figureKeys = [
        "median-pfs", "median-ttp", "pfs-12-month", "median-os", "orr", "intracranial-orr",
        "cns-median-pfs", "restricted-mean-pfs",
    ]
    /// `trial`: a trial outside the metastatic setting (KATHERINE): cited, never calibrated.
    static let referenceKinds = ["guideline", "label", "expert-opinion", "standard", "trial"]
    /// Keys of one paper, written inline on a trial or reference or as an item of `papers`.
    static let paperKeys = ["authors", "title", "journal", "year", "volume", "pages", "doi", "pmid", "reports"]
    /// Identifiers a paper may say it leaves out because they could not be verified.
    static let verifiableFields = ["doi", "pmid", "volume", "pages"]

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
        let keys =
            [
                "id", "citation", "papers", "population", "line", "brain-metastases", "hazard-ratio-pfs",
                "unverified", "notes", "arms",
            ] + Self.paperKeys
        guard let map = reader.mapping(node, "a trial", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { sourceID($0, "trial id") }
        let papers = self.papers(map, in: "a trial")
        // A paper that failed to decode is reported already: fall back to the id, not a second error.
        let hasPapers = map["papers"] != nil || Self.paperKeys.contains { map[$0] != nil }
        let written =
            (hasPapers
            ? map["citation"] : map.required("citation", message: "a trial needs a 'citation' or its papers"))
            .flatMap { reader.string($0, "citation") }
        let citation = written ?? papers.first?.shortCitation ?? (hasPapers ? id : nil)
        let population = map.required("population").flatMap { reader.string($0, "population") }
        let line = map.required("line").flatMap { reader.int($0, "line", in: 1...3) }
        let brain = map["brain-metastases"].flatMap { reader.bool($0, "brain-metastases") } ?? false
        let hazard = map["hazard-ratio-pfs"].flatMap { reader.number($0, "hazard ratio", in: 0...5) }
        // With an inline paper, `unverified` may also name the identifiers that paper leaves out.
        let inline = Self.paperKeys.contains { map[$0] != nil } && map["papers"] == nil
        let unverified =
            map["unverified"].flatMap {
                unverifiedFigures($0, allowed: ["hazard-ratio-pfs"] + (inline ? Self.verifiableFields : []))
            }?.intersection(["hazard-ratio-pfs"]) ?? []
        let notes = map["notes"].flatMap { reader.string($0, "notes") }
        var arms: [TrialArm] = []
        if let armsNode = map.required("arms"), let items = reader.sequence(armsNode, "the trial's arms") {
            arms = items.compactMap(arm)
            if items.isEmpty { reader.error("a trial needs at least one arm", at: armsNode) }
        }
        guard let id, let citation, let population, let line else { return nil }
        return Trial(
            id: TrialID(id), citation: citation, papers: papers, population: population, line: line,
            brainMetastases: brain, hazardRatioPFS: hazard, unverified: unverified, notes: notes, arms: arms)
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
                reader.error(
                    "unknown figure '\(name)'\(Suggestion.hint(for: name, in: allowed)); expected one of: \(allowed.joined(separator: ", "))",
                    at: item)
            }
        }
        return names
    }

    private func reference(_ node: Node) -> Reference? {
        let keys =
            ["id", "title", "kind", "citation", "papers", "unverified"] + Self.paperKeys.filter { $0 != "title" }
        guard let map = reader.mapping(node, "a reference", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let id = map.required("id").flatMap { sourceID($0, "reference id") }
        let title = map.required("title").flatMap { reader.string($0, "title") }
        let citation = map["citation"].flatMap { reader.string($0, "citation") }
        let papers = self.papers(map, in: "a reference", title: title)
        var kind = "guideline"
        if let kindNode = map["kind"], let text = reader.string(kindNode, "reference kind") {
            if Self.referenceKinds.contains(text) {
                kind = text
            } else {
                reader.error(
                    "unknown reference kind '\(text)'\(Suggestion.hint(for: text, in: Self.referenceKinds)); expected one of: \(Self.referenceKinds.joined(separator: ", "))",
                    at: kindNode)
            }
        }
        guard let id, let title else { return nil }
        return Reference(
            id: id, title: title, kind: kind, citation: citation ?? papers.first?.shortCitation,
            papers: papers)
    }

    // MARK: - Papers

    /// A trial's or reference's papers: inline fields for one paper, or a `papers` list; not both.
    /// A reference's inline paper takes the reference's title.
    private func papers(_ map: MappingReader, in what: String, title: String? = nil) -> [Paper] {
        // A reference's `title` is its own; only the other paper keys make an inline paper.
        let inlineKeys = what == "a reference" ? Self.paperKeys.filter { $0 != "title" } : Self.paperKeys
        let inline = inlineKeys.contains { map[$0] != nil }
        if let list = map["papers"] {
            if inline, let key = inlineKeys.first(where: { map[$0] != nil }), let keyNode = map.keyNode(key) {
                reader.error(
                    "'\(key)' belongs to one paper: with a 'papers' list, write it inside the list", at: keyNode)
            }
            if map["unverified"] != nil, what == "a reference", let keyNode = map.keyNode("unverified") {
                reader.error("with a 'papers' list, write 'unverified' inside the paper it concerns", at: keyNode)
            }
            guard let items = reader.sequence(list, "the list of papers") else { return [] }
            if items.isEmpty { reader.error("'papers' needs at least one paper", at: list) }
            return items.compactMap { item in
                guard let paperMap = reader.mapping(item, "a paper", allowed: Self.paperKeys + ["unverified"]) else {
                    return nil
                }
                paperMap.rejectUnknownKeys()
                return paper(paperMap, unverified: paperMap["unverified"])
            }
        }
        guard inline else { return [] }
        // A trial's `unverified` also lists figures, and the trial reports names it does not know.
        return paper(map, unverified: map["unverified"], title: title, checkedElsewhere: what == "a trial")
            .map { [$0] } ?? []
    }

    private func paper(
        _ map: MappingReader, unverified unverifiedNode: Node?, title fallbackTitle: String? = nil,
        checkedElsewhere: Bool = false
    ) -> Paper? {
        let authors = map.required("authors", why: "the first author, then et al.").flatMap {
            reader.string($0, "authors")
        }
        let title = map["title"].flatMap { reader.string($0, "title") } ?? fallbackTitle
        let journal = map.required("journal").flatMap { reader.string($0, "journal") }
        let year = map.required("year").flatMap { reader.int($0, "year", in: 1950...2100) }
        let volume = map["volume"].flatMap { reader.string($0, "volume") }
        let pages = map["pages"].flatMap { reader.string($0, "pages") }
        let doi = map["doi"].flatMap { node -> String? in
            guard let text = reader.string(node, "DOI") else { return nil }
            let body = text.hasPrefix("https://doi.org/") ? String(text.dropFirst("https://doi.org/".count)) : text
            guard body.hasPrefix("10."), let slash = body.firstIndex(of: "/"), body.index(after: slash) < body.endIndex,
                !body.contains(where: \.isWhitespace)
            else {
                reader.error(
                    "'\(text)' is not a DOI: a DOI starts with '10.', has a '/' and no spaces (10.1056/NEJMoa2115022)",
                    at: node)
                return nil
            }
            return body
        }
        let pmid = map["pmid"].flatMap { node -> String? in
            guard let text = reader.string(node, "PMID") else { return nil }
            guard (1...9).contains(text.count), text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else {
                reader.error("'\(text)' is not a PMID: a PubMed id is 1 to 9 digits (35320644)", at: node)
                return nil
            }
            return text
        }
        let reports = map["reports"].flatMap { reader.string($0, "what the paper reports") }
        var unverified: Set<String> = []
        if let unverifiedNode, let items = reader.list(unverifiedNode, "a list of identifiers") {
            for item in items {
                guard let name = reader.string(item, "identifier") else { continue }
                guard Self.verifiableFields.contains(name) else {
                    if checkedElsewhere { continue }
                    reader.error(
                        "unknown identifier '\(name)'\(Suggestion.hint(for: name, in: Self.verifiableFields)); expected one of: \(Self.verifiableFields.joined(separator: ", "))",
                        at: item)
                    continue
                }
                if map[name] != nil {
                    reader.error(
                        "'\(name)' is marked unverified but the paper gives one: remove it or the mark", at: item)
                }
                unverified.insert(name)
            }
        }
        guard let authors, let journal, let year else { return nil }
        return Paper(
            authors: authors, title: title, journal: journal, year: year, volume: volume, pages: pages,
            doi: doi, pmid: pmid, reports: reports, unverified: unverified)
    }
}
