import ArgumentParser
import Foundation
import Her2SimCore

/// Output format of commands that print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `her2sim recommend --state FILE`: the reference ranking for one patient.
struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Rank every regimen for a patient state file, with the rules and sources behind each place.",
        discussion: "A state file holds the 'patient' and 'history' blocks of a case script (see Scoring/README.md and the vignettes)."
    )

    @Option(name: .long, help: ArgumentHelp("The patient state (YAML).", valueName: "file"))
    var state: String

    @Option(name: .long, help: "Output format: text (a table) or json (for machines).")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp(
        "A regimen a fellow chose (id or alias): also print its assessment and what would have put it first.",
        valueName: "regimen"))
    var choice: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let patient: PatientState
        do {
            let loaded = try StateLoader.load(contentsOf: URL(fileURLWithPath: state), displayName: state, knowledge: knowledge)
            DiagnosticPrinter.print(loaded.warnings)
            patient = loaded.state
        } catch {
            DiagnosticPrinter.print(error.diagnostics)
            throw ExitStatus.invalidInput
        }
        let engine = ReferenceEngine(knowledge: knowledge)
        let recommendation = engine.rank(patient)
        var assessment: Assessment?
        if let choice {
            guard let id = knowledge.canonicalRegimenID(choice) else {
                let hint = Suggestion.nearest(to: choice, in: knowledge.regimenNames)
                    .map { " (did you mean '\($0)'?)" } ?? ""
                throw ValidationError("unknown regimen '\(choice)' for --choice\(hint)")
            }
            assessment = Scorer(rubric: knowledge.rubric).assess(id, for: patient, engine: engine,
                                                                recommendation: recommendation)
        }
        switch format {
        case .json:
            print(RecommendationRendering(knowledge: knowledge, style: .plain).json(recommendation, choice: assessment)
                .serialized)
        case .text:
            let rendering = RecommendationRendering(knowledge: knowledge, style: .forStandardOutput())
            print(rendering.text(recommendation) + (assessment.map(rendering.text) ?? ""), terminator: "")
        }
    }
}
