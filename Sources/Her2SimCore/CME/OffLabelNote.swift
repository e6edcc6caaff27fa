/// The off-label disclosure for one regimen where the learner practises, from the approval
/// table's data: `nil` when the regimen is approved there (or gives no drug).
public struct OffLabelNote: Hashable, Sendable {
    public var regimen: String
    /// "Not approved in the US for this use: approved in China only (PHOEBE)."
    public var text: String
    public var sources: [String]
}

extension ApprovalTable {
    /// The note for `regimen` in `region` (`nil` region: wherever it is not approved everywhere).
    public func offLabelNote(for regimen: String, region: String?) -> OffLabelNote? {
        guard let approval = approval(for: regimen) else {
            return OffLabelNote(
                regimen: regimen, text: "Approval status not recorded in the knowledge base: check the current label.",
                sources: [])
        }
        let note = approval.note.map { ": " + $0 } ?? ""
        switch approval.status {
        case .notApplicable:
            return nil
        case .investigational:
            return OffLabelNote(
                regimen: regimen, text: "Investigational, not approved for this use\(note).", sources: approval.sources)
        case .labelled:
            break
        }
        let approvedNames = approval.regions.map { self.region($0)?.shortName ?? $0 }
        if let region {
            let name = self.region(region)?.shortName ?? region
            if approval.regions.contains(region) { return nil }
            let unconfirmed = approval.unverified.contains(region)
            let lead =
                unconfirmed ? "Approval in \(name) not confirmed for this use" : "Not approved in \(name) for this use"
            let detail =
                approval.note.map { ": " + $0 }
                ?? (approvedNames.isEmpty ? "" : ": approved in " + Self.list(approvedNames))
            return OffLabelNote(regimen: regimen, text: lead + detail + ".", sources: approval.sources)
        }
        guard approval.regions.count < regions.count else { return nil }
        let lead =
            approvedNames.isEmpty
            ? "Not approved for this use in " + Self.list(regions.map(\.shortName))
            : "Approved for this use only in " + Self.list(approvedNames)
        return OffLabelNote(regimen: regimen, text: lead + note + ".", sources: approval.sources)
    }

    /// "the US, the EU and China".
    static func list(_ names: [String]) -> String {
        names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}
