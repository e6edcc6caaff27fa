import Foundation
import Her2SimCore
import Yams

final class CMEDecoder {
    static let keys = [
        "title", "format", "provider", "accreditation", "credit-designation", "credit-hours", "practice-region",
        "target-audience", "release-date", "expiry-date", "review-date", "method-of-participation", "passing-score",
        "commercial-support", "faculty", "objectives", "evaluation", "contact", "knowledge-base",
    ]
    /// Verbs an objective cannot be measured by (ACCME asks for measurable outcomes).
    static let vagueVerbs = ["understand", "know", "learn", "appreciate", "be aware", "become familiar", "review"]

    let reader: YAMLReader
    let regions: [String]
    let fingerprint: KnowledgeFingerprint?

    init(reader: YAMLReader, regions: [String], fingerprint: KnowledgeFingerprint?) {
        self.reader = reader
        self.regions = regions
        self.fingerprint = fingerprint
    }

    func decode(_ root: Node) -> CMEActivity? {
        guard let map = reader.mapping(root, "the CME activity", allowed: Self.keys) else { return nil }
        map.rejectUnknownKeys()
        func text(_ key: String, _ what: String) -> String? {
            map.required(key).flatMap { nonEmpty($0, what) }
        }
        func optionalText(_ key: String, _ what: String) -> String? {
            map[key].flatMap { nonEmpty($0, what) }
        }
        let title = text("title", "title")
        let format = optionalText("format", "activity format") ?? "enduring material"
        let provider = text("provider", "provider")
        let accreditation = text("accreditation", "accreditation statement")
        let designation = text("credit-designation", "credit designation statement")
        let hours = map.required("credit-hours").flatMap { node -> Double? in
            guard let value = reader.number(node, "credit hours", in: 0.25...100) else { return nil }
            if (value * 4).rounded() != value * 4 {
                reader.warning(
                    "credit is usually designated in quarter hours (0.25, 0.5, 0.75…); found \(ClinicalWording.number(value))",
                    at: node)
            }
            return value
        }
        if let hours, let designation, let node = map["credit-designation"],
            !designation.contains(ClinicalWording.number(hours))
        {
            reader.warning(
                "the credit designation does not mention the \(ClinicalWording.number(hours)) credit hours of 'credit-hours'",
                at: node)
        }
        let region = map.required("practice-region").flatMap { node in
            reader.identifier(
                node, "practice region", resolve: { regions.isEmpty || regions.contains($0) ? $0 : nil },
                candidates: { regions }, listedIn: "regions are: \(regions.joined(separator: ", "))")
        }
        let audience = text("target-audience", "target audience")
        let release = map.required("release-date").flatMap { date($0, "release date") }
        let expiry = map.required("expiry-date").flatMap { date($0, "expiry date") }
        let review = map["review-date"].flatMap { date($0, "review date") }
        if let release, let expiry, let node = map["expiry-date"] {
            if expiry <= release {
                reader.error("the expiry date \(expiry) is not after the release date \(release)", at: node)
            } else if expiry > release.adding(years: 3) {
                reader.warning(
                    "enduring material usually expires within 3 years of release (by \(release.adding(years: 3))); found \(expiry)",
                    at: node)
            }
        }
        if let release, let review, review > release, let node = map["review-date"] {
            reader.warning(
                "the review date \(review) is after the release date \(release); content is reviewed before release",
                at: node)
        }
        let method = optionalText("method-of-participation", "method of participation")
        let passing = map["passing-score"].flatMap { reader.int($0, "passing score", in: 1...100, unit: "percent") }
        let support = text("commercial-support", "commercial support statement")
        var faculty: [CMEPerson] = []
        if let node = map.required("faculty"), let items = reader.sequence(node, "the list of faculty and planners") {
            faculty = items.compactMap(person)
            if items.isEmpty {
                reader.error("list at least one faculty member or planner with their disclosures", at: node)
            }
        }
        var objectives: [String] = []
        if let node = map["objectives"], let items = reader.list(node, "a list of learning objectives") {
            for item in items {
                guard let objective = reader.string(item, "learning objective") else { continue }
                let lower = objective.lowercased()
                if let verb = Self.vagueVerbs.first(where: { lower.hasPrefix($0 + " ") }) {
                    reader.warning(
                        "'\(verb)' cannot be measured; start the objective with a measurable verb (choose, select, identify, recognize, compare, manage…)",
                        at: item)
                }
                objectives.append(objective)
            }
        }
        var evaluation: [CMEEvaluationQuestion] = []
        if let node = map.required("evaluation"), let items = reader.sequence(node, "the list of evaluation questions")
        {
            evaluation = items.compactMap(question)
            if items.isEmpty {
                reader.error("list at least one evaluation question (practice change, bias, objectives met)", at: node)
            }
        }
        let contact = optionalText("contact", "contact")
        var reviewed: String?
        if let node = map["knowledge-base"], let value = reader.string(node, "knowledge-base fingerprint") {
            let digits = value.lowercased()
            if digits.count < 12 || digits.count > 64 || !digits.allSatisfy({ $0.isHexDigit }) {
                reader.error(
                    "expected the knowledge-base fingerprint as 12 to 64 hex digits (her2sim export prints it), found '\(value)'",
                    at: node)
            } else {
                reviewed = digits
                if let fingerprint, !fingerprint.sha256.hasPrefix(digits) {
                    reader.warning(
                        "the knowledge base changed since this activity was reviewed (reviewed \(digits.prefix(12)), now \(fingerprint.short)); re-review the content and update 'knowledge-base'",
                        at: node)
                }
            }
        }
        guard let title, let provider, let accreditation, let designation, let hours, let region, let audience,
            let release, let expiry, let support
        else { return nil }
        return CMEActivity(
            title: title, format: format, provider: provider, accreditation: accreditation,
            creditDesignation: designation, creditHours: hours, practiceRegion: region, targetAudience: audience,
            releaseDate: release, expiryDate: expiry, reviewDate: review, methodOfParticipation: method,
            passingScore: passing, commercialSupport: support, faculty: faculty, objectives: objectives,
            evaluation: evaluation, contact: contact, reviewedKnowledgeBase: reviewed)
    }

