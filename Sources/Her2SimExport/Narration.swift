import Foundation
import Her2SimCore
import Her2SimText

/// The patient's state and events written the way a clinician reads a vignette.
struct Narration {
    let knowledge: Knowledge

    func name(_ regimen: RegimenID) -> String { knowledge.regimen(regimen)?.name ?? regimen.rawValue }

    /// "9 months on T-DM1 (trastuzumab emtansine), stopped for progression".
    func course(of regimen: RegimenID, months: Double, ended: TherapyLine?) -> String {
        if regimen == "best-supportive-care" { return "\(Self.months(months)) of best supportive care" }
        var text =
            regimen == "clinical-trial"
            ? "\(Self.months(months)) in a clinical trial"
            : "\(Self.months(months)) on \(Self.inSentence(name(regimen)))"
        if let ended {
            switch ended.stopped {
            case .toxicity:
                let which = ended.toxicity.map { " (\($0.toxicity.displayName), grade \($0.grade))" } ?? ""
                text += ", stopped for toxicity\(which)"
            case .progression: text += ", stopped for progression"
            case .completed: text += ", completed"
            case .preference: text += ", stopped at her wish"
            }
        }
        return text
    }

    func describe(_ event: ClinicalEvent) -> String {
        ClinicalWording.event(event).capitalizedFirst
    }

    func findings(_ findings: Findings) -> [LabeledText] {
        var rows: [LabeledText] = []
        if !findings.labs.isEmpty {
            rows.append(
                LabeledText(
                    "Labs",
                    findings.labs.map {
                        "\($0.lab.displayName) \(Self.number($0.value))\($0.lab.unit == "%" ? "" : " ")\($0.lab.unit)"
                    }
                    .joined(separator: " · ")))
        }
        for report in findings.imaging { rows.append(LabeledText("Imaging", Text.xmlSafe(report))) }
        if !findings.symptoms.isEmpty {
            rows.append(LabeledText("Symptoms", Text.xmlSafe(findings.symptoms.joined(separator: "; "))))
        }
        return rows
    }

    func status(_ state: PatientState) -> [LabeledText] {
        var rows: [LabeledText] = []
        var general =
            "\(state.age) years · ECOG \(state.ecog) · hormone receptor \(state.hormoneReceptor.rawValue) · LVEF \(state.lvef)%"
        if state.heartFailure { general += " · symptomatic heart failure" }
        rows.append(LabeledText("Patient", general))
        let sites = state.sites.filter { $0 != "brain" }.map(Self.siteNoun)
        var metastases = sites.isEmpty ? "none recorded" : Self.list(sites)
        switch state.brainMetastases {
        case .none: metastases += "; no brain metastases"
        case .treatedStable: metastases += "; brain (treated, stable)"
        case .active: metastases += "; brain (active)"
        }
        rows.append(LabeledText("Metastases", metastases))
        let toxicities = state.toxicities.present
        rows.append(
            LabeledText(
                "Toxicity now",
                toxicities.isEmpty
                    ? "none"
                    : toxicities.map { "\($0.toxicity.displayName) grade \($0.grade)" }.joined(separator: ", ")))
        var other: [String] = []
        if state.hepaticImpairment != .none {
            other.append(
                "\(state.hepaticImpairment.rawValue) hepatic impairment (Child-Pugh \(Self.childPugh(state.hepaticImpairment)))"
            )
        }
        switch state.dpdDeficiency {
        case .none: break
        case .partial: other.append("partial DPD deficiency")
        case .complete: other.append("complete DPD deficiency")
        }
        if state.visceralCrisis { other.append("visceral crisis") }
        if !other.isEmpty { rows.append(LabeledText("Also", other.joined(separator: "; "))) }
        rows.append(
            LabeledText(
                "Preferences",
                state.preferences.isEmpty
                    ? "none stated"
                    : state.preferences.map { Self.preference($0) }.joined(separator: "; ")))
        rows.append(
            LabeledText("Clinical trial", state.trialAvailable ? "a suitable trial is open to her" : "none open to her")
        )
        return rows
    }

    /// "Line 1 · THP (…) — 26 months, partial response, stopped for progression".
    func history(_ history: [TherapyLine]) -> [String] {
        var line = 0
        return history.map { entry in
            let label: String
            if entry.setting == .early {
                label = "(Neo)adjuvant"
            } else {
                line += 1
                label = "Line \(line)"
            }
            var text = "\(label) · \(name(entry.regimen)) — \(Self.months(entry.months))"
            if let response = entry.response { text += ", \(Self.response(response))" }
            switch entry.stopped {
            case .progression: text += ", stopped for progression"
            case .toxicity:
                text += ", stopped for toxicity"
                if let toxicity = entry.toxicity {
                    text += " (\(toxicity.toxicity.displayName), grade \(toxicity.grade))"
                }
            case .completed: text += ", completed"
            case .preference: text += ", stopped at her wish"
            }
            if let relapse = entry.relapseMonths { text += "; relapse \(Self.months(relapse)) after it ended" }
            return text
        }
    }

    /// A name inside a sentence: "Lapatinib + trastuzumab" → "lapatinib + trastuzumab"; "T-DM1" stays.
    static func inSentence(_ name: String) -> String {
        let characters = Array(name)
        guard characters.count > 1, characters[0].isUppercase, characters[1].isLowercase else { return name }
        return characters[0].lowercased() + String(characters.dropFirst())
    }

    static func response(_ response: Response) -> String {
        switch response {
        case .complete: "complete response"
        case .partial: "partial response"
        case .stable: "stable disease"
        case .progression: "progression as best response"
        }
    }

    static func preference(_ preference: Preference) -> String { ClinicalWording.preference(preference) }
    static func childPugh(_ value: HepaticImpairment) -> String { ClinicalWording.childPugh(value) }
    static func siteNoun(_ site: String) -> String { ClinicalWording.siteNoun(site) }
    static func list(_ items: [String]) -> String { ClinicalWording.list(items) }
    static func months(_ value: Double) -> String { ClinicalWording.months(value) }
    static func number(_ value: Double) -> String { ClinicalWording.number(value) }
}
