import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("CME: items without giveaways, plain feedback, the office's metadata in every format")
struct CMEExportTests {
    static let bank = Fixtures.cmeBank
    /// Every export's bytes as text (zip entries joined).
    static let rendered: [ExportFormat: String] = {
        var result: [ExportFormat: String] = [:]
        for format in ExportFormat.allCases {
            let data = (try? Exporter.render(bank, as: format)) ?? Data()
            if format.fileExtension == "zip" {
                let entries = (try? ZipPackage.entries(of: data)) ?? []
                result[format] = entries.map { String(decoding: $0.data, as: UTF8.self) }.joined(separator: "\n")
            } else {
                result[format] = String(decoding: data, as: UTF8.self)
            }
        }
        return result
    }()

    /// Words that say how good an option is: the answer key's vocabulary, never the stem's.
    static let tierWords =
        Tier.allCases.map { $0.rawValue.replacingOccurrences(of: "-", with: " ") } + ["acceptable", "first choice"]

    @Test("no stem or prompt uses a tier word, over every exported item")
    func stemsWithoutTierWords() throws {
        try #require(Self.bank.items.count == Fixtures.decisionPoints(Fixtures.allCases))
        for item in Self.bank.items {
            let texts = item.stem.allTexts + [item.prompt] + item.options.map(\.text)
            for text in texts {
                let lower = text.lowercased()
                for word in Self.tierWords {
                    #expect(!lower.contains(word), "\(item.identifier): '\(word)' in the stem: \(text)")
                }
            }
        }
        // The same over the rendered GIFT stems (what a learner reads before answering).
        for item in Self.bank.items {
            let stem = GIFTExporter.stemText(item).lowercased()
            #expect(!Self.tierWords.contains { stem.contains($0) }, "\(item.identifier)")
        }
    }

