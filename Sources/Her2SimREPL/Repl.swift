import Foundation
import Her2SimCore
import Her2SimText

/// When the REPL asks how sure the fellow is after a choice.
public enum ConfidencePolicy: Sendable, Hashable {
    /// After every choice, whatever the case says.
    case always
    /// Never (a `choose tdxd 80` still records).
    case never
    /// As the case or its turn says (`confidence: ask|skip`; ask when it says nothing).
    case byCase
}

/// The read–eval–print loop: commands in, screens out. Holds at most one session at a time.
public final class Repl {
    public struct Configuration {
        public var knowledge: Knowledge
        public var cases: [CaseScript]
        public var course: any DiseaseCourse
        public var style: TerminalStyle
        public var learner: String?
        /// Chooses a seed when `start` gives none (the REPL may use system randomness; Core never does).
        public var makeSeed: () -> UInt64
        /// Receives every session event as it happens, before anything is shown (the records
        /// store commits it). A failure message is shown to the user; the session goes on.
        public var record: ((Session, SessionEvent) -> String?)?
        /// Finds a stored session to continue (`resume [SESSION]`): the replayed session, or a
        /// message saying why not.
        public var resume: ((String?) -> Result<Session, ReplMessage>)?
        /// The learner's sessions and scores from the records (`progress`), or nil without records.
        public var progress: (() -> String)?
        /// The shell command that continues `session` later (`her2sim resume 12`), shown when the
        /// fellow leaves in the middle of a case; nil when it cannot be resumed.
        public var resumeCommand: ((Session) -> String?)?
        /// When to ask "How sure are you?" after a choice (`--confidence on|off|case`).
        public var confidencePrompt: ConfidencePolicy = .never
        /// Ask after every choice (`--confidence on`) or never: the two settings that ignore the case.
        public var asksConfidence: Bool {
            get { confidencePrompt != .never }
            set { confidencePrompt = newValue ? .always : .never }
        }
        /// Stores how sure the fellow was of the decision at `turn` (0–100); a failure message
        /// is shown, the session goes on.
        public var recordConfidence: ((Session, _ turn: Int, _ confidence: Int) -> String?)?
        /// The labels' dose-modification tables: management decisions are played with them
        /// (without, management turns are read as narrative).
        public var doseModifications: DoseModificationTable?

        public init(
            knowledge: Knowledge, cases: [CaseScript], course: any DiseaseCourse, style: TerminalStyle,
            learner: String? = nil, makeSeed: @escaping () -> UInt64 = { UInt64.random(in: 1...999_999) },
            record: ((Session, SessionEvent) -> String?)? = nil,
            resume: ((String?) -> Result<Session, ReplMessage>)? = nil
        ) {
            self.knowledge = knowledge
            self.cases = cases
            self.course = course
            self.style = style
            self.learner = learner
            self.makeSeed = makeSeed
            self.record = record
            self.resume = resume
        }
    }

    let configuration: Configuration
    let screens: Screens
    let parser: CommandParser
    let context: SessionContext
    private let write: (String) -> Void
    public private(set) var session: Session?
    /// The decision whose "How sure are you?" waits for an answer: its key in the records (the
    /// turn of a regimen choice, `ManagementRecord.confidenceKey` of a management decision).
    private var pendingConfidence: Int?
    /// The decision's screens, shown once the question is answered.
    private var pendingScreens = ""

    public init(configuration: Configuration, write: @escaping (String) -> Void) {
        self.configuration = configuration
        self.write = write
        self.screens = Screens(knowledge: configuration.knowledge, style: configuration.style)
        var vocabulary = CommandVocabulary(knowledge: configuration.knowledge, caseIDs: configuration.cases.map(\.id))
        if let table = configuration.doseModifications { vocabulary.managementActions = table.actionIDs }
        self.parser = CommandParser(vocabulary: vocabulary)
        self.context = SessionContext(
            knowledge: configuration.knowledge, course: configuration.course,
            doseModifications: configuration.doseModifications)
    }

    public var completer: Completer { Completer(vocabulary: parser.vocabulary) }

    /// The prompt with no case under way (also the first one, before the REPL exists).
    public static let idlePrompt = "her2sim> "

