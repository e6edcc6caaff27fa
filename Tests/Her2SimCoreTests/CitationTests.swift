import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// Full citations in `trials.yaml` and the short citations screens show with each source.
@Suite("Citations")
struct CitationTests {
    static let identifiers = TrialsDecoder.verifiableFields.joined(separator: ", ")

    static let mutations: [KnowledgeMutation] = [
        KnowledgeMutation(
            "a DOI without its 10. prefix", in: .trials,
            replacing: "doi: 10.1056/NEJMoa1209124", with: "doi: NEJMoa1209124",
            column: 14,
            message:
                "'NEJMoa1209124' is not a DOI: a DOI starts with '10.', has a '/' and no spaces (10.1056/NEJMoa2115022)"
        ),
        KnowledgeMutation(
            "a PMID with a letter in it", in: .trials,
            replacing: "pmid: '23020162'", with: "pmid: '2302O162'",
            column: 15, message: "'2302O162' is not a PMID: a PubMed id is 1 to 9 digits (35320644)"),
        KnowledgeMutation(
            "a paper's year out of range", in: .trials,
            replacing: "year: 2012\n        volume: '367(19)'", with: "year: 212\n        volume: '367(19)'",
            at: "year: 212", column: 15, message: "year must be between 1950 and 2100; found 212"),
        KnowledgeMutation(
            "an identifier marked unverified that the paper gives", in: .trials,
            replacing: "reports: final OS 56.5 vs 40.8 months\n        unverified: [pmid]",
            with: "reports: final OS 56.5 vs 40.8 months\n        unverified: [doi]",
            at: "unverified: [doi]", column: 22,
            message: "'doi' is marked unverified but the paper gives one: remove it or the mark"),
        KnowledgeMutation(
            "an unknown identifier in a paper's unverified list", in: .trials,
            replacing: "reports: final OS 56.5 vs 40.8 months\n        unverified: [pmid]",
            with: "reports: final OS 56.5 vs 40.8 months\n        unverified: [pmd]",
            at: "unverified: [pmd]", column: 22,
            message: "unknown identifier 'pmd' (did you mean 'pmid'?); expected one of: \(identifiers)"),
        KnowledgeMutation(
            "a paper without its first author", in: .trials,
            replacing: "      - authors: Verma S, et al.\n        title:", with: "      - title:",
            at: "- title: Trastuzumab emtansine for HER2-positive", column: 9,
            message: "a paper is missing 'authors' (the first author, then et al.)"),
        KnowledgeMutation(
            "a trial mixes an inline paper field with a papers list", in: .trials,
            replacing: "  - id: EMILIA\n    papers:", with: "  - id: EMILIA\n    journal: Lancet\n    papers:",
            at: "journal: Lancet", column: 5,
            message: "'journal' belongs to one paper: with a 'papers' list, write it inside the list"),
    ]

    @Test("one citation defect gives one exact, located error", arguments: mutations)
    func mutationIsDiagnosed(_ mutation: KnowledgeMutation) throws {
        try KnowledgeDiagnosticsTests().mutationIsDiagnosed(mutation)
    }

    @Test("short citations name the first paper; references their own short form; unknown ids stay ids")
    func shortCitations() {
        let knowledge = TestSupport.knowledge
        #expect(knowledge.shortCitation("DESTINY-Breast03") == "DESTINY-Breast03 (Cortés, NEJM 2022)")
        #expect(knowledge.shortCitation("CLEOPATRA") == "CLEOPATRA (Baselga, NEJM 2012)")
        #expect(knowledge.shortCitation("GBG-26") == "GBG-26 (von Minckwitz, JCO 2009)")
        #expect(knowledge.shortCitation("TDXD-LABEL") == "TDXD-LABEL (Enhertu label)")
        #expect(knowledge.shortCitation("ASCO-2022") == "ASCO-2022 (Giordano, JCO 2022)")
        #expect(knowledge.shortCitation("NCCN") == "NCCN")
        #expect(knowledge.shortCitation("NO-SUCH-TRIAL") == "NO-SUCH-TRIAL")
        #expect(knowledge.shortCitations(["EMILIA", "NCCN"]) == "EMILIA (Verma, NEJM 2012); NCCN")
    }

    @Test("screens cite a rule with short citations; the plain text keeps the ids")
    func ruleCitation() {
        let citation = Citation(rule: "line-2-tdxd", text: "T-DXd first.", sources: ["DESTINY-Breast03", "NCCN"])
        #expect(
            citation.plainText(citing: TestSupport.knowledge)
                == "line-2-tdxd: T-DXd first. [DESTINY-Breast03 (Cortés, NEJM 2022); NCCN]")
        #expect(citation.plainText == "line-2-tdxd: T-DXd first. [DESTINY-Breast03, NCCN]")
    }

    @Test("the papers trials.md's corrections name, each trial with its own")
    func correctedPapers() throws {
        let knowledge = TestSupport.knowledge
        func papers(_ id: TrialID) -> [String] { knowledge.trial(id)?.papers.map(\.shortCitation) ?? [] }
        #expect(papers("CLEOPATRA") == ["Baselga, NEJM 2012", "Swain, NEJM 2015"])
        #expect(papers("DESTINY-Breast03") == ["Cortés, NEJM 2022", "Hurvitz, Lancet 2023", "Cortés, Nat Med 2024"])
        #expect(papers("SOPHIA") == ["Rugo, JAMA Oncol 2021", "Rugo, JCO 2023"])
        let katherine = try #require(knowledge.reference("KATHERINE"))
        #expect(katherine.citation == "von Minckwitz, NEJM 2019")
        for trial in knowledge.trials {
            #expect(
                !trial.papers.isEmpty || trial.id == "PHEREXA" || trial.id == "PATINA",
                "\(trial.id) has no full citation")
        }
    }

    @Test("every paper gives each identifier or says it could not be verified")
    func identifiersGivenOrFlagged() {
        let knowledge = TestSupport.knowledge
        let papers = knowledge.trials.flatMap(\.papers) + knowledge.references.flatMap(\.papers)
        #expect(papers.count >= 25)
        for paper in papers {
            #expect(paper.doi != nil || paper.unverified.contains("doi"), "\(paper.shortCitation): no DOI and no note")
            #expect(
                paper.pmid != nil || paper.unverified.contains("pmid"), "\(paper.shortCitation): no PMID and no note")
        }
    }

    @Test("a full citation in Vancouver style; surnames keep their particles")
    func fullCitation() throws {
        let verma = try #require(TestSupport.knowledge.trial("EMILIA")?.papers.first)
        #expect(
            verma.fullCitation == "Verma S, et al. Trastuzumab emtansine for HER2-positive advanced breast cancer. "
                + "N Engl J Med. 2012;367(19):1783-1791. doi:10.1056/NEJMoa1209124. PMID: 23020162.")
        #expect(TestSupport.knowledge.fullCitations("EMILIA") == [verma.fullCitation])
        #expect(
            Paper(authors: "von Minckwitz G, et al.", journal: "J Clin Oncol", year: 2009).firstAuthor
                == "von Minckwitz")
        #expect(Paper(authors: "Baselga J", journal: "Lancet", year: 2012).shortCitation == "Baselga, Lancet 2012")
    }
}
