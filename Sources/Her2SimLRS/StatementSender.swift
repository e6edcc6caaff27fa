import Foundation
import Her2SimCore
import Her2SimRecords

/// Sends a store's outbox with a configuration, through the her2sim-lrs helper: what `sync` and
/// the after-session sync share.
public struct StatementSender {
    public var store: RecordStore
    public var cases: [CaseScript]
    public var configuration: LRSConfiguration
    /// Where the helper is (`LRSHelper.locate` by default), asked only when a batch is due.
    public var locateHelper: () throws(LRSError) -> URL = { () throws(LRSError) -> URL in try LRSHelper.locate() }

    public init(store: RecordStore, cases: [CaseScript], configuration: LRSConfiguration) {
        self.store = store
        self.cases = cases
        self.configuration = configuration
    }

    /// Sends until the outbox is empty (or `deadline` passes between batches); with `hardDeadline`,
    /// an answer still awaited then is given up (the helper killed, the batch left queued).
    public func send(deadline: Date? = nil, hardDeadline: Date? = nil) throws -> SyncSummary {
        guard let endpoint = configuration.endpoint else { return SyncSummary(remaining: try store.queuedCount()) }
        let poster = LRSHelperPoster(
            endpoint: endpoint, user: configuration.user, password: configuration.password,
            timeout: configuration.timeout, hardDeadline: hardDeadline)
        poster.locate = locateHelper
        defer { poster.close() }
        // Turns named as the case library does, as her2sim's `report --format xapi` builds them.
        let builder = XAPIStatementBuilder(
            profile: configuration.profile, recordsID: try store.recordsID(),
            turnIDs: Dictionary(cases.map { ($0.id, $0.turns.map(\.id)) }, uniquingKeysWith: { first, _ in first }))
        return try StatementSync(store: store, client: poster, builder: builder, batchSize: configuration.batchSize)
            .run(deadline: deadline)
    }
}