    /// `her2sim>` with no case, `her2sim hb-401 t2>` during one.
    public var prompt: String {
        if pendingConfidence != nil { return "How sure are you? (0–100, Enter to skip) " }
        guard let session, !session.isOver else { return Self.idlePrompt }
        return "her2sim \(session.script.id) t\(session.decisionNumber)> "
    }

    /// Runs until `quit` or end of input; leaving in the middle of a case says how to resume it.
    public func run(_ source: inout some LineSource) {
        var quit = false
        while let line = source.readLine(prompt: prompt) {
            if !handle(line, length: source.lastLineLength) {
                quit = true
                break
            }
        }
        if !quit { write("\n") }
        if !pendingScreens.isEmpty { showPendingScreens() }
        write(farewell())
    }

    /// "Your decisions in hb-401 are saved; to continue where you stopped: her2sim resume 3",
    /// when a case is under way and the records can bring it back.
    func farewell() -> String {
        guard let session, !session.isOver, let command = configuration.resumeCommand?(session) else { return "" }
        let saved =
            session.decisions.isEmpty
            ? "\(session.script.id) is saved before its first decision"
            : "Your decisions in \(session.script.id) are saved"
        return Screens.flow(Screens.words("\(saved); to continue where you stopped:")) + "\n  \(command)\n"
    }

    public func welcome() {
        let engine = context.engine
        let rows = configuration.cases.map { script in
            CaseTable.Row(
                id: script.id, line: engine.line(of: script.initialState),
                decisions: script.decisions + script.managementTurns, difficulty: script.difficulty.rawValue,
                title: script.title, objectives: script.objectives.map(\.text))
        }
        write(Self.welcomeScreen(rows, style: screens.style))
    }

    /// The welcome: what the REPL shows before the first command. Static so `her2sim` can write
    /// it from the case index before the cases are loaded (the same bytes either way).
    public static func welcomeScreen(_ rows: [CaseTable.Row], style: TerminalStyle) -> String {
        style.bold("her2sim") + " — HER2-positive metastatic breast cancer, one decision at a time.\n"
            + style.dim("Synthetic patients for teaching; not for treating real ones.") + "\n\n"
            + CaseTable(idHeading: "case", detailed: false, width: Screens.width, style: style).render(rows: rows)
            + "\nType 'start CASE' to begin (e.g. 'start \(rows.first?.id ?? "hb-401")'), or 'help'.\n"
    }

    /// Handles one line; false when the user asked to quit. `length` is the line's full length in
    /// bytes when `line` is only its start (see `LineSource.lastLineLength`).
    @discardableResult
    public func handle(_ line: String, length: Int? = nil) -> Bool {
        if let turn = pendingConfidence {
            let answer = line.trimmingCharacters(in: .whitespaces)
            if let sure = Int(answer.hasSuffix("%") ? String(answer.dropLast()) : answer), !(0...100).contains(sure) {
                write("How sure you are is a number from 0 to 100 (Enter skips).\n")
                return true
            }
            pendingConfidence = nil
            if let sure = Int(answer.hasSuffix("%") ? String(answer.dropLast()) : answer) { saveConfidence(turn, sure) }
            showPendingScreens()
            // Anything but a number or Enter is a command: the question is skipped.
            if answer.isEmpty || Int(answer.hasSuffix("%") ? String(answer.dropLast()) : answer) != nil { return true }
        }
        switch parser.parse(line, length: length) {
        case .failure(let error):
            write(Screens.fit(error.message) + "\n")
        case .success(let command):
            return perform(command)
        }
        return true
    }

    // MARK: - Commands

