import Foundation
import Her2SimRecords

/// Posts one batch of statements to an LRS, returning once the LRS acknowledged it: `LRSClient`
/// (in Her2SimLRSClient, over URLSession) or `LRSHelperPoster` (through the her2sim-lrs child).
public protocol StatementPoster {
    func post(_ statements: [XAPIStatement]) throws(LRSError)
}

/// What a sync did.
public struct SyncSummary: Hashable, Sendable {
    /// Statements the LRS acknowledged.
    public var sent = 0
    public var batches = 0
    /// Statements still queued (a budget ran out, or an error stopped the sync).
    public var remaining = 0

    public init(sent: Int = 0, batches: Int = 0, remaining: Int = 0) {
        self.sent = sent
        self.batches = batches
        self.remaining = remaining
    }
}

/// Sends the outbox to an LRS in recording order, one batch per request; a batch leaves the
/// outbox only after the LRS acknowledged it (200/204). A failed batch and every later one stay
/// queued; since statement ids are fixed, resending one the LRS already holds stores nothing twice.
public struct StatementSync {
    public var store: RecordStore
    public var client: any StatementPoster
    public var builder: XAPIStatementBuilder
    public var batchSize: Int
    /// Test hook: called after each acknowledged POST, before the batch leaves the outbox.
    public var acknowledged: (_ batch: Int) throws -> Void = { _ in }

    public init(store: RecordStore, client: any StatementPoster, builder: XAPIStatementBuilder, batchSize: Int) {
        self.store = store
        self.client = client
        self.builder = builder
        self.batchSize = max(1, batchSize)
    }

    /// Sends until the outbox is empty, or until `deadline` (no new batch starts after it).
    /// On an error, throws it; `progress` has seen each acknowledged batch by then.
    public func run(deadline: Date? = nil, progress: (SyncSummary) -> Void = { _ in }) throws -> SyncSummary {
        var summary = SyncSummary()
        while true {
            if let deadline, Date() >= deadline { break }
            let batch = try store.queuedEvents(limit: batchSize)
            if batch.isEmpty { break }
            let statements = batch.compactMap {
                builder.statement($0.session, $0.event, sequence: $0.sequence)?.statement
            }
            if !statements.isEmpty { try client.post(statements) }
            summary.batches += 1
            try acknowledged(summary.batches)
            try store.markSent(batch.map(\.outboxID))
            summary.sent += statements.count
            progress(summary)
        }
        summary.remaining = try store.queuedCount()
        return summary
    }
}
