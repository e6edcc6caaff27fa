import Foundation
import Yams

/// The bibliographic fields of a trial or reference — authors, title, journal, year, DOI,
/// PMID — read leniently from `trials.yaml` for full citations in exports. Whatever fields an
/// entry has are used; an entry with none falls back to its short `citation` or `title`.
/// (The trials decoder validates the file; this reader only picks the fields up.)
public struct CitationDetails: Hashable, Sendable {
    public var authors: [String] = []
    public var title: String?
    public var journal: String?
    public var year: Int?
    public var doi: String?
    public var pmid: String?

    public init(
        authors: [String] = [], title: String? = nil, journal: String? = nil, year: Int? = nil,
        doi: String? = nil, pmid: String? = nil
    ) {
        self.authors = authors
        self.title = title
        self.journal = journal
        self.year = year
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

    /// `https://doi.org/…`, else a PubMed address.
    public var link: String? {
        if let doi { return "https://doi.org/" + doi }
        if let pmid { return "https://pubmed.ncbi.nlm.nih.gov/\(pmid)/" }
        return nil
    }

    /// Every source id in the trials file with the fields it has (entries without any are left out).
    public static func read(_ text: String, file: String) -> [String: CitationDetails] {
        guard let root = try? YAMLDocument.parse(text, file: file), case .mapping(let top) = root else { return [:] }
        var result: [String: CitationDetails] = [:]
        for key in ["trials", "references"] {
            guard let list = top[key], case .sequence(let entries) = list else { continue }
            for entry in entries {
                guard case .mapping(let map) = entry, let id = map["id"]?.scalar?.string else { continue }
                var details = CitationDetails()
                if let node = map["authors"] {
                    switch node {
                    case .scalar(let scalar): details.authors = [scalar.string]
                    case .sequence(let names): details.authors = names.compactMap { $0.scalar?.string }
                    default: break
                    }
                }
                // A reference's `title` is its only citation text and is already printed.
                if key == "trials" { details.title = map["title"]?.scalar?.string }
                details.journal = map["journal"]?.scalar?.string
                details.year = map["year"]?.scalar.flatMap { Int($0.string) }
                details.doi = map["doi"]?.scalar?.string
                details.pmid = map["pmid"]?.scalar?.string
                if !details.isEmpty { result[id] = details }
            }
        }
        return result
    }
}
