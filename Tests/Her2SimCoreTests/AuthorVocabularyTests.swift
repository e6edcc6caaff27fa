import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// Cases/README.md lists every id an author may write — regimens, trials and other sources,
/// toxicities, sites, labs — generated from Scoring/ and the loaders' vocabularies, so the
/// list cannot drift from what the linter accepts. After a change to Scoring/, run `make ids`
/// (or HER2SIM_UPDATE_DOCS=1 swift test --filter AuthorVocabularyTests) and review the diff.
@Suite("Cases/README.md lists the ids of Scoring/")
struct AuthorVocabularyTests {
    static let readme = TestSupport.repositoryRoot.appendingPathComponent("Cases/README.md")
    static let begin = "<!-- BEGIN ids: generated from Scoring/ by 'make ids'; a test keeps it in step -->"
    static let end = "<!-- END ids -->"

    /// The section as it must read for this knowledge base.
    static func section(_ knowledge: Knowledge) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var out = begin + "\n\n"
        out +=
            "**Regimens** (\(knowledge.regimens.count)) — `regimen:`, `answer:`, `on-choice` and history entries take an id or an alias:\n\n"
        out += "| id | regimen | aliases |\n| --- | --- | --- |\n"
        for regimen in knowledge.regimens {
            out +=
                "| `\(regimen.id)` | \(cell(regimen.name)) | \(regimen.aliases.map { "`\($0)`" }.joined(separator: ", ")) |\n"
        }
        out +=
            "\n**Trials** (\(knowledge.trials.count)) and **other sources** (\(knowledge.references.count)) — for `references:` and citations in teaching:\n\n"
        out += "| id | source |\n| --- | --- |\n"
        for trial in knowledge.trials {
            out += "| `\(trial.id)` | \(cell(trial.citation)) — \(cell(trial.population)) |\n"
        }
        for reference in knowledge.references { out += "| `\(reference.id)` | \(cell(reference.title)) |\n" }
        out +=
            "\n**Toxicities** — in `toxicities:`, `toxicity:` events and history; common names are not accepted, "
            + "but lint suggests the id for them:\n\n"
        out += "| id | reads as | common names |\n| --- | --- | --- |\n"
        for toxicity in Toxicity.allCases {
            let names = Toxicity.commonNames.filter { $0.value == toxicity }.keys.sorted()
            out +=
                "| `\(toxicity.rawValue)` | \(toxicity.displayName) | \(names.map { "`\($0)`" }.joined(separator: ", ")) |\n"
        }
        out +=
            "\n**Sites** — in `sites:` and `new-sites:` (the brain also sets `brain-metastases`): "
            + StateDecoder.sites.map { "`\($0)`" }.joined(separator: ", ")
            + "; lint suggests the id for common names such as "
            + StateDecoder.siteCommonNames.keys.sorted().prefix(4).map { "`\($0)`" }.joined(separator: ", ") + "\n"
        out +=
            "\n**Labs** — in `findings: labs:`: "
            + Lab.allCases.map { "`\($0.rawValue)` (\($0.unit))" }.joined(separator: ", ") + "\n"
        out += "\n" + end
        return out
    }

    @Test("the ids section of Cases/README.md is the one Scoring/ and the loaders give")
    func readmeListsEveryID() throws {
        let text = try String(contentsOf: Self.readme, encoding: .utf8)
        let expected = Self.section(TestSupport.knowledge)
        let start = try #require(text.range(of: Self.begin), "Cases/README.md lacks the line \(Self.begin)")
        let stop = try #require(text.range(of: Self.end, range: start.upperBound..<text.endIndex))
        let current = String(text[start.lowerBound..<stop.upperBound])
        if ProcessInfo.processInfo.environment["HER2SIM_UPDATE_DOCS"] == "1", current != expected {
            try text.replacingCharacters(in: start.lowerBound..<stop.upperBound, with: expected)
                .write(to: Self.readme, atomically: true, encoding: .utf8)
            return
        }
        #expect(
            current == expected, "Cases/README.md's id lists differ from Scoring/; run 'make ids' and review the diff")
        // Every id the linter accepts is there, whatever the section's layout.
        for id in TestSupport.knowledge.regimenIDs.map(\.rawValue) + TestSupport.knowledge.sourceIDs
            + Toxicity.allCases.map(\.rawValue) + StateDecoder.sites
        {
            #expect(current.contains("`\(id)`"), "\(id) is not listed in Cases/README.md")
        }
    }

    @Test("common toxicity names suggest their id, and no common name is itself an id")
    func commonNames() {
        let ids = Toxicity.allCases.map(\.rawValue)
        #expect(Suggestion.nearest(to: "hfs", in: ids) == "hand-foot-syndrome")
        #expect(Suggestion.nearest(to: "palmar-plantar", in: ids) == "hand-foot-syndrome")
        #expect(Suggestion.nearest(to: "Palmar plantar", in: ids) == "hand-foot-syndrome")
        #expect(Suggestion.nearest(to: "pneumonitis", in: ids) == "ild")
        #expect(
            Suggestion.nearest(to: "hfs", in: ["hfs-rule", "other"]) == "hfs-rule", "only when the id is a candidate")
        for name in Toxicity.commonNames.keys { #expect(!ids.contains(name)) }
        #expect(Suggestion.nearest(to: "lymph nodes", in: StateDecoder.sites) == "nodes")
        for (name, site) in StateDecoder.siteCommonNames {
            #expect(!StateDecoder.sites.contains(name) && StateDecoder.sites.contains(site), "\(name) → \(site)")
        }
    }

    @Test("a few letters suggest the id they begin, before a short id one edit away")
    func prefixFirst() {
        let ids = TestSupport.knowledge.regimenIDs.map(\.rawValue) + TestSupport.knowledge.regimenNames
        #expect(Suggestion.nearest(to: "tuc", in: ids) == "tucatinib-trastuzumab-capecitabine")
        #expect(Suggestion.nearest(to: "tdx-d", in: ids) == "tdxd")
    }
}
