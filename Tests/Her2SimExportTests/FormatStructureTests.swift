import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Each format parsed back: the structure an LMS needs, one question per decision point.
@Suite("Formats parsed back with XMLDocument (and a GIFT reader)")
struct FormatStructureTests {
    static let scripts = Fixtures.allCases
    static let bank = Fixtures.builder.bank(scripts)
    static let decisionPoints = Fixtures.decisionPoints(scripts)

    @Test("the bank holds one item per decision point of every case")
    func itemCount() {
        #expect(!Self.scripts.isEmpty)
        #expect(Self.bank.items.count == Self.decisionPoints)
        #expect(Self.bank.cases.count == Self.scripts.count)
    }

    @Test("QTI 2.1: manifest lists every item file, one valid-looking assessmentItem per decision")
    func qti21() throws {
        let entries = try ZipPackage.entries(of: Exporter.render(Self.bank, as: .qti21))
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.data) })
        let manifest = try ParsedXML.document(try #require(byPath["imsmanifest.xml"])).rootElement()!
        #expect(manifest.localName == "manifest")
        #expect(manifest.uri == QTI21Exporter.cpNamespace)
        let resources = ParsedXML.elements(manifest, "resource")
        #expect(resources.count == Self.decisionPoints)
        let itemFiles = entries.map(\.path).filter { $0 != "imsmanifest.xml" }
        #expect(itemFiles.count == Self.decisionPoints)
        #expect(
            Set(resources.compactMap { ParsedXML.attribute($0, "href") }) == Set(itemFiles),
            "the manifest lists every item file and nothing else")
        for resource in resources {
            #expect(ParsedXML.attribute(resource, "type") == "imsqti_item_xmlv2p1")
            let files = ParsedXML.elements(resource, "file").compactMap { ParsedXML.attribute($0, "href") }
            #expect(files == [ParsedXML.attribute(resource, "href")].compactMap { $0 })
            #expect(!ParsedXML.elements(resource, "lom").isEmpty, "IMS MD metadata per item")
            #expect(ParsedXML.elements(resource, "entry").first?.stringValue != nil, "the case id as catalog entry")
        }
        for item in Self.bank.items {
            let data = try #require(byPath[QTI21Exporter.fileName(item)], "no file for \(item.identifier)")
            let root = try ParsedXML.document(data).rootElement()!
            #expect(root.localName == "assessmentItem" && root.uri == QTI21Exporter.qtiNamespace)
            #expect(ParsedXML.attribute(root, "identifier") == item.identifier)
            let declaration = try #require(ParsedXML.elements(root, "responseDeclaration").first)
            #expect(ParsedXML.attribute(declaration, "cardinality") == (item.isMultipleAnswer ? "multiple" : "single"))
            let correct = ParsedXML.elements(declaration, "value").compactMap(\.stringValue)
            #expect(Set(correct) == Set(item.correctOptions.map(\.identifier)))
            let entries = ParsedXML.elements(declaration, "mapEntry")
            #expect(entries.count == item.options.count)
            let mapped = entries.compactMap { ParsedXML.attribute($0, "mappedValue").flatMap(Double.init) }
            #expect(abs(mapped.filter { $0 > 0 }.reduce(0, +) - 1) < 0.0001, "\(item.identifier): full credit is 1")
            let interaction = try #require(ParsedXML.elements(root, "choiceInteraction").first)
            #expect(ParsedXML.attribute(interaction, "maxChoices") == (item.isMultipleAnswer ? "0" : "1"))
            let choices = ParsedXML.elements(interaction, "simpleChoice")
            #expect(choices.map { ParsedXML.attribute($0, "identifier") } == item.options.map(\.identifier))
            #expect(
                choices.allSatisfy { ParsedXML.elements($0, "feedbackInline").count == 1 }, "feedback on every option")
            #expect(ParsedXML.elements(root, "modalFeedback").count == 1)
            #expect(
                ParsedXML.elements(root, "outcomeDeclaration").contains {
                    ParsedXML.attribute($0, "identifier") == "SCORE"
                })
        }
    }

    @Test("QTI 1.2 (Canvas): one assessment per case, items with response_lid, question types and feedback")
    func qti12() throws {
        let entries = try ZipPackage.entries(of: Exporter.render(Self.bank, as: .qti12))
        let byPath = Dictionary(uniqueKeysWithValues: entries.map { ($0.path, $0.data) })
        let manifest = try ParsedXML.document(try #require(byPath["imsmanifest.xml"])).rootElement()!
        let files = ParsedXML.elements(manifest, "file").compactMap { ParsedXML.attribute($0, "href") }
        #expect(Set(files) == Set(entries.map(\.path).filter { $0 != "imsmanifest.xml" }))
        var items: [XMLElement] = []
        for quizCase in Self.bank.cases {
            let root = try ParsedXML.document(try #require(byPath[QTI12Exporter.assessmentPath(quizCase)]))
                .rootElement()!
            #expect(root.localName == "questestinterop")
            let assessment = try #require(ParsedXML.elements(root, "assessment").first)
            #expect(ParsedXML.attribute(assessment, "ident") == quizCase.identifier)
            let caseItems = ParsedXML.elements(assessment, "item")
            #expect(caseItems.count == quizCase.items.count)
            items += caseItems
            let meta = try ParsedXML.document(try #require(byPath[QTI12Exporter.metaPath(quizCase)])).rootElement()!
            #expect(meta.localName == "quiz")
        }
        #expect(items.count == Self.decisionPoints)
        for (element, item) in zip(items, Self.bank.items) {
            #expect(ParsedXML.attribute(element, "ident") == item.identifier)
            let fields = Dictionary(
                ParsedXML.elements(element, "qtimetadatafield").map {
                    (
                        ParsedXML.child($0, "fieldlabel")?.stringValue ?? "",
                        ParsedXML.child($0, "fieldentry")?.stringValue ?? ""
                    )
                }, uniquingKeysWith: { first, _ in first })
            #expect(
                fields["question_type"]
                    == (item.isMultipleAnswer ? "multiple_answers_question" : "multiple_choice_question"))
            #expect(fields["her2sim_case"] == item.caseID)
            let response = try #require(ParsedXML.elements(element, "response_lid").first)
            #expect(ParsedXML.attribute(response, "rcardinality") == (item.isMultipleAnswer ? "Multiple" : "Single"))
            let labels = ParsedXML.elements(response, "response_label").compactMap { ParsedXML.attribute($0, "ident") }
            #expect(labels == item.options.map(\.identifier))
            for value in ParsedXML.elements(element, "varequal").compactMap(\.stringValue) {
                #expect(labels.contains(value), "\(item.identifier): varequal \(value) names a choice")
            }
            let feedback = Set(
                ParsedXML.elements(element, "itemfeedback").compactMap { ParsedXML.attribute($0, "ident") })
            #expect(feedback == Set(item.options.map { $0.identifier + "_fb" } + ["general_fb"]))
            #expect(ParsedXML.elements(element, "setvar").map(\.stringValue) == ["100"])
        }
    }

    @Test("Moodle XML: a category per case, multichoice with single true/false and fractions summing to 100")
    func moodle() throws {
        let root = try ParsedXML.document(Exporter.render(Self.bank, as: .moodle)).rootElement()!
        #expect(root.name == "quiz")
        let questions = ParsedXML.elements(root, "question")
        let categories = questions.filter { ParsedXML.attribute($0, "type") == "category" }
        #expect(categories.count == Self.bank.cases.count + 1, "the activity's parent category, then one per case")
        #expect(ParsedXML.elements(categories[0], "text").first?.stringValue == "$course$/top/her2sim")
        let multichoice = questions.filter { ParsedXML.attribute($0, "type") == "multichoice" }
        #expect(multichoice.count == Self.decisionPoints)
        #expect(categories.count + multichoice.count == questions.count)
        var index = 0
        for question in questions {
            if ParsedXML.attribute(question, "type") == "category" {
                let path = ParsedXML.elements(question, "text").first?.stringValue ?? ""
                #expect(path.hasPrefix("$course$/top/her2sim/") || path == "$course$/top/her2sim")
                continue
            }
            let item = Self.bank.items[index]
            index += 1
            #expect(ParsedXML.child(question, "idnumber")?.stringValue == item.identifier)
            #expect(ParsedXML.child(question, "single")?.stringValue == (item.isMultipleAnswer ? "false" : "true"))
            let answers = (question.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "answer" }
            #expect(answers.count == item.options.count)
            let fractions = answers.compactMap { ParsedXML.attribute($0, "fraction").flatMap(Double.init) }
            #expect(abs(fractions.filter { $0 > 0 }.reduce(0, +) - 100) < 0.01, "\(item.identifier): \(fractions)")
            if item.isMultipleAnswer {
                #expect(fractions.reduce(0, +) <= 0.01, "ticking everything earns nothing")
            } else {
                #expect(fractions.filter { $0 == 100 }.count == 1)
            }
            let feedback = answers.map { ParsedXML.child($0, "feedback")?.stringValue ?? "" }
            #expect(feedback.allSatisfy { !$0.isEmpty })
            let general: String = ParsedXML.child(question, "generalfeedback")?.stringValue ?? ""
            #expect(!general.isEmpty)
            let tags = ParsedXML.elements(question, "tag").compactMap(\.stringValue)
            #expect(tags.contains("case:" + item.caseID))
        }
    }

    @Test("GIFT: a category per case, titled questions, weights and feedback on every answer")
    func gift() throws {
        let text = GIFTExporter.document(Self.bank)
        let questions = try GIFTReader.parse(text)
        #expect(questions.count == Self.decisionPoints)
        #expect(Set(questions.map(\.category)).count == Self.bank.cases.count)
        for (question, item) in zip(questions, Self.bank.items) {
            #expect(question.title == item.title)
            #expect(question.format == "plain")
            #expect(question.text == GIFTExporter.stemText(item))
            #expect(question.answers.map(\.text) == item.options.map(\.text))
            #expect(question.answers.map(\.feedback) == item.options.map(\.feedbackText))
            #expect(question.generalFeedback == GIFTExporter.generalFeedbackText(item))
            if item.isMultipleAnswer {
                let weights = question.answers.compactMap(\.weight)
                #expect(weights.count == item.options.count)
                #expect(abs(weights.filter { $0 > 0 }.reduce(0, +) - 100) < 0.01)
            } else {
                #expect(question.answers.filter(\.correct).map(\.text) == item.correctOptions.map(\.text))
            }
        }
        #expect(!text.contains("\n\n\n"))
    }

    @Test("HTML handout: every question, an answer key, no external assets, and it parses as XML")
    func html() throws {
        let text = HTMLHandout.document(Self.bank)
        #expect(text.hasPrefix("<!DOCTYPE html>"))
        let root = try ParsedXML.document(text).rootElement()!
        let articles = ParsedXML.elements(root, "article").filter { ParsedXML.hasClass($0, "question") }
        #expect(articles.count == Self.decisionPoints)
        let keys = ParsedXML.elements(root, "div").filter { ParsedXML.hasClass($0, "key-item") }
        #expect(keys.count == Self.decisionPoints)
        let sections = ParsedXML.elements(root, "section").filter { ParsedXML.hasClass($0, "case") }
        #expect(sections.count == Self.bank.cases.count)
        #expect(
            ParsedXML.elements(root, "script").isEmpty && ParsedXML.elements(root, "link").isEmpty
                && ParsedXML.elements(root, "img").isEmpty)
        for anchor in ParsedXML.elements(root, "a") {
            #expect(ParsedXML.attribute(anchor, "href")?.hasPrefix("#") == true, "links stay inside the handout")
        }
        #expect(!text.contains("http://") && !text.contains("https://"))
        #expect(ParsedXML.elements(root, "style").count == 1)
        #expect(!HTMLHandout.styleSheet.contains { "<>&\"'".contains($0) }, "the style sheet needs no escaping")
        #expect(text.contains("break-before: page"))
        for (article, item) in zip(articles, Self.bank.items) {
            let options = ParsedXML.elements(article, "ul").filter { ParsedXML.hasClass($0, "options") }.first
            #expect(ParsedXML.elements(try #require(options), "li").count == item.options.count)
        }
    }

    @Test("a zip entry path that would leave the package is refused")
    func zipSlip() {
        #expect(throws: ExportError.self) { try ZipPackage.data([PackageEntry(path: "../evil.xml", data: Data())]) }
        #expect(throws: ExportError.self) { try ZipPackage.data([PackageEntry(path: "/abs.xml", data: Data())]) }
        #expect(throws: ExportError.self) {
            try ZipPackage.data([PackageEntry(path: "a.xml", data: Data()), PackageEntry(path: "a.xml", data: Data())])
        }
        #expect(ZipPackage.isSafe("case/item.xml"))
    }
}
