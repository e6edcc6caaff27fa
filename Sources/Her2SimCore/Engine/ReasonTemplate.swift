import Foundation

/// A reason that depends on her history: `{unused: taxane, capecitabine, …}` in a rule's text
/// keeps only the items (regimen tags: an agent id or a class) that no regimen she has received
/// carries, so "a partner not yet used" names only partners she has not had.
enum ReasonTemplate {
    static let opening = "{unused:"

    /// `text` with each `{unused: …}` filled for a patient who received regimens with `received`
    /// tags; `nil` when the text has none (the shared citation stands).
    static func fill(_ text: String, received: Set<String>) -> String? {
        guard text.contains(opening) else { return nil }
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].firstIndex(of: "}") {
            result += rest[..<start.lowerBound]
            let items = rest[start.upperBound..<end].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let unused = items.filter { !received.contains($0) }
            result += unused.isEmpty ? "none left" : unused.joined(separator: ", ")
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// The `{unused: …}` items of `text`, for checks at load.
    static func items(in text: String) -> [String] {
        var items: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: opening), let end = rest[start.upperBound...].firstIndex(of: "}") {
            items += rest[start.upperBound..<end].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            rest = rest[rest.index(after: end)...]
        }
        return items
    }
}

extension ReferenceEngine {
    /// Every tag of the regimens in her history (any setting).
    func receivedTags(_ state: PatientState) -> Set<String> {
        var tags = Set<String>()
        for line in state.history {
            if let regimen = knowledge.regimen(line.regimen) { tags.formUnion(regimen.tags) }
        }
        return tags
    }

    /// `reasons` with their `{unused: …}` templates filled for `state`.
    func filled(_ reasons: [Reason], received: Set<String>) -> [Reason] {
        reasons.map { reason in
            guard let text = ReasonTemplate.fill(reason.text, received: received) else { return reason }
            return Reason(
                citation: Citation(rule: reason.rule, text: text, sources: reason.sources),
                role: reason.role, tier: reason.tier)
        }
    }
}
