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
