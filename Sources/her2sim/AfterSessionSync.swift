import Foundation
import Her2SimCore
import Her2SimLRS
import Her2SimRecords

/// Sends the outbox after each session when `lrs.conf` names an endpoint (and `auto-sync` is not
/// off), within a few seconds: the REPL waits no longer than `budget` (plus one request's
/// timeout, itself at most `budget`; the her2sim-lrs helper is killed then). What is not sent stays queued for the next session or
/// `her2sim sync`; a failure prints one line on standard error and play goes on.
struct AfterSessionSync {
    var store: RecordStore
    var cases: [CaseScript]
    var budget: Double = 3

    func run(_ session: SessionID) {
        guard var configuration = try? LRSConfiguration.load(environment: ProcessInfo.processInfo.environment),
            configuration.endpoint != nil, configuration.autoSync
        else { return }
        configuration.timeout = min(configuration.timeout, budget)
        let started = Date()
        do {
            let summary = try StatementSender(store: store, cases: cases, configuration: configuration).send(
                deadline: started.addingTimeInterval(budget),
                hardDeadline: started.addingTimeInterval(budget + configuration.timeout))
            if summary.remaining > 0 {
                printError("note: \(summary.remaining) statements still queued for the LRS; 'her2sim sync' sends them")
            }
        } catch {
            let queued = (try? store.queuedCount()).map { " (\($0) queued; 'her2sim sync' sends them later)" } ?? ""
            printError("note: not sent to the LRS\(queued): \(error)")
        }
    }
}
