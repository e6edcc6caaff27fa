import Foundation
import Her2SimCore

/// Clinical events written the way a clinician would say them.
public enum EventNarration {
    /// `regimen` is what she was receiving, so notes name the drug that must be held.
    public static func describe(_ event: ClinicalEvent, knowledge: Knowledge, during regimen: String? = nil) -> String {
        let current = regimen.flatMap { knowledge.regimen(named: $0) }
        switch event {
        case .toxicity(let toxicity, 0):
            return "\(toxicity.displayName) resolved"
        case .toxicity(let toxicity, let grade):
            return "\(toxicity.displayName), grade \(grade)\(severityNote(toxicity, grade, regimen: current))"
        case .progression(let sites, let brain):
            var parts: [String] = []
            if !sites.isEmpty { parts.append("new \(list(sites.map(siteName))) metastases") }
            switch brain {
            case .active?: parts.append("active brain metastases")
            case .treatedStable?: parts.append("brain metastases, treated and stable")
            default: break
            }
            return parts.isEmpty ? "progressive disease on restaging" : "progression: " + parts.joined(separator: "; ")
        case .response(let response):
            switch response {
            case .complete: return "restaging: complete response"
            case .partial: return "restaging: partial response"
            case .stable: return "restaging: stable disease"
            case .progression: return "restaging: progressive disease"
            }
        case .lvef(let value): return "echocardiogram: LVEF \(value)%"
        case .ecog(let value): return "performance status now ECOG \(value)"
        case .trialAvailable(true): return "a suitable clinical trial has opened"
        case .trialAvailable(false): return "the clinical trial has closed to accrual"
        case .preference(let preference): return "she now \(preferenceText(preference))"
        case .preferenceWithdrawn(let preference): return "she no longer \(preferenceText(preference))"
        case .hepaticImpairment(let value): return "hepatic function: \(value == .none ? "normal" : "\(value.rawValue) impairment (Child-Pugh \(childPugh(value)))")"
        case .heartFailure(true): return "symptomatic heart failure"
        case .heartFailure(false): return "heart failure resolved"
        }
    }

    static func severityNote(_ toxicity: Toxicity, _ grade: Int, regimen: Regimen?) -> String {
        let onTDXd = regimen?.has("trastuzumab-deruxtecan") == true
        let onCapecitabine = regimen?.has("capecitabine") == true
        switch (toxicity, grade) {
        case (.ild, 2...) where onTDXd: return " — T-DXd must be stopped for good"
        case (.ild, 1) where onTDXd: return " — hold T-DXd until it resolves"
        case (.handFootSyndrome, 3...) where onCapecitabine: return " — hold capecitabine until grade ≤ 1"
        case (.peripheralNeuropathy, 2...): return " — limits further neurotoxic chemotherapy"
        case (_, 4): return " (life-threatening)"
        case (_, 3): return " (severe)"
        default: return ""
        }
    }

    public static func preferenceText(_ preference: Preference) -> String {
        switch preference {
        case .oral: "prefers oral treatment"
        case .avoidAlopecia: "wants to avoid losing her hair"
        case .fewerVisits: "wants fewer clinic visits"
        case .chemotherapyFree: "prefers treatment without chemotherapy"
        }
    }

    static func childPugh(_ value: HepaticImpairment) -> String {
        switch value {
        case .none: "-"
        case .mild: "A"
        case .moderate: "B"
        case .severe: "C"
        }
    }

    public static func siteName(_ site: String) -> String {
        switch site {
        case "nodes": "nodal"
        case "bone": "bone"
        case "liver": "liver"
        case "lung": "lung"
        default: site.replacingOccurrences(of: "-", with: " ")
        }
    }

    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// "7 months" / "1 month" / "2.5 months".
    public static func months(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(text) month\(rounded == 1 ? "" : "s")"
    }
}
