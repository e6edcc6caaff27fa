import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimText

/// `her2sim manage --state FILE`: rank what to do with the current regimen after a new toxicity.
struct ManageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manage",
        abstract:
            "Rank the toxicity-management actions (continue, hold, reduce, omit, discontinue) against the labels.",
        discussion: """
            --state FILE: a management state file: 'patient' and 'history' as for recommend, plus \
            'current: {regimen, months}' and 'event: {toxicity, grade, occurrence}'. The ranking follows \
            the labels' dose-modification tables in Scoring/dose-modifications.yaml.
            """
    )

    @Option(
        name: .long, help: ArgumentHelp("A management state file (YAML).", valueName: "file"),
        completion: Completions.stateFiles)
    var state: String

    @Option(name: .long, help: "Output format: text (a table) or json (for machines).")
    var format: OutputFormat = .text

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let table = try knowledgeOptions.loadDoseModifications(knowledge: knowledge)
        let loaded: ManagementState
        do {
            let result = try ManagementStateLoader.load(
                contentsOf: URL(fileURLWithPath: state), displayName: state,
                knowledge: knowledge)
            DiagnosticPrinter.print(result.warnings)
            loaded = result.state
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidInput
        }
        let engine = ManagementEngine(knowledge: knowledge, table: table)
        guard let recommendation = engine.rank(loaded.decision) else {
            let decision = loaded.decision
            printError(
                "\(state): error: the dose-modification tables have no row for grade \(decision.grade) "
                    + "\(decision.toxicity.rawValue) on \(decision.regimen); see Scoring/\(DoseModificationLoader.fileName)"
            )
            throw ExitStatus.invalidInput
        }
        switch format {
        case .json:
            print(ManagementRendering(knowledge: knowledge, style: .plain).json(recommendation).serialized)
        case .text:
            print(
                ManagementRendering(knowledge: knowledge, style: .forStandardOutput()).text(recommendation),
                terminator: "")
        }
    }
}

extension KnowledgeOptions {
    /// `Scoring/dose-modifications.yaml`, checked against the knowledge base; exits 2 when it is
    /// missing or wrong.
    func loadDoseModifications(knowledge: Knowledge) throws -> DoseModificationTable {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: directory,
                environmentKey: "HER2SIM_SCORING")
        else {
            throw ExitStatus.invalidKnowledge
        }
        do {
            guard
                let loaded = try DoseModificationLoader.load(
                    directory: location.url,
                    displayPrefix: location.displayPrefix,
                    knowledge: knowledge)
            else {
                printError(
                    "error: \(location.displayPrefix)\(DoseModificationLoader.fileName) is missing; "
                        + "the management ranking needs the labels' dose-modification tables")
                throw ExitStatus.invalidKnowledge
            }
            DiagnosticPrinter.print(loaded.warnings)
            return loaded.table
        } catch let error as DiagnosticError {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }
}

extension KnowledgeOptions {
    /// The dose-modification tables when the knowledge base has them (nil otherwise): cases play
    /// their management decisions with them. A broken file is an error (exit 2).
    func loadDoseModificationsIfPresent(knowledge: Knowledge) throws -> DoseModificationTable? {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: directory,
                environmentKey: "HER2SIM_SCORING")
        else { return nil }
        do {
            let loaded = try DoseModificationLoader.load(
                directory: location.url, displayPrefix: location.displayPrefix,
                knowledge: knowledge)
            DiagnosticPrinter.print(loaded?.warnings ?? [])
            return loaded?.table
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidKnowledge
        }
    }
}
