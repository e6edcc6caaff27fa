import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimText

/// Output format of commands that print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `her2sim recommend --state FILE` or `--case ID [--turn N] [--path A,B]`: the reference
/// ranking for one patient.
struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank every regimen for a patient, with the rules and sources behind each place.",
        discussion: """
            --state FILE: a state file, the 'patient' and 'history' blocks of a case (see Examples/). \
            --case ID (or a case file): the patient of a case at decision --turn N (default 1), as a \
            fellow would see her there — the case is played with --seed, choosing --path for the \
            decisions before N and the reference's first choice for any the path leaves out.
            """
    )

    @Option(
        name: .long, help: ArgumentHelp("A patient state file (YAML).", valueName: "file"),
        completion: Completions.stateFiles)
    var state: String?

    @Option(
        name: .customLong("case"),
        help: ArgumentHelp("A case id (see 'her2sim cases') or a case file.", valueName: "id"),
        completion: Completions.caseIDs)
    var caseID: String?

    @Option(help: ArgumentHelp("With --case: the decision to rank at, from 1.", valueName: "n"))
    var turn: Int = 1

    @Option(
        help: ArgumentHelp(
            "With --case: the regimens chosen at the decisions before --turn, comma-separated.",
            valueName: "choice,choice"), completion: Completions.regimenIDs)
    var path: String?

    @Option(
        help: ArgumentHelp(
            "With --case: the seed that fixes how the disease behaves between decisions.",
            valueName: "n"))
    var seed: UInt64 = 1

    @Option(name: .long, help: "Output format: text (a table) or json (for machines).")
    var format: OutputFormat = .text

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A regimen a fellow chose (id or alias): also print its assessment and what would have put it first.",
            valueName: "regimen"))
    var choice: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions
    @OptionGroup var caseOptions: CaseOptions

    func validate() throws {
        switch (state, caseID) {
        case (nil, nil): throw ValidationError("give a patient: --state FILE, or --case ID [--turn N] [--path A,B]")
        case (.some, .some): throw ValidationError("give --state FILE or --case ID, not both")
        default: break
        }
        if caseID == nil, turn != 1 || path != nil {
            throw ValidationError("--turn and --path apply to a case: add --case ID")
        }
        if turn < 1 { throw ValidationError("--turn counts decisions from 1, not \(turn)") }
    }

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let patient: PatientState
        var ranked: Recommendation?
        if let caseID {
            let position = try CasePosition.find(
                caseID: caseID, turn: turn, path: path, seed: seed,
                knowledge: knowledge, knowledgeOptions: knowledgeOptions,
                caseOptions: caseOptions)
            if format == .text {
                print(TerminalStyle.forStandardOutput().dim(position.heading))
            }
            patient = position.session.state
            ranked = position.recommendation
        } else {
            patient = try loadState(knowledge: knowledge)
        }
        let engine = ReferenceEngine(knowledge: knowledge)
        let recommendation = ranked ?? engine.rank(patient)
        var assessment: Assessment?
        if let choice {
            guard let id = knowledge.regimen(named: choice)?.id else {
                let hint =
                    Suggestion.nearest(to: choice, in: knowledge.regimenNames)
                    .map { " (did you mean '\($0)'?)" } ?? ""
                throw ValidationError("unknown regimen '\(choice)' for --choice\(hint)")
            }
            assessment = Scorer(rubric: knowledge.rubric).assess(
                id, for: patient, engine: engine,
                recommendation: recommendation)
        }
        switch format {
        case .json:
            print(
                RecommendationRendering(knowledge: knowledge, style: .plain).json(recommendation, choice: assessment)
                    .serialized)
        case .text:
            let rendering = RecommendationRendering(knowledge: knowledge, style: .forStandardOutput())
            print(rendering.text(recommendation) + (assessment.map(rendering.text) ?? ""), terminator: "")
        }
    }

    private func loadState(knowledge: Knowledge) throws -> PatientState {
        guard let state else { throw ExitStatus.invalidInput }
        let url = URL(fileURLWithPath: state)
        do {
            let loaded = try StateLoader.load(contentsOf: url, displayName: state, knowledge: knowledge)
            DiagnosticPrinter.print(loaded.warnings)
            return loaded.state
        } catch {
            // Only the start of the file, and only when it parsed as YAML with unknown keys: a huge
            // or unreadable file must not be read again to word the message.
            let unknownKeys = error.diagnostics.contains { $0.message.hasPrefix("unknown key") }
            if unknownKeys, let head = try? FileHandle(forReadingFrom: url).read(upToCount: 65_536),
                CasePosition.looksLikeCase(String(decoding: head, as: UTF8.self))
            {
                printError(
                    "\(state): error: this is a case, not a state file; rank its patient with "
                        + "'her2sim recommend --case \(state) [--turn N]'")
            } else {
                DiagnosticPrinter.print(error.diagnostics)
            }
            throw ExitStatus.invalidInput
        }
    }
}
