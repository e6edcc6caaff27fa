/// Sources as a fellow reads them: the id with a short citation to look up.
extension Knowledge {
    /// "DESTINY-Breast03 (Cortés, NEJM 2022)"; a source without a short citation ("NCCN") or an
    /// unknown id is shown as its id.
    public func shortCitation(_ id: String) -> String {
        if let trial = trial(TrialID(id)) { return "\(id) (\(trial.citation))" }
        if let citation = reference(id)?.citation { return "\(id) (\(citation))" }
        return id
    }

    /// Several sources in the order given, separated by semicolons (citations contain commas).
    public func shortCitations(_ ids: [String]) -> String {
        ids.map(shortCitation).joined(separator: "; ")
    }

    /// Every paper of a source in full (Vancouver style), for handouts and reference lists.
    public func fullCitations(_ id: String) -> [String] {
        (trial(TrialID(id))?.papers ?? reference(id)?.papers ?? []).map(\.fullCitation)
    }
}

extension Citation {
    /// "rule-id: rationale [DESTINY-Breast03 (Cortés, NEJM 2022); NCCN]": how screens cite a rule.
    /// `plainText` keeps the bare ids for exports and JSON.
    public func plainText(citing knowledge: Knowledge) -> String {
        "\(rule): \(text)" + (sources.isEmpty ? "" : " [\(knowledge.shortCitations(sources))]")
    }
}
