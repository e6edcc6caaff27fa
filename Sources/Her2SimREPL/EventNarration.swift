import Foundation
import Her2SimCore

/// Clinical events written the way a clinician would say them.
public enum EventNarration {
    /// `regimen` is what she was receiving: a toxicity then gets the note `Scoring/` writes for
    /// it on that regimen (`notes:` of dose-modifications.yaml, "— T-DXd must be stopped for
    /// good"); without one, only how severe its grade is.
    public static func describe(
        _ event: ClinicalEvent, knowledge: Knowledge, notes: DoseModificationTable? = nil,
        during regimen: RegimenID? = nil
    ) -> String {
        let text = ClinicalWording.event(event)
        guard case .toxicity(let toxicity, let grade) = event, grade > 0 else { return text }
        if grade >= 5 { return text + " (fatal)" }
        let agents = regimen.flatMap { knowledge.regimen($0) }.map { $0.agents.map(\.id) }
        if regimen != nil, let note = notes?.note(for: toxicity, grade: grade, agents: agents) {
            return text + " — " + note.text
        }
        switch grade {
        case 4: return text + " (life-threatening)"
        case 3: return text + " (severe)"
        default: return text
        }
    }

    public static func preferenceText(_ preference: Preference) -> String { ClinicalWording.preference(preference) }

    public static func months(_ value: Double) -> String { ClinicalWording.months(value) }
}
