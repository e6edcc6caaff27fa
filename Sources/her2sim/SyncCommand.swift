import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLRS
import Her2SimLoading
import Her2SimRecords

/// `her2sim sync`: sends the records' queued xAPI statements to a Learning Record Store.
struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Send the training records to a Learning Record Store (xAPI).",
        discussion: """
            Every recorded event (launched, experienced, answered, completed) waits in the records' \
            outbox until an LRS has acknowledged its statement; sync sends them oldest first, in \
            batches, and stops at the first failure with everything unsent still queued. Statement \
            ids are fixed, so sending one again stores nothing twice. Credentials come from \
            HER2SIM_LRS_USER and HER2SIM_LRS_PASSWORD, else user and password in \
            $XDG_CONFIG_HOME/her2sim/lrs.conf — never from the command line. When lrs.conf names an \
            endpoint, play and resume also sync after each session. The sending is done by \
            her2sim-lrs, a helper installed beside her2sim (else named by HER2SIM_LRS_HELPER).
            """
    )

    @Option(help: ArgumentHelp("The LRS's xAPI endpoint (default: endpoint in lrs.conf).", valueName: "url"))
    var lrs: String?

    @Option(help: ArgumentHelp("Statements per request (default: batch-size in lrs.conf, else 50).", valueName: "n"))
    var batchSize: Int?

    @Option(
        help: ArgumentHelp(
            "Seconds to wait for the LRS per request (default: timeout in lrs.conf, else 10).",
            valueName: "seconds"))
    var timeout: Double?

    @OptionGroup var recordsOptions: RecordsOptions
    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func validate() throws {
        if let lrs {
            guard let url = URL(string: lrs), ["http", "https"].contains(url.scheme?.lowercased() ?? ""),
                url.host != nil
            else {
                throw ValidationError("--lrs expects the LRS's xAPI endpoint as an http(s) URL, not '\(lrs)'")
            }
            if url.user != nil || url.password != nil {
                throw ValidationError(
                    "--lrs must not carry a user or password (the command line shows in 'ps'); "
                        + "set HER2SIM_LRS_USER and HER2SIM_LRS_PASSWORD instead")
            }
        }
        if let batchSize, !(1...1000).contains(batchSize) { throw ValidationError("--batch-size must be 1 to 1000") }
        if let timeout, !(timeout > 0 && timeout <= 300) { throw ValidationError("--timeout must be 0 to 300 seconds") }
    }

    func run() throws {
        var configuration: LRSConfiguration
        do {
            configuration = try LRSConfiguration.load(environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
        if let lrs { configuration.endpoint = URL(string: lrs) }
        if let batchSize { configuration.batchSize = batchSize }
        if let timeout { configuration.timeout = timeout }
        guard configuration.endpoint != nil else {
            let file = LRSConfiguration.fileURL(environment: ProcessInfo.processInfo.environment)
            printError(LRSError.noEndpoint(configFile: ResourceLocator.displayPath(file)).description)
            throw ExitStatus.invalidInput
        }
        let url = recordsOptions.url
        guard RecordStore.exists(atPath: url.path) else {
            printError("note: no records yet (\(ResourceLocator.displayPath(url)) does not exist): nothing to send")
            return
        }
        let knowledge = try knowledgeOptions.load()
        let cases = try caseOptions.library(knowledge: knowledge).cases
        let store = try recordsOptions.open()
        defer { try? store.close() }
        let started = Date()
        do {
            let summary = try StatementSender(store: store, cases: cases, configuration: configuration).send()
            let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
            print(
                "Sent \(summary.sent) statement\(summary.sent == 1 ? "" : "s") in \(summary.batches) "
                    + "batch\(summary.batches == 1 ? "" : "es") (\(seconds) s); \(summary.remaining) queued.")
        } catch let error as LRSError {
            printError(error.description)
            if let queued = try? store.queuedCount() { printError("note: \(queued) statements queued") }
            throw ExitStatus.invalidInput
        } catch let error as RecordsError {
            printError(error.withCommandLineAdvice)
            throw ExitStatus.invalidInput
        }
    }
}
