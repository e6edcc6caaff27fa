import Her2SimCore
import Her2SimRecords

extension XAPIStatementBuilder {
    /// A builder naming turns as the case library does. Activities are named by case id, not
    /// title: a statement resent after a title edit must be the same statement (else HTTP 409).
    init(cases: [CaseScript], profile: XAPIProfile, recordsID: String) {
        self.init(
            profile: profile, recordsID: recordsID,
            turnIDs: Dictionary(cases.map { ($0.id, $0.turns.map(\.id)) }, uniquingKeysWith: { first, _ in first }))
    }
}
