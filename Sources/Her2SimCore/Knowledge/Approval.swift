/// A regulatory region a learner may practise in (`US`, `EU`, `CN`).
public struct ApprovalRegion: Hashable, Sendable, Identifiable {
    public var id: String
    /// "United States (FDA)": how exports name it.
    public var name: String
    /// "the US": how a sentence names it ("not approved in the US").
    public var shortName: String

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, name: String, shortName: String) {
        self.id = id
        self.name = name
        self.shortName = shortName
    }
}

/// Where one regimen is approved for HER2-positive metastatic breast cancer. Exports turn it
/// into the off-label disclosure a CME office must print; none of it is treatment advice.
public struct RegimenApproval: Hashable, Sendable {
    public enum Status: String, CaseIterable, Hashable, Sendable {
        /// A drug regimen: approved where `regions` says, off-label elsewhere.
        case labelled
        /// Only within a clinical trial (investigational agents).
        case investigational
        /// No drug is given (best supportive care): nothing to approve.
        case notApplicable = "not-applicable"
    }

    public var regimen: String
    public var status: Status
    /// Region ids where the regimen, as combined here, is approved for this indication.
    public var regions: [String]
    /// Region ids whose entry has not been re-checked against the current label.
    public var unverified: [String]
    /// What the disclosure adds ("approved in China only (PHOEBE)").
    public var note: String?
    public var sources: [String]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        regimen: String, status: Status, regions: [String], unverified: [String], note: String? = nil,
        sources: [String]
    ) {
        self.regimen = regimen
        self.status = status
        self.regions = regions
        self.unverified = unverified
        self.note = note
        self.sources = sources
    }
}

/// The approval file: its regions and one entry per regimen, loaded beside the knowledge base.
public struct ApprovalTable: Hashable, Sendable {
    public var regions: [ApprovalRegion]
    public var approvals: [String: RegimenApproval]

    public init(regions: [ApprovalRegion], approvals: [String: RegimenApproval]) {
        self.regions = regions
        self.approvals = approvals
    }

    public static let empty = ApprovalTable(regions: [], approvals: [:])

    public func region(_ id: String) -> ApprovalRegion? { regions.first { $0.id == id } }

    public func approval(for regimen: String) -> RegimenApproval? { approvals[regimen] }
}
