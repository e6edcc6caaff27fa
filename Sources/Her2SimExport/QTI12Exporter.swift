import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A Canvas-style IMS QTI 1.2 package: one quiz (`assessment`) per case, each in its own folder
/// with Canvas's `assessment_meta.xml`, listed in `imsmanifest.xml`. Items are
/// `multiple_choice_question` or `multiple_answers_question` with `response_lid`, a feedback
/// per answer and general feedback; Canvas scores a multiple-answers question with partial
/// credit itself from the `and`/`not` condition that marks the right combination.
public enum QTI12Exporter {
    static let qtiNamespace = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
    static let cpNamespace = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
    static let canvasNamespace = "http://canvas.instructure.com/xsd/cccv1p0"
    static let xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    public static func package(_ bank: QuizBank) -> [PackageEntry] {
        var entries = [PackageEntry(path: "imsmanifest.xml", data: manifest(bank))]
        for quizCase in bank.cases {
            entries.append(PackageEntry(path: assessmentPath(quizCase), data: assessment(quizCase, bank: bank)))
            entries.append(PackageEntry(path: metaPath(quizCase), data: assessmentMeta(quizCase, bank: bank)))
        }
        return entries
    }

    static func assessmentPath(_ quizCase: QuizCase) -> String { "\(quizCase.identifier)/\(quizCase.identifier).xml" }
    static func metaPath(_ quizCase: QuizCase) -> String { "\(quizCase.identifier)/assessment_meta.xml" }

    // MARK: - Manifest

    public static func manifest(_ bank: QuizBank) -> Data {
        XML.data(namespaces: [("", cpNamespace), ("xsi", xsiNamespace)]) { manifestElement(bank) }
    }

    static func manifestElement(_ bank: QuizBank) -> XMLElement {
        let root = XML.element(
            "manifest",
            [
                "identifier": "her2sim-cme-qti12-seed-\(bank.seed)",
                "xsi:schemaLocation":
                    "\(cpNamespace) http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
            ])
        root.addChild(
            XML.element(
                "metadata", [:],
                [
                    XML.element("schema", text: "IMS Content"),
                    XML.element("schemaversion", text: "1.1.3"),
                ]))
        root.addChild(XML.element("organizations"))
        let resources = XML.element("resources")
        for quizCase in bank.cases {
            resources.addChild(
                XML.element(
                    "resource", ["identifier": quizCase.identifier, "type": "imsqti_xmlv1p2"],
                    [
                        XML.element("file", ["href": assessmentPath(quizCase)]),
                        XML.element("dependency", ["identifierref": quizCase.identifier + "-meta"]),
                    ]))
            resources.addChild(
                XML.element(
                    "resource",
                    [
                        "identifier": quizCase.identifier + "-meta",
                        "type": "associatedcontent/imscc_xmlv1p1/learning-application-resource",
                        "href": metaPath(quizCase),
                    ], [XML.element("file", ["href": metaPath(quizCase)])]))
        }
        root.addChild(resources)
        return root
    }

    /// Canvas's quiz settings: one question at a time without going back, since each vignette
    /// reveals the reference's answer to the one before.
    public static func assessmentMeta(_ quizCase: QuizCase, bank: QuizBank? = nil) -> Data {
        XML.data(namespaces: [("", canvasNamespace), ("xsi", xsiNamespace)]) {
            assessmentMetaElement(quizCase, bank: bank)
        }
    }

    static func assessmentMetaElement(_ quizCase: QuizCase, bank: QuizBank? = nil) -> XMLElement {
        let description = Markup.html(
            (bank.map(CMEText.markup) ?? []) + [
                .el("p", text: quizCase.summary),
                .el("p", [.el("strong", text: "Objectives")]),
                .el("ul", quizCase.objectives.map { .el("li", text: $0) }),
                .el("p", [.el("strong", text: "References: "), .text(quizCase.references.joined(separator: ", "))]),
                .el("p", [.el("em", text: "Synthetic patient for teaching only; not for treating real patients.")]),
            ])
        let root = XML.element(
            "quiz",
            [
                "identifier": quizCase.identifier,
                "xsi:schemaLocation": "\(canvasNamespace) https://canvas.instructure.com/xsd/cccv1p0.xsd",
            ],
            [
                XML.element("title", text: "\(quizCase.id) · \(quizCase.title)"),
                XML.element("description", text: description),
                XML.element("shuffle_answers", text: "false"),
                XML.element("scoring_policy", text: "keep_highest"),
                XML.element("quiz_type", text: "practice_quiz"),
                XML.element("points_possible", text: "\(quizCase.items.count).0"),
                XML.element("show_correct_answers", text: "true"),
                XML.element("one_question_at_a_time", text: "true"),
                XML.element("cant_go_back", text: "true"),
                XML.element("allowed_attempts", text: "-1"),
            ])
        return root
    }

    // MARK: - Assessment

    public static func assessment(_ quizCase: QuizCase, bank: QuizBank? = nil) -> Data {
        XML.data(namespaces: [("", qtiNamespace), ("xsi", xsiNamespace)]) { assessmentElement(quizCase, bank: bank) }
    }

