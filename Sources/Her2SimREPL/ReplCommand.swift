import Her2SimCore

/// One line the fellow typed, understood.
public enum ReplCommand: Hashable, Sendable {
    case help(topic: String?)
    case cases
    case start(caseID: String, seed: UInt64?)
    case chart
    case options
    case info(regimen: String)
    /// `choose tdm1 80`: with how sure the fellow is (0–100), when given.
    case choose(regimen: String, confidence: Int? = nil)
    /// `manage hold`: a toxicity-management action at a management decision (`manage hold 70`
    /// also says how sure, like `choose tdm1 80`).
    case manage(action: String, confidence: Int? = nil)
    /// The answer to "How sure are you?" (nil: skipped).
    case confidence(Int?)
    case why
    /// `why all`: every regimen of the ranking, not only the first places and the choice.
    case whyAll
    case timeline
    case score
    case summary
    case restart
    /// Continue a stored session: the latest unfinished one, or the one with this id.
    case resume(session: String?)
    /// `progress` (or `report`): the learner's sessions and scores, from the records.
    case progress
    case quit
    /// An empty line: nothing to do.
    case nothing
}

/// What the parser needs to check arguments: regimen names and case ids.
public struct CommandVocabulary: Sendable {
    public var knowledge: Knowledge
    public var caseIDs: [String]
    /// Every toxicity-management action id (`manage h<TAB>` completes from them).
    public var managementActions: [String]

    public init(
        knowledge: Knowledge, caseIDs: [String],
        managementActions: [String] = defaultManagementActions
    ) {
        self.knowledge = knowledge
        self.caseIDs = caseIDs
        self.managementActions = managementActions
    }

    /// The toxicity-management actions `manage` takes.
    public static let defaultManagementActions = [
        "continue", "hold", "reduce", "omit-capecitabine", "omit-taxane", "discontinue",
    ]
}

/// A line that could not be understood: one helpful sentence, with a suggestion when there is one.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The REPL's commands with their one-line help; the order is the order `help` lists them.
public enum CommandHelp {
    public struct Entry: Sendable {
        public var name: String
        public var usage: String
        public var summary: String
        public var details: String
    }

    public static let entries: [Entry] = [
        Entry(
            name: "cases", usage: "cases", summary: "list the cases you can play",
            details: "Lists every case with its id, starting line of therapy and number of decisions."),
        Entry(
            name: "start", usage: "start CASE [seed N]", summary: "start a case (optionally with a seed)",
            details:
                "Starts CASE at its first turn. The seed fixes how the disease behaves: the same case, seed and choices always unfold the same way."
        ),
        Entry(
            name: "chart", usage: "chart",
            summary: "the patient's chart: history, toxicities, labs, sites, preferences",
            details:
                "Shows the history of therapy, residual toxicities with grades, the latest labs, metastatic sites and what matters to the patient."
        ),
        Entry(
            name: "options", usage: "options", summary: "every regimen you may choose (unranked)",
            details: "Lists all regimens by id and name, in a fixed order — no hints about which is right."),
        Entry(
            name: "info", usage: "info REGIMEN", summary: "agents, dose, key trial and toxicities of a regimen",
            details:
                "Shows a regimen's agents, dose and schedule, the trials behind it and its known toxicities with rates."
        ),
        Entry(
            name: "choose", usage: "choose REGIMEN", summary: "decide: choose a regimen for this turn",
            details:
                "Chooses REGIMEN (an id or alias, e.g. 'tdm1' or 'kadcyla'). The reference engine scores the choice and explains it; then months pass. 'choose tdm1 80' also says how sure you are (0–100), for the calibration report."
        ),
        Entry(
            name: "manage", usage: "manage ACTION",
            summary: "decide what to do with the current regimen after a toxicity",
            details:
                "At a toxicity-management decision: continue, hold, reduce (one dose level lower), omit-capecitabine, omit-taxane (or omit another drug) or discontinue. The labels' dose-modification tables score the choice and the label's instruction is quoted; then the case goes on. 'manage hold 80' also says how sure you are (0–100)."
        ),
        Entry(
            name: "why", usage: "why [all]", summary: "the reference reasoning for the last decision",
            details:
                "Shows the reference ranking at your last decision — the first five places and your choice — with the rules and sources that placed each. 'why all' shows every regimen."
        ),
        Entry(
            name: "timeline", usage: "timeline", summary: "lines of therapy so far, with durations and toxicities",
            details: "Draws the lines of therapy in this case as a timeline."),
        Entry(
            name: "score", usage: "score", summary: "your points so far",
            details: "Shows points per decision and the running total."),
        Entry(
            name: "summary", usage: "summary", summary: "the end-of-case summary (so far)",
            details: "Shows the decision table, the teaching points missed, the timeline and the counterfactual."),
        Entry(
            name: "restart", usage: "restart", summary: "start this case again with the same seed",
            details: "Restarts the current case from its first turn with the same seed."),
        Entry(
            name: "resume", usage: "resume [SESSION]", summary: "continue an unfinished session from your records",
            details:
                "Rebuilds your latest unfinished session (or session SESSION, e.g. 'resume 12') from its stored decisions and continues where it stopped."
        ),
        Entry(
            name: "progress", usage: "progress", summary: "your sessions and scores, by case and objective",
            details:
                "Shows your sessions from the records (case, date, score) and your mean score per case and per objective. 'report' does the same."
        ),
        Entry(
            name: "help", usage: "help [COMMAND]", summary: "this list, or the details of one command",
            details: "Lists the commands, or explains one."),
        Entry(
            name: "quit", usage: "quit", summary: "leave her2sim (Ctrl-D works too)",
            details: "Ends the program. Your decisions so far are kept."),
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }
}

