import Foundation
import Her2SimCore
import Yams

/// Derivation at load: one Weibull PFS curve per trial arm (and per proxied regimen), with its ORR.
extension ModelDecoder {
    /// One PFS curve per trial arm mapped to a regimen, then one per proxied regimen.
    func deriveArms(
        _ model: SimulationModel, root: Node, proxiesNode: Node?, preferredNode: Node?,
        responseNode: Node?
    ) -> [ArmFit] {
        var fits: [ArmFit] = []
        for trial in knowledge.trials {
            for arm in trial.arms {
                guard let regimen = arm.regimen else { continue }
                guard var fit = fitArm(arm, of: trial, shape: model.pfs.defaultShape, at: root) else { continue }
                fit.regimen = regimen
                fits.append(fit)
            }
        }
        // ORR: the arm's own, else the regimen's in the nearest-line trial that reports one.
        for index in fits.indices {
            let fit = fits[index]
            let trial = knowledge.trial(TrialID(fit.trial))
            if let orr = trial?.arms.first(where: { $0.label == fit.armLabel })?.figure("orr") {
                fits[index].orr = orr / 100
                fits[index].orrSource = "arm"
                continue
            }
            let others = fits.filter { $0.regimen == fit.regimen && $0.trial != fit.trial }
                .compactMap { other -> (ArmFit, Double)? in
                    guard
                        let orr = knowledge.trial(TrialID(other.trial))?.arms.first(where: {
                            $0.label == other.armLabel
                        })?
                        .figure("orr")
                    else {
                        return nil
                    }
                    return (other, orr)
                }
                .min { abs($0.0.line - fit.line) < abs($1.0.line - fit.line) }
            if let (other, orr) = others {
                fits[index].orr = orr / 100
                fits[index].orrSource = other.trial
            } else {
                fits[index].orr = model.response.defaultORR / 100
                fits[index].orrSource = "default"
            }
        }
        for proxy in model.proxies {
            guard let trial = knowledge.trial(TrialID(proxy.trial)),
                let arm = trial.arms.first(where: { $0.label == proxy.armLabel }),
                var fit = fitArm(arm, of: trial, shape: model.pfs.defaultShape, at: proxiesNode ?? root)
            else { continue }
            fit.pfs = fit.pfs.scalingHazard(by: proxy.hazardRatio)
            fit.proxy = proxy.id
            fit.orr = (arm.figure("orr") ?? model.response.defaultORR) / 100
            fit.orrSource = arm.figure("orr") == nil ? "default" : "arm"
            for regimen in proxy.regimens {
                var copy = fit
                copy.regimen = regimen
                if model.ecogDecline.supportiveCare.contains(regimen) {
                    copy.orr = 0
                    copy.orrSource = "supportive care"
                }
                if fits.contains(where: { $0.regimen == regimen && $0.proxy == nil }) {
                    reader.error("\(regimen) has its own trial arm; it needs no proxy", at: proxiesNode ?? root)
                }
                fits.append(copy)
            }
        }
        for regimen in knowledge.regimens where !fits.contains(where: { $0.regimen == regimen.id.rawValue }) {
            reader.error(
                "regimen '\(regimen.id)' has no trial arm in trials.yaml and no PFS proxy here; add it to a proxy's regimens",
                at: proxiesNode ?? root)
        }
        // Every arm's ORR must be reachable given the patients who progress before restaging.
        for fit in fits where fit.orr > 0 {
            let early = 1 - fit.pfs.survival(at: model.response.firstRestagingMonths)
            if fit.orr > 1 - early {
                reader.error(
                    "the ORR of \(fit.regimen) in \(fit.trial) cannot be reached: \(Int((early * 100).rounded()))% of its patients progress before the first restaging at \(model.response.firstRestagingMonths) months",
                    at: responseNode ?? root)
            }
        }
        return fits
    }

    /// A Weibull through the arm's median (PFS or TTP) and/or 12-month PFS.
    func fitArm(_ arm: TrialArm, of trial: Trial, shape: Double, at node: Node) -> ArmFit? {
        let median = arm.figure("median-pfs") ?? arm.figure("median-ttp")
        let endpoint =
            arm.figure("median-pfs") != nil
            ? "median-pfs" : arm.figure("median-ttp") != nil ? "median-ttp" : "pfs-12-month"
        let twelve = arm.figure("pfs-12-month").map { $0 / 100 }
        let curve: Weibull?
        switch (median, twelve) {
        case (let median?, let twelve?):
            curve = Weibull(median: median, survival: twelve, at: 12)
            if let fitted = curve, !(0.2...5).contains(fitted.shape) {
                reader.error(
                    "\(trial.id) '\(arm.label)': median PFS \(median) and 12-month PFS \(twelve * 100)% imply a Weibull shape of \(String(format: "%.2f", fitted.shape)), outside 0.2–5; check trials.yaml",
                    at: node)
                return nil
            }
        case (let median?, nil):
            curve = median > 0 ? Weibull(median: median, shape: shape) : nil
        case (nil, let twelve?):
            curve = twelve > 0 && twelve < 1 ? Weibull(survival: twelve, at: 12, shape: shape) : nil
        case (nil, nil):
            curve = nil
        }
        guard let curve else {
            reader.error(
                "\(trial.id) '\(arm.label)' (\(arm.regimen ?? "no regimen")) has no usable median-pfs, median-ttp or pfs-12-month to calibrate to",
                at: node)
            return nil
        }
        return ArmFit(
            trial: trial.id.rawValue, armLabel: arm.label, regimen: arm.regimen ?? "", line: trial.line,
            brainMetastases: trial.brainMetastases, pfs: curve, endpoint: endpoint, orr: 0, orrSource: "",
            proxy: nil)
    }
}