    @Test("no rule id appears in any feedback or export")
    func feedbackWithoutRuleIDs() throws {
        let ids = Fixtures.knowledge.rules.map(\.id) + [Fixtures.knowledge.lineOfTherapy.id]
        try #require(!ids.isEmpty)
        for item in Self.bank.items {
            for option in item.options {
                for id in ids {
                    #expect(
                        !option.feedbackText.contains(id + ":"),
                        "\(item.identifier) \(option.regimen): '\(id):' in \(option.feedbackText)")
                }
                #expect(
                    option.feedbackText.range(of: #"(^|\s)[a-z0-9]+(-[a-z0-9]+)+: "#, options: .regularExpression)
                        == nil,
                    "\(item.identifier) \(option.regimen): an id-like label in \(option.feedbackText)")
            }
        }
        for (format, text) in Self.rendered {
            for id in ids {
                #expect(!text.contains(id + ":"), "\(format): '\(id):' appears")
                #expect(!text.contains("<em>" + id + "</em>"), "\(format): '\(id)' appears as a label")
            }
        }
    }

    @Test("select all only where the engine does not order the best options; otherwise one best answer")
    func singleVersusMultiple() throws {
        let engine = ReferenceEngine(knowledge: Fixtures.knowledge)
        var singles = 0
        var multiples = 0
        for script in Fixtures.allCases {
            let recommendations = ReferencePath(script: script, engine: engine).steps.compactMap(\.recommendation)
            let items = Self.bank.cases.first { $0.id == script.id }?.items ?? []
            #expect(items.count == recommendations.count)
            for (item, recommendation) in zip(items, recommendations) {
                let equals = Fixtures.cmeBuilder.equallyBest(recommendation)
                #expect(item.isMultipleAnswer == (equals.count > 1), "\(item.identifier)")
                #expect(
                    item.correctOptions.map(\.regimen).sorted()
                        == equals.prefix(QuizBuilder.maximumKeys).map(\.regimen.rawValue).sorted())
                // Equal means: same tier, same order rules, same evidence strength.
                for option in equals {
                    #expect(option.tier == recommendation.first.tier)
                    let rules = { (o: RankedOption) in Set(o.reasons.filter { $0.role == .order }.map(\.rule)) }
                    #expect(rules(option) == rules(recommendation.first))
                }
                #expect(equals.map(\.rank) == Array(1...equals.count), "\(item.identifier): equals lead the ranking")
                // The first option the engine ranks below the equals in the same tier is ordered apart.
                if let next = recommendation.bestTier.dropFirst(equals.count).first {
                    #expect(!equals.contains(next))
                }
                if item.isMultipleAnswer { multiples += 1 } else { singles += 1 }
                #expect(item.prompt.lowercased().contains("select all") == item.isMultipleAnswer)
            }
        }
        #expect(singles > multiples, "most items have one best answer: \(singles) single, \(multiples) select-all")
    }

    @Test("the CME statement, faculty, dates and knowledge-base version are in the handout")
    func handoutCarriesCME() throws {
        let html = try #require(Self.rendered[.html])
        let activity = Fixtures.activity
        for text in [
            activity.accreditation, activity.creditDesignation, activity.commercialSupport, activity.targetAudience,
            activity.releaseDate.longText, activity.expiryDate.longText, Fixtures.fingerprint.sha256,
        ] {
            #expect(html.contains(HTML.escape(text)), "handout lacks: \(text)")
        }
        for person in activity.faculty {
            #expect(html.contains(HTML.escape(person.displayName)))
            if let mitigation = person.mitigation { #expect(html.contains(HTML.escape(mitigation))) }
            for disclosure in person.disclosures { #expect(html.contains(HTML.escape(disclosure.company))) }
        }
        for question in activity.evaluation { #expect(html.contains(HTML.escape(question.text))) }
        for objective in activity.objectives { #expect(html.contains(HTML.escape(objective))) }
        #expect(html.contains("Off-label disclosure"))
    }

    @Test("the CME statement travels in the QTI 2.1 manifest, the Canvas quiz and the Moodle category")
    func metadataCarriesCME() throws {
        let activity = Fixtures.activity
        let qti21 = try ZipPackage.entries(of: Exporter.render(Self.bank, as: .qti21))
        let manifest = try ParsedXML.document(try #require(qti21.first { $0.path == "imsmanifest.xml" }?.data))
            .rootElement()!
        let packageLOM = try #require(ParsedXML.elements(manifest, "lom").first)
        let descriptions = ParsedXML.elements(packageLOM, "langstring").compactMap(\.stringValue)
        #expect(descriptions.contains("Accreditation: " + activity.accreditation))
        #expect(descriptions.contains("Credit designation: " + activity.creditDesignation))
        #expect(descriptions.contains { $0.hasPrefix("Faculty: " + activity.faculty[0].displayName) })
        #expect(descriptions.contains("knowledge base " + Fixtures.fingerprint.short))
        let citation = try #require(Self.bank.sources.first).citation
        #expect(descriptions.contains("Reference: " + citation))

        let qti12 = try ZipPackage.entries(of: Exporter.render(Self.bank, as: .qti12))
        let meta = try #require(qti12.first { $0.path.hasSuffix("assessment_meta.xml") })
        let description = try #require(
            ParsedXML.elements(try ParsedXML.document(meta.data).rootElement()!, "description").first?.stringValue)
        #expect(description.contains(HTML.escape(activity.accreditation)))
        let assessment = try #require(
            qti12.first {
                $0.path.hasSuffix(".xml") && !$0.path.hasSuffix("assessment_meta.xml") && $0.path != "imsmanifest.xml"
            })
        let fields = ParsedXML.elements(try ParsedXML.document(assessment.data).rootElement()!, "fieldentry")
            .compactMap(\.stringValue)
        #expect(fields.contains(activity.accreditation))
        #expect(fields.contains(Fixtures.fingerprint.sha256))

        let moodle = try ParsedXML.document(Exporter.render(Self.bank, as: .moodle)).rootElement()!
        let parent = try #require(ParsedXML.elements(moodle, "question").first)
        let info = try #require(ParsedXML.path(parent, "info", "text")?.stringValue)
        #expect(info.contains(HTML.escape(activity.accreditation)))
        #expect(info.contains(HTML.escape(activity.creditDesignation)))
        #expect(info.contains(Fixtures.fingerprint.sha256))
        #expect(info.contains(HTML.escape(citation)))

        let gift = try #require(Self.rendered[.gift])
        #expect(gift.contains("// Accreditation: " + activity.accreditation))
    }

    @Test("off-label: pyrotinib is flagged for a US learner wherever it is offered, and not for a Chinese one")
    func offLabel() throws {
        let pyrotinib = "pyrotinib-capecitabine"
        let us = try #require(Fixtures.approvals.offLabelNote(for: pyrotinib, region: "US"))
        #expect(us.text.contains("Not approved in the US") && us.text.contains("China only"), "\(us.text)")
        #expect(Fixtures.approvals.offLabelNote(for: pyrotinib, region: "CN") == nil)
        #expect(Fixtures.approvals.offLabelNote(for: "tdxd", region: "US") == nil)
        #expect(Fixtures.approvals.offLabelNote(for: "best-supportive-care", region: "US") == nil)
        #expect(
            Fixtures.approvals.offLabelNote(for: "clinical-trial", region: "US")?.text.hasPrefix("Investigational")
                == true)
        let offered = Self.bank.items.flatMap(\.options).filter { $0.regimen == pyrotinib }
        try #require(!offered.isEmpty, "the shipped cases offer pyrotinib somewhere")
        #expect(offered.allSatisfy { $0.offLabel == us.text })
        #expect(Self.bank.offLabel.contains { $0.regimen == pyrotinib })
        let html = try #require(Self.rendered[.html])
        #expect(html.contains(HTML.escape(us.text)))
        // Every option not approved in the practice region carries the note, in every feedback.
        for option in Self.bank.items.flatMap(\.options) {
            let note = Fixtures.approvals.offLabelNote(for: option.regimen, region: "US")?.text
            #expect(option.offLabel == note, "\(option.regimen)")
            if let note { #expect(option.feedbackText.contains(note)) }
        }
    }

    @Test("references: full citations where trials.yaml has the fields (inline or papers), the short one otherwise")
    func citations() throws {
        // From the knowledge base as loaded: a reference with a title alone has no paper.
        let loaded = CitationDetails.of(Fixtures.knowledge)
        #expect(loaded["NCCN"] == nil, "a reference's title alone is no paper")
        for reference in Fixtures.knowledge.references {
            #expect(
                !(loaded[reference.id] ?? []).contains { $0.title == reference.title },
                "\(reference.id): its own title would print twice")
        }
        #expect(loaded["ASCO-2022"]?.first?.journal != nil, "a reference's inline paper is kept")
        #expect(loaded["CLEOPATRA"]?.count == Fixtures.knowledge.trial("CLEOPATRA")?.papers.count)
        #expect(loaded["CLEOPATRA"]?.first?.doi == Fixtures.knowledge.trial("CLEOPATRA")?.papers.first?.doi)
        // The formatting, on fields given here.
        let details: [String: [CitationDetails]] = [
            "CLEOPATRA": [
                CitationDetails(
                    authors: ["Baselga J, et al."],
                    title: "Pertuzumab plus trastuzumab plus docetaxel for metastatic breast cancer",
                    journal: "N Engl J Med", year: 2012, volume: "366(2)", pages: "109-119",
                    doi: "10.1056/NEJMoa1113216", pmid: "22149875"),
                CitationDetails(
                    authors: ["Swain SM", "Baselga J", "Kim SB", "Ro J"],
                    title: "Pertuzumab, trastuzumab, and docetaxel in HER2-positive metastatic breast cancer",
                    journal: "N Engl J Med", year: 2015),
            ],
            "EMILIA": [CitationDetails(journal: "N Engl J Med", year: 2012, pmid: "23020162")],
        ]
        let builder = QuizBuilder(knowledge: Fixtures.knowledge, citations: details)
        let full = builder.source("CLEOPATRA")
        #expect(
            full.citation == "CLEOPATRA — Baselga J, et al. Pertuzumab plus trastuzumab plus docetaxel for metastatic "
                + "breast cancer. N Engl J Med. 2012;366(2):109-119. doi:10.1056/NEJMoa1113216. PMID 22149875. "
                + "Swain SM, Baselga J, Kim SB, et al. Pertuzumab, trastuzumab, and docetaxel in HER2-positive "
                + "metastatic breast cancer. N Engl J Med. 2015.")
        #expect(full.link == "https://doi.org/10.1056/NEJMoa1113216")
        #expect(full.title == "Pertuzumab plus trastuzumab plus docetaxel for metastatic breast cancer")
        let emilia = try #require(Fixtures.knowledge.trial("EMILIA"))
        #expect(
            builder.source("EMILIA").citation
                == "EMILIA — \(QuizBuilder.sentence(emilia.citation)) N Engl J Med. 2012. PMID 23020162.")
        #expect(builder.source("EMILIA").link == "https://pubmed.ncbi.nlm.nih.gov/23020162/")
        let short = builder.source("EGF104900")
        #expect(
            short.citation == "EGF104900 — "
                + QuizBuilder.sentence(try #require(Fixtures.knowledge.trial("EGF104900")).citation))
        #expect(builder.source("NCCN").title == Fixtures.knowledge.reference("NCCN")?.title)
        #expect(builder.source("NO-SUCH").citation == "NO-SUCH")
        // Every source the bank cites is in the handout's references in full.
        let html = try #require(Self.rendered[.html])
        for source in Self.bank.sources { #expect(html.contains(HTML.escape(source.citation)), "\(source.id)") }
    }

    @Test("the knowledge-base fingerprint is SHA-256 of Scoring/*.yaml in name order")
    func fingerprint() throws {
        #expect(SHA256.hex([UInt8]("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = [UInt8](repeating: 0x61, count: 1_000)
        #expect(SHA256.hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        let fingerprint = Fixtures.fingerprint
        #expect(fingerprint.files == fingerprint.files.sorted() && fingerprint.files.contains("approvals.yaml"))
        var bytes = Data()
        for name in fingerprint.files { bytes += try Data(contentsOf: Fixtures.scoring.appendingPathComponent(name)) }
        #expect(fingerprint.sha256 == SHA256.hex(bytes))
        var changed = fingerprint.files.map {
            (name: $0, data: (try? Data(contentsOf: Fixtures.scoring.appendingPathComponent($0))) ?? Data())
        }
        changed[0].data.append(0x20)
        #expect(KnowledgeFingerprint.of(changed).sha256 != fingerprint.sha256, "one byte more changes the version")
    }
}

@Suite("Export destinations: --format all and folders")
struct ExportDestinationTests {
    @Test("--format all writes every format into a folder created with its parents")
    func allIntoNewFolder() throws {
        let scratch = try OutputFileTests.Scratch()
        let folder = scratch.path("a/b/out")
        let targets = try ExportDestination.files(for: ExportFormat.allCases, out: folder)
        #expect(
            targets.map { ($0.file.path as NSString).lastPathComponent } == ExportFormat.allCases.map(\.defaultFileName)
        )
        #expect(Set(ExportFormat.allCases.map(\.defaultFileName)).count == ExportFormat.allCases.count, "names differ")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        let bank = Fixtures.builder.bank(Fixtures.allCases.prefix(1).map { $0 })
        for target in targets { try target.file.write(Exporter.render(bank, as: target.format)) }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
                == ExportFormat.allCases.map(\.defaultFileName).sorted())
    }

    @Test("one format: a folder gets the default name, a file path its missing parents")
    func singleFormat() throws {
        let scratch = try OutputFileTests.Scratch()
        let intoFolder = try ExportDestination.files(for: [.gift], out: scratch.url.path)
        #expect(intoFolder.first?.file.path == scratch.url.path + "/quiz.gift")
        let trailing = try ExportDestination.files(for: [.html], out: scratch.path("new") + "/")
        #expect(trailing.first?.file.path == scratch.path("new") + "/handout.html")
        let file = try ExportDestination.files(for: [.moodle], out: scratch.path("x/y/bank.xml"))
        #expect(file.first?.file.path == scratch.path("x/y/bank.xml"))
        #expect(FileManager.default.fileExists(atPath: scratch.path("x/y")))
    }

    @Test("a file where a folder is needed is refused with a clear message")
    func fileInTheWay() throws {
        let scratch = try OutputFileTests.Scratch()
        _ = FileManager.default.createFile(atPath: scratch.path("notes.txt"), contents: Data("x".utf8))
        #expect(throws: ExportError.self) {
            _ = try ExportDestination.files(for: ExportFormat.allCases, out: scratch.path("notes.txt"))
        }
        do {
            _ = try ExportDestination.files(for: [.gift], out: scratch.path("notes.txt/sub/quiz.gift"))
            Issue.record("a file as a parent folder was accepted")
        } catch {
            #expect("\(error)".contains("is a file"), "\(error)")
        }
    }
}
