/// One published paper behind a trial or reference: what a fellow needs to find it.
///
/// Identifiers (DOI, PMID) are written only when they were checked against PubMed or the
/// journal; `unverified` names the ones left out because they could not be checked.
public struct Paper: Hashable, Sendable {
    /// First author and "et al.": "Cortés J, et al.".
    public var authors: String
    public var title: String?
    /// The journal's standard abbreviation: "N Engl J Med".
    public var journal: String
    public var year: Int
    public var volume: String?
    public var pages: String?
    public var doi: String?
    public var pmid: String?
    /// What this paper reports when a trial has several ("PFS", "final OS").
    public var reports: String?
    /// Identifiers deliberately left out because they could not be verified (`doi`, `pmid`…).
    public var unverified: Set<String>

    public init(
        authors: String, title: String? = nil, journal: String, year: Int, volume: String? = nil,
        pages: String? = nil, doi: String? = nil, pmid: String? = nil, reports: String? = nil,
        unverified: Set<String> = []
    ) {
        self.authors = authors
        self.title = title
        self.journal = journal
        self.year = year
        self.volume = volume
        self.pages = pages
        self.doi = doi
        self.pmid = pmid
        self.reports = reports
        self.unverified = unverified
    }

    /// The first author's surname: "von Minckwitz G, et al." → "von Minckwitz".
    public var firstAuthor: String {
        let name = authors.split(separator: ",").first.map(String.init) ?? authors
        var words = name.split(separator: " ").map(String.init)
        if words.count > 1, let last = words.last, last.allSatisfy({ $0.isUppercase || $0 == "-" || $0 == "." }) {
            words.removeLast()
        }
        return words.joined(separator: " ")
    }

    /// The name clinicians say for a journal ("NEJM", "JCO"); its abbreviation otherwise.
    public var journalShortName: String {
        Self.spokenJournalNames[journal] ?? journal
    }

    static let spokenJournalNames = [
        "N Engl J Med": "NEJM", "J Clin Oncol": "JCO", "Lancet": "Lancet", "Lancet Oncol": "Lancet Oncol",
        "Nat Med": "Nat Med", "JAMA Oncol": "JAMA Oncol", "Ann Oncol": "Ann Oncol",
        "Clin Cancer Res": "Clin Cancer Res", "Breast Cancer Res Treat": "Breast Cancer Res Treat",
    ]

    /// "Cortés, NEJM 2022": enough to find the paper.
    public var shortCitation: String { "\(firstAuthor), \(journalShortName) \(year)" }

    /// Vancouver style: "Cortés J, et al. Title. N Engl J Med. 2022;386(12):1143-1154.
    /// doi:10.1056/… PMID: 35320644."
    public var fullCitation: String {
        var text = authors.hasSuffix(".") ? authors : authors + "."
        if let title { text += " " + (title.hasSuffix(".") || title.hasSuffix("?") ? title : title + ".") }
        text += " \(journal). \(year)"
        if let volume { text += ";\(volume)" }
        if let pages { text += ":" + pages }
        text += "."
        if let doi { text += " doi:\(doi)." }
        if let pmid { text += " PMID: \(pmid)." }
        return text
    }
}
