import Foundation
import Her2SimCore

/// Clinical events written the way a clinician would say them.
public enum EventNarration {
    /// `regimen` is what she was receiving, so notes name the drug that must be held.
    public static func describe(_ event: ClinicalEvent, knowledge: Knowledge, during regimen: String? = nil) -> String {
        let text = ClinicalWording.event(event)
        guard case .toxicity(let toxicity, let grade) = event, grade > 0 else { return text }
        return text + severityNote(toxicity, grade, regimen: regimen.flatMap { knowledge.regimen(named: $0) })
    }

    static func severityNote(_ toxicity: Toxicity, _ grade: Int, regimen: Regimen?) -> String {
        let onTDXd = regimen?.has("trastuzumab-deruxtecan") == true
        let onCapecitabine = regimen?.has("capecitabine") == true
        switch (toxicity, grade) {
        case (_, 5...): return " (fatal)"
        case (.ild, 2...) where onTDXd: return " — T-DXd must be stopped for good"
        case (.ild, 1) where onTDXd: return " — hold T-DXd until it resolves"
        case (.handFootSyndrome, 3...) where onCapecitabine: return " — hold capecitabine until grade ≤ 1"
        case (.peripheralNeuropathy, 2...): return " — limits further neurotoxic chemotherapy"
        case (_, 4): return " (life-threatening)"
        case (_, 3): return " (severe)"
        default: return ""
        }
    }

    public static func preferenceText(_ preference: Preference) -> String { ClinicalWording.preference(preference) }

    public static func months(_ value: Double) -> String { ClinicalWording.months(value) }
}
