/// Case text with `{placeholders}` filled from the patient's state when it is shown.
public struct NarrativeTemplate: Hashable, Sendable {
    public enum Placeholder: String, CaseIterable, Sendable {
        case age, ecog, lvef, line, months, sites
        case lastRegimen = "last-regimen"
        case totalMonths = "total-months"
    }

    enum Piece: Hashable, Sendable {
        case text(String)
        case placeholder(Placeholder)
    }

    let pieces: [Piece]
    /// The text as written, for checks such as "mentions the brain".
    public let source: String

    /// What a placeholder is replaced by.
    public struct Context: Sendable {
        public var state: PatientState
        public var line: Int
        public var lastRegimenName: String?
        public var totalMonths: Double

        public init(state: PatientState, line: Int, lastRegimenName: String?, totalMonths: Double) {
            self.state = state
            self.line = line
            self.lastRegimenName = lastRegimenName
            self.totalMonths = totalMonths
        }
    }

    /// Parses `text`; unknown placeholders are returned with their offsets for diagnostics.
    public static func parse(_ text: String) -> (template: NarrativeTemplate, unknown: [(name: String, offset: Int)]) {
        var pieces: [Piece] = []
        var unknown: [(String, Int)] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{", let close = text[index...].firstIndex(of: "}") {
                let name = String(text[text.index(after: index)..<close])
                if looksLikePlaceholder(name) {
                    if let placeholder = Placeholder(rawValue: name) {
                        if !literal.isEmpty { pieces.append(.text(literal)) }
                        literal = ""
                        pieces.append(.placeholder(placeholder))
                    } else {
                        unknown.append((name, text.distance(from: text.startIndex, to: index)))
                        literal += text[index...close]
                    }
                    index = text.index(after: close)
                    continue
                }
            }
            literal.append(character)
            index = text.index(after: index)
        }
        if !literal.isEmpty { pieces.append(.text(literal)) }
        return (NarrativeTemplate(pieces: pieces, source: text), unknown)
    }

    /// Whether `{name}` was meant as a placeholder: a word or a few, joined by hyphens,
    /// underscores or spaces (`{age}`, `{last_regimen}`, `{total months}`), so that a misspelt
    /// one is reported rather than shown to the fellow with its braces.
    static func looksLikePlaceholder(_ name: String) -> Bool {
        guard name.count <= 32, name.contains(where: \.isLetter),
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == " " })
        else { return false }
        return name.split(whereSeparator: { $0 == "-" || $0 == "_" || $0 == " " }).count <= 3
    }

    public init(_ text: String) {
        self = Self.parse(text).template
    }

    init(pieces: [Piece], source: String) {
        self.pieces = pieces
        self.source = source
    }

    public func render(_ context: Context) -> String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += text
            case .placeholder(let placeholder): output += value(placeholder, context)
            }
        }
        return output
    }

    private func value(_ placeholder: Placeholder, _ context: Context) -> String {
        switch placeholder {
        case .age: String(context.state.age)
        case .ecog: String(context.state.ecog)
        case .lvef: String(context.state.lvef)
        case .line: String(context.line)
        case .months: Self.months(context.state.history.last?.months ?? 0)
        case .lastRegimen: context.lastRegimenName ?? "no prior therapy"
        case .totalMonths: Self.months(context.totalMonths)
        case .sites:
            ListFormatting.join(
                context.state.sites.filter { $0 != "brain" }
                    + (context.state.brainMetastases == .none ? [] : ["brain"]))
        }
    }

    static func months(_ value: Double) -> String {
        value == value.rounded() ? ClinicalWording.number(value) : String(format1(value))
    }

    static func format1(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return ClinicalWording.number(tenths)
    }
}

/// "a, b and c" for prose.
enum ListFormatting {
    static func join(_ items: [String]) -> String {
        switch items.count {
        case 0: return "none"
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }
}
