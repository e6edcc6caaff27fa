/// How an item reads in (X)HTML, shared by every format that shows markup: the vignette, the
/// per-option explanations and the teaching points.
enum ItemMarkup {
    typealias M = Markup

    /// The vignette, without the question.
    static func stem(_ item: QuizItem) -> [Markup] {
        let stem = item.stem
        var blocks: [Markup] = []
        if !stem.changes.isEmpty {
            blocks.append(heading(item.decisionNumber == 1 ? "At this visit" : "Since the last decision"))
            blocks.append(.el("ul", M.cls("changes"), stem.changes.map { .el("li", text: $0) }))
        }
        blocks += stem.narrative.map { .el("p", M.cls("narrative"), text: $0) }
        if !stem.findings.isEmpty {
            blocks.append(heading("Findings"))
            blocks.append(labeledList(stem.findings, class: "findings"))
        }
        blocks.append(heading("Her situation now"))
        blocks.append(labeledList(stem.status, class: "status"))
        blocks.append(heading("Treatment so far"))
        if stem.history.isEmpty {
            blocks.append(.el("p", M.cls("history"), text: "No prior therapy for metastatic disease."))
        } else {
            blocks.append(.el("ol", M.cls("history"), stem.history.map { .el("li", text: $0) }))
        }
        return [.el("div", M.cls("vignette"), blocks)]
    }

    /// The stem followed by the question, for formats without a separate prompt.
    static func stemWithPrompt(_ item: QuizItem) -> [Markup] {
        stem(item) + [.el("p", M.cls("prompt"), [.el("strong", text: item.prompt)])]
    }

    /// The engine's explanation of one option as blocks.
    static func feedback(_ option: QuizOption) -> [Markup] {
        var blocks: [Markup] = [.el("p", [.el("strong", text: option.verdict)])]
        if !option.reasons.isEmpty {
            blocks.append(.el("ul", M.cls("reasons"), option.reasons.map(reasonItem)))
        }
        if let note = option.offLabel {
            blocks.append(.el("p", M.cls("off-label"), [.el("strong", text: "Off-label: "), .text(note)]))
        }
        return blocks
    }

    /// The same explanation with inline elements only (QTI's feedbackInline).
    static func inlineFeedback(_ option: QuizOption) -> [Markup] {
        var nodes: [Markup] = [.el("strong", text: option.verdict)]
        for reason in option.reasons {
            nodes.append(.el("br", []))
            nodes += reasonInline(reason)
        }
        if let note = option.offLabel {
            nodes.append(.el("br", []))
            nodes += [.el("strong", text: "Off-label: "), .text(note)]
        }
        return nodes
    }

    static func reasonItem(_ reason: QuizReason) -> Markup {
        .el("li", reasonInline(reason))
    }

    /// The rationale in plain words with its sources; no rule id (those are for authors).
    static func reasonInline(_ reason: QuizReason) -> [Markup] {
        [.text(reason.learnerText)]
    }

    /// General feedback: the answer, the teaching points, the objectives and the references.
    static func generalFeedback(_ item: QuizItem) -> [Markup] {
        let answer = item.correctOptions.map(\.text).joined(separator: "; ")
        var blocks: [Markup] = [
            .el("p", [.el("strong", text: item.isMultipleAnswer ? "Answers: " : "Answer: "), .text(answer)])
        ]
        blocks += item.teaching.map { .el("p", M.cls("teaching"), text: $0) }
        let offLabel = item.options.compactMap { option in option.offLabel.map { option.text + ": " + $0 } }
        if !offLabel.isEmpty {
            blocks.append(heading("Off-label"))
            blocks.append(.el("ul", M.cls("off-label"), offLabel.map { .el("li", text: $0) }))
        }
        if !item.objectives.isEmpty {
            blocks.append(heading("Objectives"))
            blocks.append(.el("ul", M.cls("objectives"), item.objectives.map { .el("li", text: $0) }))
        }
        if !item.references.isEmpty {
            blocks.append(
                .el(
                    "p", M.cls("references"),
                    [
                        .el("strong", text: "References: "),
                        .text(item.references.joined(separator: ", ")),
                    ]))
        }
        blocks.append(
            .el("p", M.cls("case"), [.el("strong", text: "Case: "), .text("\(item.caseID) (\(item.identifier))")]))
        return blocks
    }

    static func heading(_ text: String) -> Markup {
        .el("p", M.cls("section"), [.el("strong", text: text)])
    }

    static func labeledList(_ rows: [LabeledText], class name: String) -> Markup {
        .el("ul", M.cls(name), rows.map { .el("li", [.el("strong", text: $0.label + ": "), .text($0.text)]) })
    }
}
