import Foundation

/// One arm of the regimen that went into a held-out arm's prediction: its own fitted curve,
/// moved to the held-out population by the model's adjustments.
public struct HoldoutContribution: Hashable, Sendable {
    public var trial: String
    public var armLabel: String
    public var line: Int
    public var brainMetastases: Bool
    /// The arm's own fitted median (months).
    public var median: Double
    /// The product of the adjustments that move it to the held-out population.
    public var hazardRatio: Double
    /// Its median after the adjustments (months).
    public var adjustedMedian: Double
}

/// A held-out arm: what the model fitted without its trial predicts, against what was published.
public struct HoldoutPrediction: Sendable {
    public var arm: CalibrationArm
    /// The published figure the arm is calibrated to (`arm.endpoint`): months, or percent for
    /// `pfs-12-month`.
    public var published: Double
    /// The predicted value of the same figure; `nil` when no other arm of the regimen is left.
    public var predicted: Double?
    /// (predicted − published) / published.
    public var relativeError: Double?
    /// The predicted curve's median PFS (months) and 12-month PFS (percent).
    public var predictedMedian: Double?
    public var predictedPFS12Month: Double?
    public var contributions: [HoldoutContribution]
}

/// The leave-one-trial-out check of one trial.
public struct HoldoutResult: Sendable {
    /// The trial asked for.
    public var trial: String
    /// Every trial left out of the fit: the trial and those reporting the same patients.
    public var heldOut: [String]
    public var predictions: [HoldoutPrediction]
}

extension Simulator {
    /// Leave-one-trial-out: fits the regimen-level model without `trial`'s arms (and without the
    /// arms of trials that report the same patients, either way round: `holdout` in model.yaml)
    /// and predicts each
    /// of its calibrated arms from the regimen's remaining arms.
    ///
    /// Each remaining arm's curve is moved to the held-out population through the simulator's
    /// own adjustments (`basis`: line of therapy, brain metastases, prior exposure; a
    /// brain-metastases arm predicting a population without them divides by the treated-stable
    /// ratio), and the prediction is the geometric mean of the moved medians with the geometric
    /// mean shape: a regimen's baseline hazard estimated from its other trials. Analytic, so
    /// deterministic and independent of any seed. `trial` must be an exact trial id.
    public func holdout(trial: String) -> HoldoutResult {
        // A trial and its subgroups report the same patients: holding out any holds out all.
        let parent = model.holdout.samePatients[trial] ?? trial
        let group = [parent] + model.holdout.samePatients.filter { $0.value == parent }.map(\.key).sorted()
        let heldOut = [trial] + group.filter { $0 != trial }
        let left = Set(heldOut)
        var predictions: [HoldoutPrediction] = []
        for arm in calibrationArms where arm.trial == trial {
            guard
                let fit = model.pfs.arms.first(where: {
                    $0.trial == arm.trial && $0.armLabel == arm.armLabel && $0.proxy == nil
                }),
                let regimenIndex = knowledge.regimenIndex(named: arm.regimen)
            else { continue }
            let population = PatientState(ecog: 1, brainMetastases: arm.brainMetastases ? .treatedStable : .none)
            let facts = PatientFacts(state: population, knowledge: knowledge)
            var contributions: [HoldoutContribution] = []
            var logMedian = 0.0
            var logShape = 0.0
            for other in model.pfs.arms
            where other.regimen == arm.regimen && other.proxy == nil && !left.contains(other.trial) {
                var ratio = basis(
                    of: other, regimenIndex: regimenIndex, state: population, facts: facts, line: arm.line
                ).hazardRatio
                if other.brainMetastases, !arm.brainMetastases,
                    let brain = model.brainMetastases.hazardRatios[.treatedStable]
                {
                    ratio /= brain
                }
                let moved = other.pfs.scalingHazard(by: ratio)
                contributions.append(
                    HoldoutContribution(
                        trial: other.trial, armLabel: other.armLabel, line: other.line,
                        brainMetastases: other.brainMetastases,
                        median: other.pfs.median, hazardRatio: ratio, adjustedMedian: moved.median))
                logMedian += log(moved.median)
                logShape += log(moved.shape)
            }
            let published =
                arm.endpoint == "pfs-12-month"
                ? fit.pfs.survival(at: 12) * 100
                : (knowledge.trial(TrialID(arm.trial))?.arms.first { $0.label == arm.armLabel }?.figure(arm.endpoint)
                    ?? fit.pfs.median)
            var prediction = HoldoutPrediction(
                arm: arm, published: published, predicted: nil, relativeError: nil,
                predictedMedian: nil, predictedPFS12Month: nil, contributions: contributions)
            if !contributions.isEmpty {
                let n = Double(contributions.count)
                let curve = Weibull(median: exp(logMedian / n), shape: exp(logShape / n))
                let predicted = arm.endpoint == "pfs-12-month" ? curve.survival(at: 12) * 100 : curve.median
                prediction.predicted = predicted
                prediction.relativeError = (predicted - published) / published
                prediction.predictedMedian = curve.median
                prediction.predictedPFS12Month = curve.survival(at: 12) * 100
            }
            predictions.append(prediction)
        }
        return HoldoutResult(trial: trial, heldOut: heldOut, predictions: predictions)
    }
}
