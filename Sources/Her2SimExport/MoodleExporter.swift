import Foundation
import Her2SimText

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Moodle XML: one `category` question per case (its summary, objectives and references as the
/// category's info), then its `multichoice` questions. Single-answer items give the key 100%
/// and the distractors 0; multiple-answer items split 100% over the keys and take the same
/// total back over the distractors, so ticking everything scores 0. Text is escaped by the
/// XML library (HTML inside `<text>` is escaped twice over: once as HTML, once as XML).
public enum MoodleExporter {
    public static func document(_ bank: QuizBank) -> Data {
        XML.data { documentElement(bank) }
    }

    static func documentElement(_ bank: QuizBank) -> XMLElement {
        let quiz = XML.element("quiz")
        quiz.addChild(
            XMLNode.comment(
                withStringValue:
                    " her2sim CME quiz: \(Text.count(bank.items.count, "question")) from \(Text.count(bank.cases.count, "case")), seed \(bank.seed). Synthetic patients for teaching only. "
            ) as! XMLNode)
        quiz.addChild(activityCategory(bank))
        for quizCase in bank.cases {
            quiz.addChild(category(quizCase))
            for item in quizCase.items { quiz.addChild(question(item, quizCase: quizCase)) }
        }
        return quiz
    }

    /// `$course$/top/her2sim/hb-401 · Title` — a slash inside a name is written `//`.
    static func categoryPath(_ quizCase: QuizCase) -> String {
        let name = "\(quizCase.id) · \(quizCase.title)".replacingOccurrences(of: "/", with: "//")
        return "$course$/top/her2sim/" + name
    }

    /// The parent category `$course$/top/her2sim`: its info carries the CME administration
    /// (statements, faculty and disclosures, dates, objectives, evaluation, off-label
    /// disclosure, knowledge-base version), so it travels with the question bank.
    static func activityCategory(_ bank: QuizBank) -> XMLElement {
        let info = Markup.html([.el("p", text: bank.title)] + CMEText.markup(bank))
        return XML.element(
            "question", ["type": "category"],
            [
                XML.element("category", [:], [XML.element("text", text: "$course$/top/her2sim")]),
                XML.element("info", ["format": "html"], [XML.element("text", text: info)]),
                XML.element("idnumber", text: "her2sim" + (bank.knowledgeBase.map { "-" + $0.short } ?? "")),
            ])
    }

    static func category(_ quizCase: QuizCase) -> XMLElement {
        let info = Markup.html([
            .el("p", text: quizCase.summary),
            .el("p", [.el("strong", text: "Objectives")]),
            .el("ul", quizCase.objectives.map { .el("li", text: $0) }),
            .el("p", [.el("strong", text: "References: "), .text(quizCase.references.joined(separator: ", "))]),
            .el(
                "p",
                [
                    .el("strong", text: "Difficulty: "),
                    .text("\(quizCase.difficulty), about \(quizCase.minutes) minutes"),
                ]),
        ])
        return XML.element(
            "question", ["type": "category"],
            [
                XML.element("category", [:], [XML.element("text", text: categoryPath(quizCase))]),
                XML.element("info", ["format": "html"], [XML.element("text", text: info)]),
                XML.element("idnumber", text: quizCase.id),
            ])
    }

    static func question(_ item: QuizItem, quizCase: QuizCase) -> XMLElement {
        var children: [XMLNode] = [
            XML.element("name", [:], [XML.element("text", text: item.title)]),
            html("questiontext", ItemMarkup.stemWithPrompt(item)),
            html("generalfeedback", ItemMarkup.generalFeedback(item)),
            XML.element("defaultgrade", text: "1"),
            XML.element("penalty", text: item.isMultipleAnswer ? "0" : "0.3333333"),
            XML.element("hidden", text: "0"),
            XML.element("idnumber", text: item.identifier),
            XML.element("single", text: item.isMultipleAnswer ? "false" : "true"),
            XML.element("shuffleanswers", text: "false"),
            XML.element("answernumbering", text: "ABCD"),
            XML.element("showstandardinstruction", text: "0"),
            html("correctfeedback", [.el("p", text: "Your answer matches the reference.")]),
            html("partiallycorrectfeedback", [.el("p", text: "Partly right: see the explanation of each option.")]),
            html(
                "incorrectfeedback", [.el("p", text: "Not the reference's choice: see the explanation of each option.")]
            ),
        ]
        if item.isMultipleAnswer { children.append(XML.element("shownumcorrect")) }
        for option in item.options {
            children.append(
                XML.element(
                    "answer", ["fraction": fraction(option.credit), "format": "html"],
                    [
                        XML.element("text", text: Markup.html([.text(option.text)])),
                        html("feedback", ItemMarkup.feedback(option)),
                    ]))
        }
        let tags =
            ["her2sim", "case:" + item.caseID, "line:\(item.line)", "difficulty:" + quizCase.difficulty]
            + item.references
        children.append(XML.element("tags", [:], tags.map { XML.element("tag", [:], [XML.element("text", text: $0)]) }))
        return XML.element("question", ["type": "multichoice"], children)
    }

    static func html(_ name: String, _ markup: [Markup]) -> XMLElement {
        XML.element(name, ["format": "html"], [XML.element("text", text: Markup.html(markup))])
    }

    /// Moodle's grade list: "100", "50", "33.33333", "-25".
    static func fraction(_ percent: Double) -> String {
        NumberFormat.trimmed(percent, maxDigits: 5)
    }
}