    static func assessmentElement(_ quizCase: QuizCase, bank: QuizBank? = nil) -> XMLElement {
        let section = XML.element("section", ["ident": "root_section"], quizCase.items.map(item))
        var fields = [
            field("cc_maxattempts", "1"),
            field("her2sim_case", quizCase.id),
            field("her2sim_difficulty", quizCase.difficulty),
            field("her2sim_references", quizCase.references.joined(separator: ", ")),
        ]
        // The CME administration, one field per entry (her2sim_cme_accreditation…).
        if let bank {
            if let activity = bank.activity {
                fields += CMEText.activityEntries(activity).map { entry in
                    field(
                        "her2sim_cme_" + entry.label.lowercased().replacingOccurrences(of: " ", with: "_"), entry.text)
                }
            }
            if !bank.offLabel.isEmpty {
                fields.append(
                    field(
                        "her2sim_off_label",
                        CMEText.offLabelLead(bank) + " " + CMEText.offLabelLines(bank).joined(separator: "; ")))
            }
            if let fingerprint = bank.knowledgeBase {
                fields.append(field("her2sim_knowledge_base", fingerprint.sha256))
            }
        }
        var children: [XMLNode] = [XML.element("qtimetadata", [:], fields)]
        if !quizCase.objectives.isEmpty { children.append(objectives(quizCase.objectives)) }
        children.append(section)
        let root = XML.element(
            "questestinterop",
            [
                "xsi:schemaLocation": "\(qtiNamespace) http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"
            ],
            [
                XML.element(
                    "assessment", ["ident": quizCase.identifier, "title": "\(quizCase.id) · \(quizCase.title)"],
                    children)
            ])
        return root
    }

    static func item(_ item: QuizItem) -> XMLElement {
        var metadata: [XMLNode] = [
            field("question_type", item.isMultipleAnswer ? "multiple_answers_question" : "multiple_choice_question"),
            field("points_possible", "1.0"),
            field("original_answer_ids", item.options.map(\.identifier).joined(separator: ",")),
            field("assessment_question_identifierref", item.identifier + "-question"),
            field("her2sim_case", item.caseID),
            field("her2sim_turn", String(item.turnIndex + 1)),
            field("her2sim_line", String(item.line)),
        ]
        if !item.references.isEmpty {
            metadata.append(field("her2sim_references", item.references.joined(separator: ", ")))
        }
        var children: [XMLNode] = [XML.element("itemmetadata", [:], [XML.element("qtimetadata", [:], metadata)])]
        if !item.objectives.isEmpty { children.append(objectives(item.objectives)) }

        let labels = item.options.map { option in
            XML.element("response_label", ["ident": option.identifier], [material(option.text, html: false)])
        }
        children.append(
            XML.element(
                "presentation", [:],
                [
                    material(Markup.html(ItemMarkup.stemWithPrompt(item)), html: true),
                    XML.element(
                        "response_lid",
                        ["ident": "response1", "rcardinality": item.isMultipleAnswer ? "Multiple" : "Single"],
                        [
                            XML.element("render_choice", [:], labels)
                        ]),
                ]))

        var conditions: [XMLNode] = [
            XML.element(
                "respcondition", ["continue": "Yes"],
                [
                    XML.element("conditionvar", [:], [XML.element("other")]),
                    XML.element("displayfeedback", ["feedbacktype": "Response", "linkrefid": "general_fb"]),
                ])
        ]
        for option in item.options {
            conditions.append(
                XML.element(
                    "respcondition", ["continue": "Yes"],
                    [
                        XML.element("conditionvar", [:], [varequal(option.identifier)]),
                        XML.element(
                            "displayfeedback", ["feedbacktype": "Response", "linkrefid": option.identifier + "_fb"]),
                    ]))
        }
        let right: XMLNode
        if item.isMultipleAnswer {
            right = XML.element(
                "and", [:],
                item.options.map { option in
                    option.isCorrect
                        ? varequal(option.identifier) : XML.element("not", [:], [varequal(option.identifier)])
                })
        } else {
            right = varequal(item.correctOptions[0].identifier)
        }
        conditions.append(
            XML.element(
                "respcondition", ["continue": "No"],
                [
                    XML.element("conditionvar", [:], [right]),
                    XML.element("setvar", ["action": "Set", "varname": "SCORE"], text: "100"),
                ]))
        children.append(
            XML.element(
                "resprocessing", [:],
                [
                    XML.element(
                        "outcomes", [:],
                        [
                            XML.element(
                                "decvar",
                                ["maxvalue": "100", "minvalue": "0", "varname": "SCORE", "vartype": "Decimal"])
                        ])
                ] + conditions))

        children.append(feedback("general_fb", Markup.html(ItemMarkup.generalFeedback(item))))
        for option in item.options {
            children.append(feedback(option.identifier + "_fb", Markup.html(ItemMarkup.feedback(option))))
        }
        return XML.element("item", ["ident": item.identifier, "title": item.title], children)
    }

    static func field(_ label: String, _ entry: String) -> XMLElement {
        XML.element(
            "qtimetadatafield", [:], [XML.element("fieldlabel", text: label), XML.element("fieldentry", text: entry)])
    }

    static func material(_ text: String, html: Bool) -> XMLElement {
        XML.element(
            "material", [:], [XML.element("mattext", ["texttype": html ? "text/html" : "text/plain"], text: text)])
    }

    static func objectives(_ objectives: [String]) -> XMLElement {
        XML.element(
            "objectives", [:],
            [
                XML.element(
                    "material", [:], objectives.map { XML.element("mattext", ["texttype": "text/plain"], text: $0) })
            ])
    }

    static func varequal(_ identifier: String) -> XMLElement {
        XML.element("varequal", ["respident": "response1"], text: identifier)
    }

    static func feedback(_ ident: String, _ html: String) -> XMLElement {
        XML.element(
            "itemfeedback", ["ident": ident],
            [
                XML.element("flow_mat", [:], [material(html, html: true)])
            ])
    }
}
