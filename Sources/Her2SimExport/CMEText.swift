import Her2SimCore

/// The CME administration of a bank as labelled entries, shared by every format: the HTML
/// handout prints them as its front matter, QTI and Moodle carry them as metadata, GIFT as
/// comments. All statements are the office's own text (`cme.yaml`), printed as supplied.
enum CMEText {
    struct Entry: Hashable {
        var label: String
        var text: String
    }

    /// The activity's entries in the order a CME office reads them (empty without `--cme`).
    static func activityEntries(_ activity: CMEActivity) -> [Entry] {
        var entries = [
            Entry(label: "Activity", text: "\(activity.title) (\(activity.format))"),
            Entry(label: "Provider", text: activity.provider),
            Entry(label: "Accreditation", text: activity.accreditation),
            Entry(label: "Credit designation", text: activity.creditDesignation),
            Entry(label: "Credit hours", text: activity.creditHoursText),
            Entry(label: "Target audience", text: activity.targetAudience),
            Entry(label: "Release date", text: activity.releaseDate.longText),
            Entry(label: "Expiry date", text: activity.expiryDate.longText),
        ]
        if let review = activity.reviewDate { entries.append(Entry(label: "Last review", text: review.longText)) }
        if let method = activity.methodOfParticipation {
            entries.append(Entry(label: "Method of participation", text: method))
        }
        if let passing = activity.passingScore {
            entries.append(Entry(label: "Passing score", text: "\(passing)% on the post-test"))
        }
        entries.append(Entry(label: "Commercial support", text: activity.commercialSupport))
        entries += activity.faculty.map { Entry(label: "Faculty", text: facultyLine($0)) }
        if let contact = activity.contact { entries.append(Entry(label: "Contact", text: contact)) }
        return entries
    }

    /// "Avery Example, MD — course director, Example University: no relevant financial
    /// relationships" or "…: Company (advisory board); mitigated: …".
    static func facultyLine(_ person: CMEPerson) -> String {
        let who =
            person.displayName + " — "
            + ([person.role] + (person.affiliation.map { [$0] } ?? [])).joined(separator: ", ")
        return who + ": " + disclosureText(person)
    }

    static func disclosureText(_ person: CMEPerson) -> String {
        guard !person.disclosures.isEmpty else {
            return "no relevant financial relationships with ineligible companies"
        }
        let list = person.disclosures.map { "\($0.company) (\($0.relationship))" }.joined(separator: "; ")
        return list + (person.mitigation.map { "; mitigated: " + $0 } ?? "")
    }

    /// "Off-label disclosure: uses not approved in the US are discussed: …" — the lead line.
    static func offLabelLead(_ bank: QuizBank) -> String {
        if let activity = bank.activity {
            return
                "This activity discusses uses that are not approved in \(bank.regionName ?? activity.practiceRegion), where you practise:"
        }
        return "This activity discusses uses that are not approved in every region:"
    }

    static func offLabelLines(_ bank: QuizBank) -> [String] {
        bank.offLabel.map { "\($0.name): \($0.note)" }
    }

    /// "sha256 3f2a… over approvals.yaml, model.yaml, …".
    static func knowledgeBaseText(_ fingerprint: KnowledgeFingerprint) -> String {
        "Scoring/ fingerprint \(fingerprint.short) (SHA-256 \(fingerprint.sha256) over \(fingerprint.files.joined(separator: ", ")))"
    }

    /// Everything as plain lines: activity entries, objectives, evaluation, off-label, version,
    /// full references.
    static func plainLines(_ bank: QuizBank) -> [String] {
        var lines: [String] = []
        if let activity = bank.activity {
            lines += activityEntries(activity).map { "\($0.label): \($0.text)" }
            lines += bank.objectives.map { "Objective: " + $0 }
            lines += activity.evaluation.map { "Evaluation: \($0.text) (\($0.kind.answerHint))" }
        }
        if !bank.offLabel.isEmpty {
            lines.append(
                "Off-label disclosure: " + offLabelLead(bank) + " " + offLabelLines(bank).joined(separator: "; "))
        }
        if let fingerprint = bank.knowledgeBase { lines.append("Knowledge base: " + knowledgeBaseText(fingerprint)) }
        lines += bank.sources.map { "Reference: " + $0.citation }
        return lines.map { Text.xmlSafe($0).replacingOccurrences(of: "\n", with: " ") }
    }

    /// The same as HTML blocks (Moodle category info, Canvas quiz description).
    static func markup(_ bank: QuizBank) -> [Markup] {
        var blocks: [Markup] = []
        if let activity = bank.activity {
            blocks.append(.el("p", [.el("strong", text: "CME activity")]))
            blocks.append(
                .el(
                    "ul",
                    activityEntries(activity).map { entry in
                        .el("li", [.el("strong", text: entry.label + ": "), .text(entry.text)])
                    }))
            if !bank.objectives.isEmpty {
                blocks.append(.el("p", [.el("strong", text: "Learning objectives")]))
                blocks.append(.el("ul", bank.objectives.map { .el("li", text: $0) }))
            }
            if !activity.evaluation.isEmpty {
                blocks.append(.el("p", [.el("strong", text: "Evaluation")]))
                blocks.append(
                    .el("ul", activity.evaluation.map { .el("li", text: "\($0.text) (\($0.kind.answerHint))") }))
            }
        }
        if !bank.offLabel.isEmpty {
            blocks.append(.el("p", [.el("strong", text: "Off-label disclosure: "), .text(offLabelLead(bank))]))
            blocks.append(.el("ul", offLabelLines(bank).map { .el("li", text: $0) }))
        }
        if let fingerprint = bank.knowledgeBase {
            blocks.append(.el("p", [.el("strong", text: "Knowledge base: "), .text(knowledgeBaseText(fingerprint))]))
        }
        if !bank.sources.isEmpty {
            blocks.append(.el("p", [.el("strong", text: "References")]))
            blocks.append(.el("ul", bank.sources.map { .el("li", text: $0.citation) }))
        }
        return blocks
    }
}
