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

            --holdout TRIAL (or --holdout all, every trial in turn) is the leave-one-trial-out check: the model is fitted without that \
            trial's arms (and without a subgroup reporting the same patients), and each of its arms \
            is predicted from its regimen's arms in the other trials, moved to the trial's line and \
            population by the model's adjustments; predicted and published figures are printed \
            with the relative error. It is computed from the fitted curves (no simulation: \
            --patients and --seed do not apply). It is a report: the exit status is 0 unless \
            --max-error P is given and an arm's prediction is off by more than P % (exit 1).

            Exit status: 0 every arm within tolerance; 1 an arm is outside (with --holdout: only \
            with --max-error); 2 the knowledge base or Scoring/model.yaml is invalid; 64 the \
            command line is invalid (an unknown --trial or --holdout).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Simulated patients per arm.", valueName: "n"))
    var patients: Int = 20_000

    @Option(
        name: .long,
        help: ArgumentHelp("Seed of the simulated patients (the same seed gives the same figures).", valueName: "s"))
    var seed: UInt64 = 1

    @Option(
        name: .long, help: ArgumentHelp("Only the arms of this trial (a trials.yaml id).", valueName: "id"),
        completion: Completions.trialIDs)
    var trial: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Leave-one-trial-out: fit without this trial's arms and predict them.",
            valueName: "id"))
    var holdout: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With --holdout: exit 1 when a prediction is off by more than P percent.",
            valueName: "P"))
    var maxError: Double?

    @Option(name: .long, help: "Output format: text (a table) or json (for machines).")
    var format: OutputFormat = .text

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Also write the simulated Kaplan-Meier curves, published medians marked, as SVG.",
            valueName: "file.svg"), completion: .file(extensions: ["svg"]))
    var plot: String?

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    func validate() throws {
        guard (1...10_000_000).contains(patients) else {
            throw ValidationError("--patients must be between 1 and 10000000; found \(patients)")
        }
        if holdout != nil, trial != nil {
            throw ValidationError(
                "--holdout and --trial cannot be combined: --holdout reports only the held-out trial's arms")
        }
        if holdout != nil, plot != nil {
            throw ValidationError("--plot draws simulated curves; --holdout simulates none")
        }
        if let maxError {
            guard holdout != nil else {
                throw ValidationError("--max-error gates the --holdout check; give --holdout too")
            }
            guard maxError.isFinite, maxError >= 0 else {
                throw ValidationError("--max-error must be a percentage of 0 or more; found \(maxError)")
            }
        }
    }

    func run() throws {
        let knowledge = try knowledgeOptions.load()
        let model = try knowledgeOptions.loadModel(knowledge: knowledge)
        let simulator = Simulator(knowledge: knowledge, model: model)
        if let holdout {
            let rendering = HoldoutRendering(maxError: maxError)
            if holdout.lowercased() == "all" {
                let results = trialIDs(simulator.calibrationArms).map { simulator.holdout(trial: $0) }
                switch format {
                case .json: print(rendering.json(all: results).serialized)
                case .text: print(rendering.table(results, style: .forStandardOutput()), terminator: "")
                }
                if !results.allSatisfy(rendering.withinMaxError) { throw ExitStatus.outsideTolerance }
                return
            }
            let id = try trialID(holdout, among: simulator.calibrationArms, option: "--holdout")
            let result = simulator.holdout(trial: id)
            switch format {
            case .json: print(rendering.json(result).serialized)
            case .text: print(rendering.text(result, style: .forStandardOutput()), terminator: "")
            }
            if !rendering.withinMaxError(result) { throw ExitStatus.outsideTolerance }
            return
        }
        let arms = try selectedArms(simulator.calibrationArms)

        let progress = CalibrateProgress(total: arms.count * patients)
        var results: [ArmCalibration] = []
        for (index, arm) in arms.enumerated() {
            let done = index * patients
            results.append(
                simulator.calibrate(arm, patients: patients, seed: seed) { count in
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
            let svg = CalibratePlot(
                results: results, followUp: model.calibration.followUpMaximum, patients: patients, seed: seed
            )
            .svg()
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
        let id = try trialID(trial, among: arms, option: "--trial")
        return arms.filter { $0.trial == id }
    }

    /// The trial id with calibrated arms that `name` names (exact, then any case); else a usage
    /// error with a did-you-mean (exit 64).
    private func trialID(_ name: String, among arms: [CalibrationArm], option: String) throws -> String {
        let ids = trialIDs(arms)
        guard let id = ids.first(where: { $0 == name }) ?? ids.first(where: { $0.lowercased() == name.lowercased() })
        else {
            throw ValidationError(
                "\(option): unknown trial '\(name)'\(Suggestion.hint(for: name, in: ids)); trials with calibrated arms: \(ids.joined(separator: ", "))"
            )
        }
        return id
    }

    /// Trials with calibrated arms, in trials.yaml order.
    private func trialIDs(_ arms: [CalibrationArm]) -> [String] {
        var ids: [String] = []
        for arm in arms where !ids.contains(arm.trial) { ids.append(arm.trial) }
        return ids
    }
}

extension ExitStatus {
    /// `calibrate`: an arm's simulated figures are outside tolerance.
    static let outsideTolerance = ExitCode(1)
}
