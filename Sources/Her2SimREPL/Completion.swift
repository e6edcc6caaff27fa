import Her2SimCore

/// TAB completion in context: command names first, then case ids after `start`, regimen ids
/// (aliases only when no id fits what was typed) after `choose` and `info`, command names after
/// `help`, `all` after `why`.
public struct Completer: Sendable {
    public var caseIDs: [String]
    public var regimenIDs: [String]
    public var regimenNames: [String]
    public var managementActions: [String]

    public init(vocabulary: CommandVocabulary) {
        self.init(
            caseIDs: vocabulary.caseIDs, regimenIDs: vocabulary.knowledge.regimenIDs.map(\.rawValue),
            regimenNames: vocabulary.knowledge.regimenNames, managementActions: vocabulary.managementActions)
    }

    /// Completion before the knowledge base is loaded (the first line, from the case index).
    public init(
        caseIDs: [String], regimenIDs: [String], regimenNames: [String],
        managementActions: [String] = CommandVocabulary.defaultManagementActions
    ) {
        self.caseIDs = caseIDs
        self.regimenIDs = regimenIDs
        self.regimenNames = regimenNames
        self.managementActions = managementActions
    }

    /// Candidates for the word ending at the cursor; `lineBeforeWord` is everything before it.
    public func candidates(lineBeforeWord: String, word: String) -> [String] {
        let previous = lineBeforeWord.split(separator: " ").map { $0.lowercased() }
        let pool: [String]
        switch previous.count {
        case 0:
            pool = CommandHelp.names
        case 1:
            switch previous[0] {
            case "choose", "info", "pick", "choice":
                // Canonical ids; an alias only when no id begins with what was typed (`kad` → kadcyla).
                let lowered = word.lowercased()
                pool = regimenIDs.contains(where: { $0.hasPrefix(lowered) }) ? regimenIDs : regimenNames
            case "start": pool = caseIDs
            case "manage": pool = managementActions
            case "help": pool = CommandHelp.names
            case "why": pool = ["all"]
            default: pool = []
            }
        case 2 where previous[0] == "start":
            pool = ["seed"]
        default:
            pool = []
        }
        let lowered = word.lowercased()
        var seen: Set<String> = []
        // Canonical ids first, so `choose tdm<TAB>` completes to `tdm1`, not an alias.
        return pool.filter { $0.hasPrefix(lowered) && seen.insert($0).inserted }
    }
}
