import Foundation

/// The bibliographic fields of one paper — authors, title, journal, year, volume, pages, DOI,
/// PMID — as exports print full citations; built from the knowledge base's `Paper`s.
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

    /// One paper of the knowledge base, as exports print it.
    public init(_ paper: Paper) {
        self.init(
            authors: [paper.authors], title: paper.title, journal: paper.journal, year: paper.year,
            volume: paper.volume, pages: paper.pages, doi: paper.doi, pmid: paper.pmid)
    }

    /// Every trial and reference id with its papers, from the knowledge base already loaded
    /// (entries without papers are left out), so exports do not read `trials.yaml` again.
    public static func of(_ knowledge: Knowledge) -> [String: [CitationDetails]] {
        var result: [String: [CitationDetails]] = [:]
        for trial in knowledge.trials where !trial.papers.isEmpty {
            result[trial.id.rawValue] = trial.papers.map(Self.init)
        }
        for reference in knowledge.references where !reference.papers.isEmpty {
            // An inline paper carries the reference's own title, which exports already print.
            result[reference.id] = reference.papers.map { paper in
                var details = Self(paper)
                if paper.title == reference.title { details.title = nil }
                return details
            }
        }
        return result
    }
}
