/// The canonical toxicity ids of the state and case formats (CTCAE terms, simplified).
public enum Toxicity: String, CaseIterable, Sendable, Hashable, Codable {
    case peripheralNeuropathy = "peripheral-neuropathy"
    case handFootSyndrome = "hand-foot-syndrome"
    case diarrhea
    case nausea
    case thrombocytopenia
    case neutropenia
    case anemia
    case hepatotoxicity
    case ild
    case lvefDecline = "lvef-decline"
    case infusionReaction = "infusion-reaction"
    case alopecia
    case fatigue
    case stomatitis

    /// A name a clinician reads in a sentence.
    public var displayName: String {
        switch self {
        case .peripheralNeuropathy: "peripheral neuropathy"
        case .handFootSyndrome: "hand-foot syndrome"
        case .ild: "ILD/pneumonitis"
        case .lvefDecline: "LVEF decline"
        case .infusionReaction: "infusion reaction"
        default: rawValue
        }
    }
}

/// Current CTCAE grades (0–4) per toxicity; a fixed-size value type so states copy cheaply.
public struct ToxicityGrades: Hashable, Sendable {
    private var grades: [UInt8]

    public init(_ grades: [Toxicity: Int] = [:]) {
        self.grades = Array(repeating: 0, count: Toxicity.allCases.count)
        for (toxicity, grade) in grades { self[toxicity] = grade }
    }

    public subscript(toxicity: Toxicity) -> Int {
        get { Int(grades[Self.index(of: toxicity)]) }
        set { grades[Self.index(of: toxicity)] = UInt8(clamping: max(0, min(5, newValue))) }
    }

    /// Toxicities with a grade above 0, in canonical order.
    public var present: [(toxicity: Toxicity, grade: Int)] {
        Toxicity.allCases.compactMap { self[$0] > 0 ? ($0, self[$0]) : nil }
    }

    private static func index(of toxicity: Toxicity) -> Int {
        Toxicity.allCases.firstIndex(of: toxicity)!
    }
}

extension Toxicity {
    /// Common names and abbreviations clinicians write for a toxicity. Files must use the
    /// canonical ids; these only make the did-you-mean (`hfs` → `hand-foot-syndrome`).
    public static let commonNames: [String: Toxicity] = [
        "hfs": .handFootSyndrome, "hand-foot": .handFootSyndrome, "palmar-plantar": .handFootSyndrome,
        "palmar-plantar-erythrodysesthesia": .handFootSyndrome, "ppe": .handFootSyndrome,
        "hand-foot-skin-reaction": .handFootSyndrome,
        "neuropathy": .peripheralNeuropathy, "cipn": .peripheralNeuropathy, "pn": .peripheralNeuropathy,
        "sensory-neuropathy": .peripheralNeuropathy,
        "diarrhoea": .diarrhea, "emesis": .nausea, "vomiting": .nausea,
        "low-platelets": .thrombocytopenia, "febrile-neutropenia": .neutropenia, "anaemia": .anemia,
        "hepatic-toxicity": .hepatotoxicity, "liver-toxicity": .hepatotoxicity, "transaminitis": .hepatotoxicity,
        "pneumonitis": .ild, "interstitial-lung-disease": .ild,
        "cardiotoxicity": .lvefDecline, "cardiac-dysfunction": .lvefDecline, "lvef-drop": .lvefDecline,
        "infusion-related-reaction": .infusionReaction, "irr": .infusionReaction,
        "hair-loss": .alopecia, "tiredness": .fatigue, "mucositis": .stomatitis, "oral-mucositis": .stomatitis,
    ]
}
