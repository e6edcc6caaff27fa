import ArgumentParser
import Foundation
import Her2SimCore

/// `her2sim calibrate`: simulates each trial arm's population and sets the simulated figures
/// beside the published ones, so anyone can check that the cases' disease course is the trials'.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Simulate every trial arm's population and compare its figures with the published ones.",
        discussion: """
            For each arm of Scoring/trials.yaml mapped to a regimen, simulates N patients of that \
            trial's population, follows them with administrative censoring, and compares the \
            Kaplan-Meier median PFS (or TTP) and 12-month PFS, the ORR and the regimen's toxicity \
            rates with the published figures. Tolerance: median within ±10 % (relative); 12-month \
            PFS, ORR and toxicity rates within ±5 percentage points.

            Exit status: 0 every arm within tolerance; 1 an arm is outside; 2 the knowledge base or \
            Scoring/model.yaml is invalid; 64 the command line is invalid (an unknown --trial).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Simulated patients per arm.", valueName: "n"))
    var patients: Int = 20_000

    @Option(name: .long, help: ArgumentHelp("Seed of the simulated patients (the same seed gives the same figures).", valueName: "s"))
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("Only the arms of this trial (a trials.yaml id).", valueName: "id"),
            completion: Completions.trialIDs)
    var trial: String?

    @Option(name: .long, help: "Output format: text (a table) or json (for machines).")
    var format: OutputFormat = .text

    @Option(name: .long, help: ArgumentHelp("Also write the simulated Kaplan-Meier curves, published medians marked, as SVG.",
                                            valueName: "file.svg"), completion: .file(extensions: ["svg"]))
    var plot: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws {
        guard (1...10_000_000).contains(patients) else {
            throw ValidationError("--patients must be between 1 and 10000000; found \(patients)")
        }
    }

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let model = try knowledgeOptions.loadModel(knowledge: knowledge)
        let simulator = Simulator(knowledge: knowledge, model: model)
        let arms = try selectedArms(simulator.calibrationArms)

        let progress = CalibrateProgress(total: arms.count * patients)
        var results: [ArmCalibration] = []
        for (index, arm) in arms.enumerated() {
            let done = index * patients
            results.append(simulator.calibrate(arm, patients: patients, seed: seed) { count in
                progress.update(done: done + count, label: "\(arm.trial) \(arm.regimen)")
            })
        }
        progress.finish()

        let rendering = CalibrateRendering(knowledge: knowledge, patients: patients, seed: seed)
        switch format {
        case .json:
            print(rendering.json(results).serialized)
        case .text:
            print(rendering.text(results, style: .forStandardOutput()), terminator: "")
        }
        if let plot {
            let svg = CalibratePlot(results: results, followUp: model.followUpMaximum, patients: patients, seed: seed).svg()
            do {
                try Data(svg.utf8).write(to: URL(fileURLWithPath: plot))
            } catch {
                printError("error: cannot write \(plot): \(error.localizedDescription)")
                throw ExitStatus.invalidInput
            }
        }
        if !results.allSatisfy(\.withinTolerance) { throw ExitStatus.outsideTolerance }
    }

    /// All calibrated arms, or those of `--trial` (exact id, any case); an unknown id is a usage
    /// error with a did-you-mean.
    private func selectedArms(_ arms: [CalibrationArm]) throws -> [CalibrationArm] {
        guard let trial else { return arms }
        var ids: [String] = []
        for arm in arms where !ids.contains(arm.trial) { ids.append(arm.trial) }
        guard let id = ids.first(where: { $0 == trial }) ?? ids.first(where: { $0.lowercased() == trial.lowercased() }) else {
            throw ValidationError("unknown trial '\(trial)'\(Suggestion.hint(for: trial, in: ids)); trials with calibrated arms: \(ids.joined(separator: ", "))")
        }
        return arms.filter { $0.trial == id }
    }
}

extension ExitStatus {
    /// `calibrate`: an arm's simulated figures are outside tolerance.
    static let outsideTolerance = ExitCode(1)
}