    private func perform(_ command: ReplCommand) -> Bool {
        switch command {
        case .nothing: break
        case .quit: return false
        case .help(let topic): write(help(topic))
        case .cases: write(caseList())
        case .start(let caseID, let seed): start(caseID, seed: seed ?? configuration.makeSeed())
        case .options: write(screens.options())
        case .info(let regimen): write(screens.info(regimen))
        case .choose(let regimen, let confidence): choose(regimen, confidence: confidence)
        case .manage(let action, let confidence): manage(action, confidence: confidence)
        case .confidence(let sure):
            if let sure, let session, let key = Self.latestDecisionKey(session) { saveConfidence(key, sure) }
        case .chart:
            guard let session = requireSession() else { break }
            write(screens.chart(session))
        case .why, .whyAll:
            guard let session = requireSession() else { break }
            guard let last = session.decisions.last else {
                write("No decision yet: 'why' explains the reference ranking after you choose.\n")
                break
            }
            write(screens.why(last, all: command == .whyAll))
        case .progress:
            guard let progress = configuration.progress else {
                write("Records are off in this run, so there is no progress to show.\n")
                break
            }
            write(progress())
        case .timeline:
            guard let session = requireSession() else { break }
            write(screens.timeline(session))
        case .score:
            guard let session = requireSession() else { break }
            write(screens.score(session))
        case .summary:
            guard let session = requireSession() else { break }
            write(screens.summary(session, reference: session.referenceReplay()))
        case .restart:
            guard let session = requireSession() else { break }
            start(session.script.id, seed: session.seed)
        case .resume(let id):
            guard let resume = configuration.resume else {
                write("Records are off in this run, so there is nothing to resume.\n")
                break
            }
            switch resume(id) {
            case .success(let session): continueSession(session)
            case .failure(let message): write(Screens.fit(message.text) + "\n")
            }
        }
        return true
    }

    /// Shows a replayed session where it stopped.
    public func continueSession(_ session: Session) {
        self.session = session
        write(
            screens.style.dim(
                "Resuming \(session.script.id) (seed \(session.seed)) after \(session.decisions.count) decision\(session.decisions.count == 1 ? "" : "s")"
            ) + "\n\n")
        if session.isOver {
            write(screens.summary(session, reference: session.referenceReplay()))
        } else {
            write(turnScreen(session))
        }
    }

    /// Hands events to the records store before anything about them is shown.
    private func persist(_ session: Session, _ events: ArraySlice<SessionEvent>) {
        for event in events {
            if let problem = configuration.record?(session, event) {
                write(screens.style.tier(.contraindicated, "warning: \(problem)") + "\n")
                return
            }
        }
    }

    public func start(_ caseID: String, seed: UInt64) {
        guard let script = configuration.cases.first(where: { $0.id == caseID }) else {
            write("no case '\(caseID)'; type 'cases' to see them\n")
            return
        }
        let session = Session(script: script, seed: seed, learner: configuration.learner, context: context)
        self.session = session
        persist(session, session.log[...])
        write(
            screens.style.dim(
                "Starting \(script.id) with seed \(seed) (replay it with: start \(script.id) seed \(seed))") + "\n\n")
        write(turnScreen(session))
    }

    private func showPendingScreens() {
        pendingConfidence = nil
        let out = pendingScreens
        pendingScreens = ""
        write(out)
    }

    /// `key` is where the records keep it: a regimen choice's turn, or a management decision's
    /// `confidenceKey`.
    private func saveConfidence(_ key: Int, _ sure: Int) {
        guard let session, let record = configuration.recordConfidence else { return }
        if let problem = record(session, key, sure) { write(problem + "\n") }
    }

    /// The records key of the last decision made, a regimen choice or a management decision.
    static func latestDecisionKey(_ session: Session) -> Int? {
        for event in session.log.reversed() {
            if case .chose(let turn, _) = event { return turn }
            if case .managed = event { return session.managements.last?.confidenceKey }
        }
        return nil
    }

    private func choose(_ regimen: String, confidence: Int? = nil) {
        guard var session = requireSession() else { return }
        guard !session.isOver else {
            write(
                Screens.flow(
                    Screens.words(
                        "This case is over. 'summary' shows how it went; 'restart' plays it again; 'cases' lists others."
                    )) + "\n")
            return
        }
        if session.pendingManagement != nil {
            write(
                Screens.flow(Screens.words("First decide what to do with the current regimen: 'manage ACTION'.")) + "\n"
            )
            return
        }
        let before = session.log.count
        guard let record = session.choose(regimen) else {
            write("'\(regimen)' cannot be chosen here.\n")
            return
        }
        self.session = session
        persist(session, session.log[before...])
        var out = screens.decision(record, session: session)
        if session.isOver {
            let outcome = screens.outcome(record, session: session)
            if !outcome.isEmpty { out += "\n" + outcome }
            out += closingScreen(session)
        } else {
            out += "\n" + turnScreen(session)
        }
        showVerdict(out, confidenceKey: record.turn, turn: record.turn, given: confidence)
    }

