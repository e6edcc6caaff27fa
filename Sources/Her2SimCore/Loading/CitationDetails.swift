import Foundation
import Yams

/// The bibliographic fields of one paper — authors, title, journal, year, volume, pages, DOI,
/// PMID — read leniently from `trials.yaml` for full citations in exports: a trial's or
/// reference's inline fields, or each item of its `papers` list. Whatever fields an entry has
/// are used; an entry with none falls back to its short `citation` or `title`. (The trials
/// decoder validates the file; this reader only picks the fields up.)
public struct CitationDetails: Hashable, Sendable {
    public var authors: [String] = []
    public var title: String?
    public var journal: String?
    public var year: Int?
    public var volume: String?
    public var pages: String?
    public var doi: String?
    public var pmid: String?

    public init(
        authors: [String] = [], title: String? = nil, journal: String? = nil, year: Int? = nil,
        volume: String? = nil, pages: String? = nil, doi: String? = nil, pmid: String? = nil
    ) {
        self.authors = authors
        self.title = title
        self.journal = journal
        self.year = year
        self.volume = volume
        self.pages = pages
        self.doi = doi
        self.pmid = pmid
    }

    public var isEmpty: Bool {
        authors.isEmpty && title == nil && journal == nil && year == nil && doi == nil && pmid == nil
    }

    /// "Swain SM, Baselga J, Kim SB, et al."
    public var authorText: String? {
        guard !authors.isEmpty else { return nil }
        return authors.count > 3
            ? authors.prefix(3).joined(separator: ", ") + ", et al." : authors.joined(separator: ", ")
    }

    /// "N Engl J Med. 2015;372:724-734" — as much of it as is known.
    public var venueText: String? {
        var text = [journal, year.map(String.init)].compactMap { $0 }.joined(separator: ". ")
        if year != nil, let volume {
            text += ";" + volume + (pages.map { ":" + $0 } ?? "")
        }
        return text.isEmpty ? nil : text
    }

    /// `https://doi.org/…`, else a PubMed address.
    public var link: String? {
        if let doi { return "https://doi.org/" + doi }
        if let pmid { return "https://pubmed.ncbi.nlm.nih.gov/\(pmid)/" }
        return nil
    }

    /// Every source id in the trials file with its papers (entries without any are left out).
    public static func read(_ text: String, file: String) -> [String: [CitationDetails]] {
        guard let root = try? YAMLDocument.parse(text, file: file), case .mapping(let top) = root else { return [:] }
        var result: [String: [CitationDetails]] = [:]
        for key in ["trials", "references"] {
            guard let list = top[key], case .sequence(let entries) = list else { continue }
            for entry in entries {
                guard case .mapping(let map) = entry, let id = map["id"]?.scalar?.string else { continue }
                var papers: [CitationDetails] = []
                if let list = map["papers"], case .sequence(let items) = list {
                    papers = items.compactMap { item in
                        guard case .mapping(let paper) = item else { return nil }
                        return details(paper, withTitle: true)
                    }
                } else if let inline = details(map, withTitle: key == "trials") {
                    // A reference's `title` is its own citation text, already printed.
                    papers = [inline]
                }
                if !papers.isEmpty { result[id] = papers }
            }
        }
        return result
    }

    private static func details(_ map: Node.Mapping, withTitle: Bool) -> CitationDetails? {
        func string(_ key: String) -> String? {
            guard let value = map[key]?.scalar?.string, !value.isEmpty else { return nil }
            return value
        }
        var details = CitationDetails()
        if let node = map["authors"] {
            switch node {
            case .scalar(let scalar): details.authors = [scalar.string]
            case .sequence(let names): details.authors = names.compactMap { $0.scalar?.string }
            default: break
            }
        }
        if withTitle { details.title = string("title") }
        details.journal = string("journal")
        details.year = string("year").flatMap { Int($0) }
        details.volume = string("volume")
        details.pages = string("pages")
        details.doi = string("doi")
        details.pmid = string("pmid")
        return details.isEmpty ? nil : details
    }
}