/// Parses REPL lines. Pure: the same line and vocabulary always give the same result.
public struct CommandParser: Sendable {
    public let vocabulary: CommandVocabulary
    /// Longer lines are refused before any work is done.
    public static let maximumLineLength = 4_096

    public init(vocabulary: CommandVocabulary) {
        self.vocabulary = vocabulary
    }

    /// `length` is the line's full length in bytes when `line` holds only its start.
    public func parse(_ line: String, length: Int? = nil) -> Result<ReplCommand, CommandError> {
        let bytes = max(length ?? 0, line.utf8.count)
        if bytes > Self.maximumLineLength {
            return .failure(CommandError(message: "that line is \(bytes) bytes long; commands are short — try 'help'"))
        }
        if line.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\t" }) {
            return .failure(
                CommandError(message: "that line contains control characters; type a command such as 'help'"))
        }
        // Line sources turn bytes that are not UTF-8 into U+FFFD; nothing a command takes contains it.
        if let bad = line.unicodeScalars.firstIndex(of: "\u{FFFD}") {
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: bad) + 1
            return .failure(
                CommandError(
                    message:
                        "that line is not valid UTF-8 text (column \(column)); check your terminal's encoding, and type a command such as 'help'"
                ))
        }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { return .success(.nothing) }
        let name = first.lowercased()
        let arguments = Array(words.dropFirst())
        switch name {
        case "help", "?", "h":
            guard let topic = arguments.first else { return .success(.help(topic: nil)) }
            guard arguments.count == 1 else { return usage("help") }
            let known = CommandHelp.names
            let aliases = ["exit": "quit", "report": "progress"]
            let lowered = aliases[topic.lowercased()] ?? topic.lowercased()
            guard known.contains(lowered) else {
                return .failure(
                    CommandError(
                        message:
                            "no command '\(topic)'\(Suggestion.hint(for: topic, in: known)); type 'help' for the list"))
            }
            return .success(.help(topic: lowered))
        case "cases": return noArguments(.cases, arguments, "cases")
        case "start":
            return start(arguments)
        case "chart": return noArguments(.chart, arguments, "chart")
        case "options": return noArguments(.options, arguments, "options")
        case "info":
            guard arguments.count == 1 else { return usage("info") }
            return regimen(arguments[0]).map { .info(regimen: $0) }
        case "choose", "choice", "pick":
            if arguments.count == 2, let sure = Int(arguments[1]), (0...100).contains(sure) {
                return regimen(arguments[0]).map { .choose(regimen: $0, confidence: sure) }
            }
            guard arguments.count == 1 else {
                if arguments.isEmpty {
                    return .failure(
                        CommandError(message: "choose what? usage: choose REGIMEN (type 'options' to see them)"))
                }
                if arguments.count == 2, arguments[1].allSatisfy(\.isNumber) || arguments[1].hasPrefix("-") {
                    return .failure(
                        CommandError(message: "how sure you are is a number from 0 to 100, e.g. 'choose tdm1 80'"))
                }
                return .failure(
                    CommandError(
                        message: "choose one regimen by its id, e.g. 'choose tdm1' (ids have hyphens, not spaces)"))
            }
            return regimen(arguments[0]).map { .choose(regimen: $0) }
        case "manage":
            var sure: Int?
            if arguments.count == 2, let value = Int(arguments[1]), (0...100).contains(value) { sure = value }
            guard arguments.count == 1 || sure != nil else {
                if arguments.count == 2, arguments[1].allSatisfy(\.isNumber) || arguments[1].hasPrefix("-") {
                    return .failure(
                        CommandError(
                            message: "how sure you are is a number from 0 to 100, "
                                + "e.g. 'manage \(arguments[0].lowercased()) 80'"))
                }
                return .failure(
                    CommandError(
                        message: "manage what? usage: manage ACTION "
                            + "(the actions are listed under the question; TAB completes them)"))
            }
            let action = arguments[0].lowercased()
            guard vocabulary.managementActions.contains(action) else {
                let hint =
                    Suggestion.nearest(to: action, in: vocabulary.managementActions).map { " (did you mean '\($0)'?)" }
                    ?? ""
                return .failure(
                    CommandError(
                        message: "unknown action '\(arguments[0])'\(hint); actions are: "
                            + vocabulary.managementActions.joined(separator: ", ")))
            }
            return .success(.manage(action: action, confidence: sure))
        case "why":
            if arguments.count == 1, arguments[0].lowercased() == "all" { return .success(.whyAll) }
            return noArguments(.why, arguments, "why")
        case "progress", "report": return noArguments(.progress, arguments, "progress")
        case "timeline": return noArguments(.timeline, arguments, "timeline")
        case "score": return noArguments(.score, arguments, "score")
        case "summary": return noArguments(.summary, arguments, "summary")
        case "restart": return noArguments(.restart, arguments, "restart")
        case "resume":
            guard arguments.count <= 1 else { return usage("resume") }
            return .success(.resume(session: arguments.first))
        case "quit", "exit", "q": return noArguments(.quit, arguments, "quit")
        default:
            if vocabulary.knowledge.regimenIndex(named: first) != nil {
                return .failure(
                    CommandError(message: "unknown command '\(first)'; to choose it, type 'choose \(first)'"))
            }
            let candidates = CommandHelp.names + ["exit", "report"]
            return .failure(
                CommandError(
                    message:
                        "unknown command '\(first)'\(Suggestion.hint(for: name, in: candidates)); type 'help' for the list"
                ))
        }
    }

    private func start(_ arguments: [String]) -> Result<ReplCommand, CommandError> {
        guard let caseID = arguments.first else {
            return .failure(
                CommandError(message: "start which case? usage: start CASE [seed N] (type 'cases' to see them)"))
        }
        guard vocabulary.caseIDs.contains(caseID) else {
            return .failure(
                CommandError(
                    message:
                        "no case '\(caseID)'\(Suggestion.hint(for: caseID, in: vocabulary.caseIDs)); type 'cases' to see them"
                ))
        }
        switch arguments.count {
        case 1: return .success(.start(caseID: caseID, seed: nil))
        case 3 where arguments[1].lowercased() == "seed":
            guard let seed = UInt64(arguments[2]) else {
                return .failure(
                    CommandError(
                        message: "a seed is a whole number from 0 to \(UInt64.max), e.g. 'start \(caseID) seed 42'"))
            }
            return .success(.start(caseID: caseID, seed: seed))
        case 2 where UInt64(arguments[1]) != nil:
            return .success(.start(caseID: caseID, seed: UInt64(arguments[1])))
        default:
            return usage("start")
        }
    }

    private func regimen(_ text: String) -> Result<String, CommandError> {
        let knowledge = vocabulary.knowledge
        if let id = knowledge.canonicalRegimenID(text) { return .success(id) }
        return .failure(
            CommandError(
                message:
                    "unknown regimen '\(text)'\(Suggestion.hint(for: text, in: knowledge.regimenIDs.map(\.rawValue) + knowledge.regimenNames)); type 'options' to see them"
            ))
    }

    private func noArguments(_ command: ReplCommand, _ arguments: [String], _ name: String) -> Result<
        ReplCommand, CommandError
    > {
        arguments.isEmpty ? .success(command) : usage(name)
    }

    private func usage(_ name: String) -> Result<ReplCommand, CommandError> {
        let usage = CommandHelp.entry(name)?.usage ?? name
        return .failure(CommandError(message: "usage: \(usage)"))
    }
}