    /// What follows the last decision: the author's closing words, the summary, what to do next.
    private func closingScreen(_ session: Session) -> String {
        var out = ""
        if let epilogue = session.epilogue { out += "\n" + screens.paragraph(epilogue) + "\n" }
        out += screens.summary(session, reference: session.referenceReplay())
        return out + "\n"
            + Screens.flow(
                Screens.words(
                    "The case is over. 'restart' plays it again; 'cases' lists others; 'quit' leaves.")) + "\n"
    }

    private func manage(_ id: String, confidence: Int? = nil) {
        guard var session = requireSession() else { return }
        guard !session.isOver, session.pendingManagement != nil, let engine = context.management,
            let decision = session.pendingManagement
        else {
            write(
                Screens.flow(
                    Screens.words("There is no toxicity to manage now; 'manage' answers a management decision.")) + "\n"
            )
            return
        }
        let offered = engine.actions(for: decision.regimen)
        guard let action = ManagementAction(id: id), offered.contains(action) else {
            write(
                Screens.flow(
                    Screens.words(
                        "'\(id)' is not an action on \(decision.regimen); choose one of: "
                            + offered.map(\.id).joined(separator: ", "))) + "\n")
            return
        }
        let before = session.log.count
        guard let record = session.manage(action) else {
            write("'\(id)' cannot be chosen here.\n")
            return
        }
        self.session = session
        persist(session, session.log[before...])
        var out = screens.management(record, session: session)
        if session.isOver {
            out += closingScreen(session)
        } else if record.isAuto {
            out +=
                "\n" + screens.style.dim("Decide with 'choose REGIMEN' · 'options' lists them · her 'chart' · 'help'")
                + "\n"
        } else {
            out += "\n" + turnScreen(session)
        }
        showVerdict(out, confidenceKey: record.confidenceKey, turn: record.turn, given: confidence)
    }

    /// Shows a decision's screens, or first asks how sure the fellow was when the case or its
    /// turn asks and no confidence came with the command: how sure, not how lucky.
    private func showVerdict(_ out: String, confidenceKey: Int, turn: Int, given confidence: Int?) {
        if let confidence {
            saveConfidence(confidenceKey, confidence)
        } else if asksConfidence(atTurn: turn) {
            pendingConfidence = confidenceKey
            pendingScreens = out
            return
        }
        write(out)
    }

    /// The turn, and the management question when one is pending.
    func turnScreen(_ session: Session) -> String {
        var out = screens.turn(session)
        if let decision = session.pendingManagement, let engine = context.management {
            out += screens.managementPrompt(session, actions: engine.actions(for: decision.regimen))
        }
        return out
    }

    /// Whether the decision just made at `turn` (a regimen or a management decision) gets the
    /// question: always, never, or as its case (or turn) says.
    private func asksConfidence(atTurn turn: Int) -> Bool {
        switch configuration.confidencePrompt {
        case .always: return true
        case .never: return false
        case .byCase: return session?.script.asksConfidence(atTurn: turn) ?? true
        }
    }

    private func requireSession() -> Session? {
        if let session { return session }
        write("No case is running. Type 'cases' to see them and 'start CASE' to begin.\n")
        return nil
    }

    // MARK: - Text

    func caseList() -> String {
        let engine = context.engine
        return CaseTable(idHeading: "case", detailed: false, width: Screens.width, style: screens.style)
            .render(configuration.cases) { engine.line(of: $0.initialState) }
    }

    func help(_ topic: String?) -> String {
        if let topic, let entry = CommandHelp.entry(topic) {
            return screens.style.bold(entry.usage) + "\n"
                + entry.details.wrapped(to: Screens.width - 2, indent: "  ").prefixed("  ") + "\n"
        }
        var out = "Commands:\n"
        let width = CommandHelp.entries.map(\.usage.count).max() ?? 0
        for entry in CommandHelp.entries {
            let indent = String(repeating: " ", count: width + 4)
            out +=
                "  \(entry.usage.padded(to: width))  "
                + entry.summary.wrapped(to: Screens.width - indent.count, indent: indent) + "\n"
        }
        out += "TAB completes commands and ids; Ctrl-C clears the line; Ctrl-D leaves.\n"
        return out
    }
}

/// A sentence for the user when a REPL request cannot be met.
public struct ReplMessage: Error, Sendable {
    public var text: String

    public init(_ text: String) {
        self.text = text
    }
}

extension String {
    func prefixed(_ prefix: String) -> String { prefix + self }
}
