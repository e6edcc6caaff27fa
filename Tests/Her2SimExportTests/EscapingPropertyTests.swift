import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Random case text full of markup, quotes, non-ASCII and GIFT's specials survives every
/// format exactly: XML formats are parsed back with XMLDocument (HTML inside XML parsed once
/// more), GIFT is read back with a GIFT un-escaper.
@Suite("Escaping round-trips (property tests)")
struct EscapingPropertyTests {
    static let pieces = [
        "a", "b", "x", "Y", "z", "0", "7", " ", " ", "<", ">", "&", "\"", "'", "é", "µ", "≥", "😀", "👩🏽‍⚕️",
        "~", "=", "#", "{", "}", ":", "\\", "/", "%", "[", "]", "]]>", "--", "&amp;", "<p>", "\\n", "::",
        "####", "->", "%50%", "\u{1}", "\u{FFFF}", "×10⁹/L", "–", "·", "$course$", "//", "\\\\",
    ]

    /// Text no field trims away: it starts and ends with a visible character.
    static func randomText(_ generator: inout SeededGenerator, maximum: Int = 24) -> String {
        let count = 1 + Int(generator.next() % UInt64(maximum))
        var text = ""
        for _ in 0..<count { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
        text = text.trimmingCharacters(in: CharacterSet.whitespaces.union(CharacterSet(charactersIn: "\u{1}\u{FFFF}")))
        return text.isEmpty ? "é" : text
    }

    static func randomBank(seed: UInt64) -> QuizBank {
        var generator = SeededGenerator(seed: seed)
        func text() -> String { randomText(&generator) }
        var cases: [QuizCase] = []
        for caseIndex in 0..<2 {
            let caseID = "case-\(caseIndex)"
            var items: [QuizItem] = []
            for itemIndex in 0..<2 {
                let multiple = generator.next() % 2 == 0
                var options: [QuizOption] = []
                for optionIndex in 0..<5 {
                    let correct = multiple ? optionIndex < 2 : optionIndex == 0
                    let reasons = (0..<(1 + Int(generator.next() % 3))).map { _ in
                        QuizReason(
                            rule: text(), text: text(), sources: (0..<Int(generator.next() % 3)).map { _ in text() })
                    }
                    options.append(
                        QuizOption(
                            identifier: "o\(optionIndex)", regimen: "r\(optionIndex)", text: text(),
                            tier: correct ? .preferred : .notRecommended, rank: optionIndex + 1, rankedCount: 18,
                            isCorrect: correct, credit: correct ? (multiple ? 50 : 100) : (multiple ? -33.33333 : 0),
                            decidingRule: "rule-\(optionIndex)", verdict: text(), reasons: reasons))
                }
                let stem = Vignette(
                    changes: [text(), text()], narrative: [text(), text(), text()],
                    findings: [LabeledText(text(), text()), LabeledText("Labs", text())],
                    status: [LabeledText(text(), text())], history: [text(), text()])
                items.append(
                    QuizItem(
                        identifier: "\(caseID)-t\(itemIndex + 1)", caseID: caseID, caseTitle: text(),
                        turnIndex: itemIndex,
                        decisionNumber: itemIndex + 1, decisionCount: 2, line: 3 + itemIndex, stem: stem,
                        prompt: text(),
                        options: options, isMultipleAnswer: multiple, teaching: [text(), text()], objectives: [text()],
                        references: [text(), text()]))
            }
            cases.append(
                QuizCase(
                    id: caseID, identifier: caseID, title: text(), summary: text(), difficulty: "advanced",
                    minutes: 20, objectives: [text(), text()], references: [text()], items: items))
        }
        return QuizBank(cases: cases, seed: seed, sources: [QuizSource(id: "S", citation: text())])
    }

    static func safe(_ text: String) -> String { Text.xmlSafe(text) }

    // MARK: - Shared checks on rendered (X)HTML

    /// The vignette markup (QTI itemBody, Moodle and Canvas HTML, the handout) holds the model's texts.
    static func checkVignette(_ root: XMLNode, _ item: QuizItem, _ context: String) {
        let stem = item.stem
        func texts(_ element: String, _ cls: String) -> [String] {
            ParsedXML.elements(root, element).filter { ParsedXML.hasClass($0, cls) }.map { $0.stringValue ?? "" }
        }
        func items(_ list: String, _ cls: String) -> [String] {
            ParsedXML.elements(root, list).filter { ParsedXML.hasClass($0, cls) }
                .flatMap { ParsedXML.elements($0, "li") }.map { $0.stringValue ?? "" }
        }
        #expect(texts("p", "narrative") == stem.narrative.map(safe), "\(context) narrative")
        #expect(items("ul", "changes") == stem.changes.map(safe), "\(context) changes")
        #expect(items("ul", "findings") == stem.findings.map { safe($0.label + ": " + $0.text) }, "\(context) findings")
        #expect(items("ul", "status") == stem.status.map { safe($0.label + ": " + $0.text) }, "\(context) status")
        #expect(items("ol", "history") == stem.history.map(safe), "\(context) history")
    }

    static func checkFeedback(_ root: XMLNode, _ option: QuizOption, _ context: String) {
        #expect(ParsedXML.elements(root, "strong").first?.stringValue == safe(option.verdict), "\(context) verdict")
        let reasons = ParsedXML.elements(root, "li").map { $0.stringValue ?? "" }
        #expect(reasons == option.reasons.map { safe($0.learnerText) }, "\(context) reasons")
    }

    static func checkGeneralFeedback(_ root: XMLNode, _ item: QuizItem, _ context: String) {
        let teaching = ParsedXML.elements(root, "p").filter { ParsedXML.hasClass($0, "teaching") }.map {
            $0.stringValue ?? ""
        }
        #expect(teaching == item.teaching.map(safe), "\(context) teaching")
        let objectives = ParsedXML.elements(root, "ul").filter { ParsedXML.hasClass($0, "objectives") }
            .flatMap { ParsedXML.elements($0, "li") }.map { $0.stringValue ?? "" }
        #expect(objectives == item.objectives.map(safe), "\(context) objectives")
        let references = ParsedXML.elements(root, "p").first { ParsedXML.hasClass($0, "references") }?.stringValue
        #expect(references == safe("References: " + item.references.joined(separator: ", ")), "\(context) references")
    }

    // MARK: - Per format

    @Test("QTI 2.1 round-trips every text", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func qti21(seed: UInt64) throws {
        let bank = Self.randomBank(seed: seed)
        let entries = Dictionary(
            uniqueKeysWithValues: try ZipPackage.entries(of: Exporter.render(bank, as: .qti21)).map {
                ($0.path, $0.data)
            })
        let manifest = try ParsedXML.document(try #require(entries["imsmanifest.xml"])).rootElement()!
        for quizCase in bank.cases {
            for item in quizCase.items {
                let root = try ParsedXML.document(try #require(entries[QTI21Exporter.fileName(item)])).rootElement()!
                #expect(ParsedXML.attribute(root, "title") == Self.safe(item.title))
                Self.checkVignette(root, item, "qti21 \(item.identifier)")
                #expect(ParsedXML.elements(root, "prompt").first?.stringValue == Self.safe(item.prompt))
                let choices = ParsedXML.elements(root, "simpleChoice")
                for (choice, option) in zip(choices, item.options) {
                    #expect(choice.children?.first?.stringValue == Self.safe(option.text + " "), "qti21 option text")
                    let inline = ParsedXML.elements(choice, "feedbackInline").first
                    #expect(
                        inline?.stringValue == Self.safe(option.verdict + option.reasons.map(\.learnerText).joined()),
                        "qti21 inline feedback")
                }
                let modal = try #require(ParsedXML.elements(root, "modalFeedback").first)
                Self.checkGeneralFeedback(modal, item, "qti21 \(item.identifier)")
                let resource = try #require(
                    ParsedXML.elements(manifest, "resource").first {
                        ParsedXML.attribute($0, "identifier") == item.identifier
                    })
                let title = ParsedXML.elements(resource, "title").first.flatMap {
                    ParsedXML.elements($0, "langstring").first?.stringValue
                }
                #expect(title == Self.safe(item.title))
                let keywords = ParsedXML.elements(resource, "keyword").map { $0.stringValue ?? "" }
                #expect(keywords == ([quizCase.id] + item.references).map(Self.safe))
                let objectives = ParsedXML.elements(resource, "classification").flatMap {
                    ParsedXML.elements($0, "description")
                }.map { $0.stringValue ?? "" }
                #expect(objectives == item.objectives.map(Self.safe))
                let summary = ParsedXML.elements(resource, "general").first.flatMap {
                    ParsedXML.child($0, "description")?.stringValue
                }
                #expect(summary == Self.safe(quizCase.summary))
            }
        }
    }

    @Test("Canvas QTI 1.2 round-trips every text", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func qti12(seed: UInt64) throws {
        let bank = Self.randomBank(seed: seed)
        let entries = Dictionary(
            uniqueKeysWithValues: try ZipPackage.entries(of: Exporter.render(bank, as: .qti12)).map {
                ($0.path, $0.data)
            })
        for quizCase in bank.cases {
            let root = try ParsedXML.document(try #require(entries[QTI12Exporter.assessmentPath(quizCase)]))
                .rootElement()!
            let assessment = try #require(ParsedXML.elements(root, "assessment").first)
            #expect(ParsedXML.attribute(assessment, "title") == Self.safe("\(quizCase.id) · \(quizCase.title)"))
            let assessmentObjectives = ParsedXML.child(assessment, "objectives").map {
                ParsedXML.elements($0, "mattext").map { $0.stringValue ?? "" }
            }
            #expect(assessmentObjectives == quizCase.objectives.map(Self.safe))
            for (element, item) in zip(ParsedXML.elements(assessment, "item"), quizCase.items) {
                #expect(ParsedXML.attribute(element, "title") == Self.safe(item.title))
                let presentation = try #require(ParsedXML.elements(element, "presentation").first)
                let stemHTML = try #require(ParsedXML.path(presentation, "material", "mattext")?.stringValue)
                let stem = try ParsedXML.fragment(stemHTML)
                Self.checkVignette(stem, item, "qti12 \(item.identifier)")
                #expect(
                    ParsedXML.elements(stem, "p").last { ParsedXML.hasClass($0, "prompt") }?.stringValue
                        == Self.safe(item.prompt))
                let labels = ParsedXML.elements(element, "response_label").map {
                    ParsedXML.elements($0, "mattext").first?.stringValue
                }
                #expect(labels == item.options.map { Self.safe($0.text) })
                let feedback = Dictionary(
                    uniqueKeysWithValues: ParsedXML.elements(element, "itemfeedback").map {
                        (
                            ParsedXML.attribute($0, "ident") ?? "",
                            ParsedXML.elements($0, "mattext").first?.stringValue ?? ""
                        )
                    })
                for option in item.options {
                    Self.checkFeedback(
                        try ParsedXML.fragment(try #require(feedback[option.identifier + "_fb"])), option,
                        "qti12 \(item.identifier)")
                }
                Self.checkGeneralFeedback(
                    try ParsedXML.fragment(try #require(feedback["general_fb"])), item, "qti12 \(item.identifier)")
                let objectives = ParsedXML.child(element, "objectives").map {
                    ParsedXML.elements($0, "mattext").map { $0.stringValue ?? "" }
                }
                #expect(objectives == item.objectives.map(Self.safe))
            }
        }
    }

    @Test("Moodle XML round-trips every text", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func moodle(seed: UInt64) throws {
        let bank = Self.randomBank(seed: seed)
        let root = try ParsedXML.document(Exporter.render(bank, as: .moodle)).rootElement()!
        let questions = ParsedXML.elements(root, "question")
        // The first category is the activity's parent (its info carries the CME administration).
        let categories = questions.filter { ParsedXML.attribute($0, "type") == "category" }.dropFirst()
        for (category, quizCase) in zip(categories, bank.cases) {
            let path = ParsedXML.path(category, "category", "text")?.stringValue
            #expect(
                path
                    == Self.safe(
                        "$course$/top/her2sim/"
                            + "\(quizCase.id) · \(quizCase.title)".replacingOccurrences(of: "/", with: "//")))
            let info = try ParsedXML.fragment(try #require(ParsedXML.path(category, "info", "text")?.stringValue))
            #expect(ParsedXML.elements(info, "p").first?.stringValue == Self.safe(quizCase.summary))
            #expect(ParsedXML.elements(info, "li").map { $0.stringValue ?? "" } == quizCase.objectives.map(Self.safe))
        }
        let multichoice = questions.filter { ParsedXML.attribute($0, "type") == "multichoice" }
        for (question, item) in zip(multichoice, bank.items) {
            func html(_ name: String) throws -> XMLElement {
                try ParsedXML.fragment(try #require(ParsedXML.path(question, name, "text")?.stringValue))
            }
            #expect(ParsedXML.path(question, "name", "text")?.stringValue == Self.safe(item.title))
            let text = try html("questiontext")
            Self.checkVignette(text, item, "moodle \(item.identifier)")
            #expect(ParsedXML.elements(text, "p").last?.stringValue == Self.safe(item.prompt))
            Self.checkGeneralFeedback(try html("generalfeedback"), item, "moodle \(item.identifier)")
            let answers = (question.children ?? []).compactMap { $0 as? XMLElement }.filter { $0.name == "answer" }
            for (answer, option) in zip(answers, item.options) {
                let label = try ParsedXML.fragment(try #require(ParsedXML.child(answer, "text")?.stringValue))
                #expect(label.stringValue == Self.safe(option.text))
                let feedback = try ParsedXML.fragment(
                    try #require(ParsedXML.path(answer, "feedback", "text")?.stringValue))
                Self.checkFeedback(feedback, option, "moodle \(item.identifier)")
            }
            let tags = ParsedXML.elements(question, "tag").map { $0.stringValue ?? "" }
            #expect(Array(tags.suffix(item.references.count)) == item.references.map(Self.safe))
        }
    }

    @Test("GIFT round-trips every text through a GIFT un-escaper", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func gift(seed: UInt64) throws {
        let bank = Self.randomBank(seed: seed)
        let document = GIFTExporter.document(bank)
        let questions = try GIFTReader.parse(document)
        #expect(questions.count == bank.items.count)
        for (question, item) in zip(questions, bank.items) {
            #expect(question.title == Self.safe(item.title))
            #expect(question.text == Self.safe(GIFTExporter.stemText(item)))
            #expect(question.text.contains(Self.safe(item.stem.narrative[0])))
            #expect(question.answers.map(\.text) == item.options.map { Self.safe($0.text) })
            #expect(question.answers.map(\.feedback) == item.options.map { Self.safe($0.feedbackText) })
            #expect(question.generalFeedback == Self.safe(GIFTExporter.generalFeedbackText(item)))
            if item.isMultipleAnswer {
                #expect(question.answers.compactMap(\.weight) == item.options.map(\.credit))
            } else {
                #expect(question.answers.map(\.correct) == item.options.map(\.isCorrect))
            }
        }
        // No question is cut short by a blank line inside its text.
        for block in document.components(separatedBy: "\n\n") where block.contains("::") {
            #expect(block.contains("{") && block.hasSuffix("}") || block.hasSuffix("}\n"))
        }
    }

    @Test("GIFT escaping is exactly Moodle's: \\\\, \\~ \\= \\# \\{ \\} \\: and \\n")
    func giftEscape() throws {
        #expect(GIFTExporter.escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni")
        #expect(GIFTExporter.escape("é µ ≥ 😀 <&>\"'") == "é µ ≥ 😀 <&>\"'")
        #expect(GIFTExporter.escape("line\r\nnext") == "line\\nnext")
        #expect(try GIFTReader.unescape("\\\\n") == "\\n", "an escaped backslash before n stays a backslash and an n")
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<500 {
            let text = Self.randomText(&generator, maximum: 40) + "\n" + Self.randomText(&generator)
            let escaped = GIFTExporter.escape(text)
            #expect(try GIFTReader.unescape(escaped) == Self.safe(text))
            #expect(!escaped.contains("\n"))
            for special in "~=#{}:" {
                // every special in the output is escaped: an odd run of backslashes precedes it
                var index = escaped.startIndex
                while let found = escaped[index...].firstIndex(of: special) {
                    let run = escaped[..<found].reversed().prefix { $0 == "\\" }.count
                    #expect(run % 2 == 1, "unescaped \(special) in \(escaped)")
                    index = escaped.index(after: found)
                }
            }
        }
    }

    @Test("the HTML handout round-trips every text and escapes with HTML.escape", arguments: [1, 2, 3] as [UInt64])
    func html(seed: UInt64) throws {
        let bank = Self.randomBank(seed: seed)
        let root = try ParsedXML.document(HTMLHandout.document(bank)).rootElement()!
        let articles = ParsedXML.elements(root, "article")
        let keys = ParsedXML.elements(root, "div").filter { ParsedXML.hasClass($0, "key-item") }
        #expect(articles.count == bank.items.count && keys.count == bank.items.count)
        for ((article, key), item) in zip(zip(articles, keys), bank.items) {
            Self.checkVignette(article, item, "html \(item.identifier)")
            let options = ParsedXML.elements(article, "ul").first { ParsedXML.hasClass($0, "options") }
            let labels = ParsedXML.elements(try #require(options), "li").map {
                ($0.children?.last?.stringValue ?? "").dropFirst()
            }
            #expect(labels.map(String.init) == item.options.map { Self.safe($0.text) })
            let explanations = ParsedXML.elements(key, "li").filter { ParsedXML.hasClass($0, "explanation") }
            for (explanation, option) in zip(explanations, item.options) {
                #expect(ParsedXML.elements(explanation, "strong").first?.stringValue == Self.safe(option.text))
                #expect(
                    ParsedXML.elements(explanation, "p").first { ParsedXML.hasClass($0, "verdict") }?.stringValue
                        == Self.safe(option.verdict))
                let list = ParsedXML.elements(explanation, "ul").first { ParsedXML.hasClass($0, "reasons") }
                let reasons = list.map { ParsedXML.elements($0, "li").map { $0.stringValue ?? "" } } ?? []
                #expect(reasons == option.reasons.map { Self.safe($0.learnerText) })
            }
            let teaching = ParsedXML.elements(key, "div").first { ParsedXML.hasClass($0, "teaching") }
            #expect(
                ParsedXML.elements(try #require(teaching), "p").dropFirst().map { $0.stringValue ?? "" }
                    == item.teaching.map(Self.safe))
        }
        let sources = ParsedXML.elements(root, "ul").first { ParsedXML.hasClass($0, "sources") }
        #expect(
            ParsedXML.elements(try #require(sources), "li").map { $0.stringValue ?? "" }
                == bank.sources.map { Self.safe($0.citation) })
    }

    @Test("HTML.escape escapes the five markup characters and keeps the rest")
    func htmlEscape() {
        #expect(
            HTML.escape("<a href=\"x\">Tom & 'Jerry'</a>")
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTML.escape("é µ ≥ 😀 ~=#{}:") == "é µ ≥ 😀 ~=#{}:")
        #expect(HTML.escape("a\u{1}b") == "ab")
        #expect(
            Markup.el("p", [Markup.Attribute("title", "\"&")], text: "<").html == "<p title=\"&quot;&amp;\">&lt;</p>")
        #expect(Markup.el("br", []).html == "<br />")
    }

    @Test(
        "a real case carrying random text round-trips from the case script to every format",
        arguments: [11, 12, 13] as [UInt64])
    func endToEnd(seed: UInt64) throws {
        var script = try #require(Fixtures.readmeExample)
        var generator = SeededGenerator(seed: seed)
        // Letters that spell no placeholder, so narratives render as written.
        func text() -> String { Self.randomText(&generator) }
        let title = text()
        let narrative = text()
        let teaching = text()
        let imaging = text()
        let objective = text()
        let summary = text()
        script.title = title
        script.summary = summary
        script.turns[0].narrative = NarrativeTemplate(narrative)
        script.turns[0].teaching = teaching
        script.turns[0].findings.imaging = [imaging]
        script.objectives[0].text = objective
        let bank = Fixtures.builder.bank([script], seed: seed)
        let item = try #require(bank.items.first)
        #expect(item.stem.narrative == [Self.safe(narrative)])
        #expect(item.teaching == [Self.safe(teaching)])
        #expect(item.caseTitle == title)
        #expect(item.stem.findings.contains { $0.text == Self.safe(imaging) })
        #expect(item.objectives == [objective])

        // QTI 2.1 and the handout: the vignette and feedback parse back to the same texts.
        let entries = Dictionary(
            uniqueKeysWithValues: try ZipPackage.entries(of: Exporter.render(bank, as: .qti21)).map {
                ($0.path, $0.data)
            })
        let qti = try ParsedXML.document(try #require(entries[QTI21Exporter.fileName(item)])).rootElement()!
        Self.checkVignette(qti, item, "e2e qti21")
        Self.checkGeneralFeedback(try #require(ParsedXML.elements(qti, "modalFeedback").first), item, "e2e qti21")
        let moodle = try ParsedXML.document(Exporter.render(bank, as: .moodle)).rootElement()!
        let question = try #require(
            ParsedXML.elements(moodle, "question").first { ParsedXML.attribute($0, "type") == "multichoice" })
        let questionText = try ParsedXML.fragment(
            try #require(ParsedXML.path(question, "questiontext", "text")?.stringValue))
        Self.checkVignette(questionText, item, "e2e moodle")
        let gift = try GIFTReader.parse(GIFTExporter.document(bank))
        #expect(gift.first?.title == Self.safe(item.title))
        #expect(gift.first?.text == Self.safe(GIFTExporter.stemText(item)))
        let handout = try ParsedXML.document(HTMLHandout.document(bank)).rootElement()!
        #expect(ParsedXML.elements(handout, "h2").contains { $0.stringValue == Self.safe(title) })
        #expect(
            ParsedXML.elements(handout, "p").contains {
                ParsedXML.hasClass($0, "summary")
                    && $0.stringValue == Self.safe(Text.paragraphs(summary).joined(separator: " "))
            })
    }
}