    /// Text with its surrounding white space trimmed; blank text is an error (an office's
    /// statement cannot be left empty).
    private func nonEmpty(_ node: Node, _ what: String) -> String? {
        guard let value = reader.string(node, what) else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { reader.error("the \(what) is blank", at: node) }
        return trimmed.isEmpty ? nil : trimmed
    }

    private func date(_ node: Node, _ what: String) -> CMEDate? {
        guard let text = reader.string(node, what) else { return nil }
        guard let date = CMEDate(text) else {
            reader.error("expected the \(what) as YYYY-MM-DD (e.g. 2026-12-01), found '\(text)'", at: node)
            return nil
        }
        return date
    }

    private func person(_ node: Node) -> CMEPerson? {
        let keys = ["name", "degree", "affiliation", "role", "disclosures", "mitigation"]
        guard let map = reader.mapping(node, "a faculty member", allowed: keys) else { return nil }
        map.rejectUnknownKeys()
        let name = map.required("name").flatMap { reader.string($0, "name") }
        let degree = map["degree"].flatMap { reader.string($0, "degree") }
        let affiliation = map["affiliation"].flatMap { reader.string($0, "affiliation") }
        let role = map.required("role").flatMap { reader.string($0, "role") }
        var disclosures: [CMEDisclosure] = []
        var disclosed = false
        if let node = map.required(
            "disclosures", why: "write 'none' when there are no relevant financial relationships")
        {
            if case .scalar = node, let value = reader.string(node, "disclosures") {
                if value.lowercased() == "none" {
                    disclosed = true
                } else {
                    reader.error("expected 'none' or a list of {company, relationship}, found '\(value)'", at: node)
                }
            } else if let items = reader.sequence(node, "a list of disclosures") {
                disclosed = true
                for item in items {
                    guard let entry = reader.mapping(item, "a disclosure", allowed: ["company", "relationship"]) else {
                        continue
                    }
                    entry.rejectUnknownKeys()
                    let company = entry.required("company").flatMap { reader.string($0, "company") }
                    let relationship = entry.required("relationship").flatMap { reader.string($0, "relationship") }
                    if let company, let relationship {
                        disclosures.append(CMEDisclosure(company: company, relationship: relationship))
                    }
                }
                if items.isEmpty { reader.error("an empty list of disclosures: write 'none' instead", at: node) }
            }
        }
        let mitigation = map["mitigation"].flatMap { reader.string($0, "mitigation") }
        if !disclosures.isEmpty, mitigation == nil {
            reader.error(
                "\(name ?? "this person") discloses relationships: say how they were mitigated under 'mitigation'",
                at: map.keyNode("disclosures") ?? node)
        }
        guard let name, let role, disclosed else { return nil }
        return CMEPerson(
            name: name, degree: degree, affiliation: affiliation, role: role, disclosures: disclosures,
            mitigation: mitigation)
    }

    private func question(_ node: Node) -> CMEEvaluationQuestion? {
        if case .scalar = node, let text = reader.string(node, "evaluation question") {
            return CMEEvaluationQuestion(text: text, kind: .likert)
        }
        guard
            let map = reader.mapping(
                node, "an evaluation question", shape: "text, or {question, kind}",
                allowed: ["question", "kind"])
        else { return nil }
        map.rejectUnknownKeys()
        let text = map.required("question").flatMap { reader.string($0, "evaluation question") }
        let kind =
            map["kind"].flatMap { reader.choice($0, "question kind", as: CMEEvaluationQuestion.Kind.self) } ?? .likert
        guard let text else { return nil }
        return CMEEvaluationQuestion(text: text, kind: kind)
    }
}
