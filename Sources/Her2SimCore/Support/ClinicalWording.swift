import Foundation

/// Clinical events and patient facts in the words a clinician uses; shared by the REPL and the
/// quiz export so a fellow reads the same sentence in both.
public enum ClinicalWording {
    /// A sentence fragment, lower-case first ("thrombocytopenia, grade 2").
    public static func event(_ event: ClinicalEvent) -> String {
        switch event {
        case .toxicity(let toxicity, 0):
            return "\(toxicity.displayName) resolved"
        case .toxicity(let toxicity, let grade):
            return "\(toxicity.displayName), grade \(grade)"
        case .progression(let sites, let brain):
            var parts: [String] = []
            if !sites.isEmpty { parts.append("new \(list(sites.map(siteAdjective))) metastases") }
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
        case .preference(let value): return "she now \(preference(value))"
        case .preferenceWithdrawn(let value): return "she no longer \(preference(value))"
        case .hepaticImpairment(let value):
            return
                "hepatic function: \(value == .none ? "normal" : "\(value.rawValue) impairment (Child-Pugh \(childPugh(value)))")"
        case .heartFailure(true): return "symptomatic heart failure"
        case .heartFailure(false): return "heart failure resolved"
        }
    }

    public static func preference(_ preference: Preference) -> String {
        switch preference {
        case .oral: "prefers oral treatment"
        case .avoidAlopecia: "wants to avoid losing her hair"
        case .fewerVisits: "wants fewer clinic visits"
        case .chemotherapyFree: "prefers treatment without chemotherapy"
        }
    }

    public static func childPugh(_ value: HepaticImpairment) -> String {
        switch value {
        case .none: "-"
        case .mild: "A"
        case .moderate: "B"
        case .severe: "C"
        }
    }

    /// "lymph nodes", "pleura", "chest wall".
    public static func siteNoun(_ site: String) -> String {
        site == "nodes" ? "lymph nodes" : site.replacingOccurrences(of: "-", with: " ")
    }

    /// "nodal", "pleural", "chest-wall", for "new … metastases".
    public static func siteAdjective(_ site: String) -> String {
        switch site {
        case "nodes": "nodal"
        case "pleura": "pleural"
        case "peritoneum": "peritoneal"
        case "pericardium": "pericardial"
        case "leptomeninges": "leptomeningeal"
        case "ovary": "ovarian"
        case "contralateral-breast": "contralateral breast"
        default: site
        }
    }

    /// "a, b and c".
    public static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// "7 months", "1 month", "2.5 months".
    public static func months(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return "\(number(rounded)) month\(rounded == 1 ? "" : "s")"
    }

    /// "12", "12.5", or "7e+64": whole numbers without ".0", and no trap for values beyond `Int`
    /// (a fuzzer found a state file whose 67-digit month count crashed an error message).
    /// Core's one number-to-text rule: Core cannot depend on Her2SimText's `NumberFormat`.
    public static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(value)
    }
}
