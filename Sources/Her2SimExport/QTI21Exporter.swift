import Foundation
import Her2SimText

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An IMS QTI 2.1 content package: `imsmanifest.xml` (IMS CP 1.1 with IMS MD 1.2 metadata per
/// item) and one `assessmentItem` file per decision, each a `choiceInteraction` scored by a
/// `mapping` (partial credit for multiple-answer items), with the engine's explanation as
/// `feedbackInline` on every choice and the teaching points as `modalFeedback`.
public enum QTI21Exporter {
    static let qtiNamespace = "http://www.imsglobal.org/xsd/imsqti_v2p1"
    static let cpNamespace = "http://www.imsglobal.org/xsd/imscp_v1p1"
    static let mdNamespace = "http://www.imsglobal.org/xsd/imsmd_v1p2"
    static let qtiMetadataNamespace = "http://www.imsglobal.org/xsd/imsqti_metadata_v2p1"
    static let xsiNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    public static func package(_ bank: QuizBank) -> [PackageEntry] {
        var entries = [PackageEntry(path: "imsmanifest.xml", data: manifest(bank))]
        for item in bank.items {
            entries.append(PackageEntry(path: fileName(item), data: assessmentItem(item)))
        }
        return entries
    }

    public static func fileName(_ item: QuizItem) -> String { item.identifier + ".xml" }

    // MARK: - Items

    public static func assessmentItem(_ item: QuizItem) -> Data {
        XML.data(namespaces: [("", qtiNamespace), ("xsi", xsiNamespace)]) { assessmentItemElement(item) }
    }

    static func assessmentItemElement(_ item: QuizItem) -> XMLElement {
        let cardinality = item.isMultipleAnswer ? "multiple" : "single"
        let root = XML.element(
            "assessmentItem",
            [
                "xsi:schemaLocation": "\(qtiNamespace) http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
                "identifier": item.identifier, "title": item.title,
                "adaptive": "false", "timeDependent": "false", "toolName": "her2sim",
            ])
        let mapping = XML.element(
            "mapping",
            [
                "lowerBound": "0", "upperBound": "1", "defaultValue": "0",
            ],
            item.options.map { option in
                XML.element("mapEntry", ["mapKey": option.identifier, "mappedValue": number(option.credit / 100)])
            })
        root.adding([
            XML.element(
                "responseDeclaration",
                ["identifier": "RESPONSE", "cardinality": cardinality, "baseType": "identifier"],
                [
                    XML.element(
                        "correctResponse", [:], item.correctOptions.map { XML.element("value", text: $0.identifier) }),
                    mapping,
                ]),
            outcome("SCORE", baseType: "float", value: "0"),
            outcome("MAXSCORE", baseType: "float", value: "1"),
            XML.element(
                "outcomeDeclaration", ["identifier": "FEEDBACK", "cardinality": cardinality, "baseType": "identifier"]),
            XML.element(
                "outcomeDeclaration", ["identifier": "TEACHING", "cardinality": "single", "baseType": "identifier"]),
        ])
        let interaction = XML.element(
            "choiceInteraction",
            [
                "responseIdentifier": "RESPONSE", "shuffle": "false",
                "maxChoices": item.isMultipleAnswer ? "0" : "1", "minChoices": "0",
            ], [XML.element("prompt", text: item.prompt)])
        for option in item.options {
            let feedback = XML.element(
                "feedbackInline",
                [
                    "outcomeIdentifier": "FEEDBACK", "identifier": option.identifier, "showHide": "show",
                ], ItemMarkup.inlineFeedback(option).map(\.xmlNode))
            interaction.addChild(
                XML.element(
                    "simpleChoice", ["identifier": option.identifier, "fixed": "false"],
                    [
                        XML.text(option.text + " "), feedback,
                    ]))
        }
        root.addChild(XML.element("itemBody", [:], ItemMarkup.stem(item).map(\.xmlNode) + [interaction]))
        root.addChild(
            XML.element(
                "responseProcessing", [:],
                [
                    XML.element(
                        "setOutcomeValue", ["identifier": "SCORE"],
                        [XML.element("mapResponse", ["identifier": "RESPONSE"])]),
                    XML.element(
                        "setOutcomeValue", ["identifier": "FEEDBACK"],
                        [XML.element("variable", ["identifier": "RESPONSE"])]),
                    XML.element(
                        "setOutcomeValue", ["identifier": "TEACHING"],
                        [XML.element("baseValue", ["baseType": "identifier"], text: "teaching")]),
                ]))
        root.addChild(
            XML.element(
                "modalFeedback",
                [
                    "outcomeIdentifier": "TEACHING", "identifier": "teaching", "showHide": "show",
                    "title": "Teaching points",
                ], ItemMarkup.generalFeedback(item).map(\.xmlNode)))
        return root
    }

    static func outcome(_ identifier: String, baseType: String, value: String) -> XMLElement {
        XML.element(
            "outcomeDeclaration", ["identifier": identifier, "cardinality": "single", "baseType": baseType],
            [
                XML.element("defaultValue", [:], [XML.element("value", text: value)])
            ])
    }

    // MARK: - Manifest

    public static func manifest(_ bank: QuizBank) -> Data {
        XML.data(namespaces: [
            ("", cpNamespace), ("imsmd", mdNamespace), ("imsqti", qtiMetadataNamespace), ("xsi", xsiNamespace),
        ]) { manifestElement(bank) }
    }

    static func manifestElement(_ bank: QuizBank) -> XMLElement {
        let root = XML.element(
            "manifest",
            [
                "identifier": "her2sim-cme-qti21-seed-\(bank.seed)",
                "xsi:schemaLocation":
                    "\(cpNamespace) http://www.imsglobal.org/xsd/imscp_v1p1.xsd \(mdNamespace) http://www.imsglobal.org/xsd/imsmd_v1p2p4.xsd",
            ])
        root.addChild(
            XML.element(
                "metadata", [:],
                [
                    XML.element("schema", text: "QTIv2.1 Package"),
                    XML.element("schemaversion", text: "1.0.0"),
                    packageLOM(bank),
                ]))
        root.addChild(XML.element("organizations"))
        let resources = XML.element("resources")
        for quizCase in bank.cases {
            for item in quizCase.items {
                resources.addChild(
                    XML.element(
                        "resource",
                        [
                            "identifier": item.identifier, "type": "imsqti_item_xmlv2p1", "href": fileName(item),
                        ],
                        [
                            XML.element("metadata", [:], [lom(item, quizCase: quizCase), qtiMetadata(item)]),
                            XML.element("file", ["href": fileName(item)]),
                        ]))
            }
        }
        root.addChild(resources)
        return root
    }

    /// The package's IMS MD 1.2 record: the activity's title, one description per CME entry
    /// (statements, dates, faculty and disclosures, objectives, evaluation, off-label
    /// disclosure), and the knowledge base's fingerprint as the version.
    static func packageLOM(_ bank: QuizBank) -> XMLElement {
        let counts = "\(Text.count(bank.items.count, "decision")) from \(Text.count(bank.cases.count, "case"))"
        let title = bank.activity.map { "\($0.title): \(counts)" } ?? "her2sim CME quiz: \(counts)"
        var general: [XMLNode] = [
            XML.element("imsmd:title", [:], [langstring(title)]),
            XML.element(
                "imsmd:description", [:],
                [
                    langstring(
                        "Synthetic HER2-positive metastatic breast cancer cases for teaching; not for treating real patients."
                    )
                ]),
        ]
        general += CMEText.plainLines(bank).map { XML.element("imsmd:description", [:], [langstring($0)]) }
        general.append(XML.element("imsmd:keyword", [:], [langstring("CME")]))
        var lom: [XMLNode] = [XML.element("imsmd:general", [:], general)]
        if let fingerprint = bank.knowledgeBase {
            lom.append(
                XML.element(
                    "imsmd:lifecycle", [:],
                    [
                        XML.element("imsmd:version", [:], [langstring("knowledge base " + fingerprint.short)])
                    ]))
        }
        return XML.element("imsmd:lom", [:], lom)
    }

    /// IMS MD 1.2: the case as catalog entry, summary, references as keywords, the turn's
    /// objectives as educational-objective classifications.
    static func lom(_ item: QuizItem, quizCase: QuizCase) -> XMLElement {
        var general: [XMLNode] = [
            XML.element("imsmd:identifier", text: item.identifier),
            XML.element("imsmd:title", [:], [langstring(item.title)]),
            XML.element(
                "imsmd:catalogentry", [:],
                [
                    XML.element("imsmd:catalog", text: "her2sim-case"),
                    XML.element("imsmd:entry", [:], [langstring(quizCase.id)]),
                ]),
            XML.element("imsmd:language", text: "en"),
            XML.element("imsmd:description", [:], [langstring(quizCase.summary)]),
        ]
        general += ([quizCase.id] + item.references).map { XML.element("imsmd:keyword", [:], [langstring($0)]) }
        var lom: [XMLNode] = [
            XML.element("imsmd:general", [:], general),
            XML.element(
                "imsmd:educational", [:],
                [
                    XML.element(
                        "imsmd:difficulty", [:],
                        [
                            XML.element("imsmd:source", [:], [langstring("LOMv1.0", lang: "x-none")]),
                            XML.element(
                                "imsmd:value", [:], [langstring(lomDifficulty(quizCase.difficulty), lang: "x-none")]),
                        ])
                ]),
        ]
        lom += item.objectives.map { objective in
            XML.element(
                "imsmd:classification", [:],
                [
                    XML.element(
                        "imsmd:purpose", [:],
                        [
                            XML.element("imsmd:source", [:], [langstring("LOMv1.0", lang: "x-none")]),
                            XML.element("imsmd:value", [:], [langstring("Educational Objective", lang: "x-none")]),
                        ]),
                    XML.element("imsmd:description", [:], [langstring(objective)]),
                ])
        }
        return XML.element("imsmd:lom", [:], lom)
    }

    static func qtiMetadata(_ item: QuizItem) -> XMLElement {
        XML.element(
            "imsqti:qtiMetadata", [:],
            [
                XML.element("imsqti:timeDependent", text: "false"),
                XML.element("imsqti:interactionType", text: "choiceInteraction"),
                XML.element("imsqti:feedbackType", text: "nonadaptive"),
                XML.element("imsqti:solutionAvailable", text: "true"),
                XML.element("imsqti:toolName", text: "her2sim"),
            ])
    }

    static func langstring(_ text: String, lang: String = "en") -> XMLElement {
        XML.element("imsmd:langstring", ["xml:lang": lang], text: text)
    }

    static func lomDifficulty(_ difficulty: String) -> String {
        switch difficulty {
        case "introductory": "easy"
        case "advanced": "difficult"
        default: "medium"
        }
    }

    /// A decimal without trailing zeros: 1, 0.5, 0.3333333, -0.25.
    static func number(_ value: Double) -> String {
        NumberFormat.trimmed(value, maxDigits: 7)
    }
}
