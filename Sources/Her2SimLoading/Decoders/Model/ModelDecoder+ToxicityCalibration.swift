import Foundation
import Her2SimCore
import Yams

/// Derivation at load: each regimen's toxicities, susceptibility calibrated on its profile trial.
extension ModelDecoder {
    /// Each regimen's toxicities: susceptibility calibrated on the profile trial's arm, so that
    /// the share of its patients who show the toxicity before progression and censoring matches
    /// the published rate; then the rates toxicity proxies borrow.
    func deriveToxicities(_ model: SimulationModel, root: Node) -> [String: [ToxicityParameters]] {
        var result: [String: [ToxicityParameters]] = [:]
        let followUp = model.calibration.followUp
        for regimen in knowledge.regimens {
            let profile = regimen.toxicities
            guard !profile.rates.isEmpty else { continue }
            let arms = model.pfs.arms.filter { $0.regimen == regimen.id.rawValue }
            guard let exposure = arms.first(where: { $0.trial == profile.trial && $0.proxy == nil }) ?? arms.first
            else { continue }
            var parameters: [ToxicityParameters] = []
            for toxicity in Toxicity.allCases {
                guard let rate = profile.rates[toxicity] else { continue }
                let any: Double
                let severeShare: Double
                switch (rate.anyGrade, rate.grade3OrHigher) {
                case (let anyRate?, let grade3?):
                    any = anyRate
                    severeShare = anyRate > 0 ? min(1, grade3 / anyRate) : 0
                case (let anyRate?, nil):
                    any = anyRate
                    severeShare = model.toxicity.grade3ShareWhenOnlyAny
                case (nil, let grade3?):
                    any = min(99, grade3 * model.toxicity.anyGradePerGrade3)
                    severeShare = any > 0 ? min(1, grade3 / any) : 0
                case (nil, nil):
                    continue
                }
                let mix = model.toxicity.gradeMix(of: toxicity)
                // A grade CTCAE does not define is never drawn (alopecia stops at grade 2).
                let drawnSevereShare = mix.highestGrade < 3 ? 0 : severeShare
                let onset = model.toxicity.onset(of: toxicity).weibull
                let observed = SimulationModel.observedShare(onset: onset, pfs: exposure.pfs, followUp: followUp)
                let susceptibility = observed > 0 ? any / 100 / observed : 2
                if susceptibility > 1 {
                    reader.error(
                        "the any-grade rate of \(toxicity.rawValue) on \(regimen.id) (\(any)%) cannot be reached: with its onset curve only \(Int((observed * 100).rounded()))% of \(exposure.trial)'s patients are still on treatment at onset; shorten its median onset",
                        at: toxicityOnsetNodes[toxicity] ?? toxicityOnsetNode ?? root)
                    continue
                }
                parameters.append(
                    ToxicityParameters(
                        toxicity: toxicity, susceptibility: susceptibility, severeShare: drawnSevereShare,
                        grades: mix.bounded(), onset: onset, published: rate, trial: profile.trial,
                        borrowedVia: nil))
            }
            result[regimen.id.rawValue] = parameters
        }
        for proxy in model.toxicity.proxies {
            let borrowed = (result[proxy.like] ?? []).filter { proxy.toxicities.contains($0.toxicity) }
            for regimen in proxy.regimens {
                var list = result[regimen] ?? []
                for var parameters in borrowed {
                    parameters.borrowedVia = proxy.id
                    list.append(parameters)
                }
                result[regimen] = list.sorted {
                    Toxicity.allCases.firstIndex(of: $0.toxicity)! < Toxicity.allCases.firstIndex(of: $1.toxicity)!
                }
            }
        }
        return result
    }
}
