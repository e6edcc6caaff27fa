/// Coherence findings of a case along every path `CasePaths` plays: what a fellow who chooses
/// differently would read. Each finding is located at the line to fix, names one path it shows
/// on and how many paths show it, and says what to do. Deduplicated by location, kind and detail.
public struct PathLinter: Sendable {
    public let context: SessionContext
    let lexicon: DrugLexicon

    public init(context: SessionContext) {
        self.context = context
        self.lexicon = DrugLexicon(knowledge: context.knowledge)
    }

    public struct Result: Sendable {
        public var diagnostics: [Diagnostic]
        /// How many paths were played.
        public var paths: Int
    }

    /// A finding before deduplication: where, what, and the message given the path and counts.
    struct Finding {
        var kind: String
        var location: SourceLocation
        var detail: String
        /// Among paths showing the same finding, the message names the first with the highest.
        var priority = 0
        var message: (_ path: String, _ count: Int, _ total: Int) -> String
    }

    public func lint(_ script: CaseScript) -> Result {
        let played = CasePaths(script: script, context: context).paths
        let reference = played[0]
        // The history before each turn on the reference path: what the author wrote for.
        var referenceHistory: [Int: Set<RegimenID>] = [:]
        for record in reference.session.decisions {
            referenceHistory[record.turn] = Set(record.state.history.map(\.regimen))
        }
        let memo = Memo()
        var order: [String] = []
        var seen: [String: (finding: Finding, path: String, paths: Set<Int>)] = [:]
        for (pathIndex, path) in played.enumerated() {
            for (finding, prefix) in findings(
                on: path, isReference: pathIndex == 0, script: script,
                referenceHistory: referenceHistory, referenceChoices: reference.choices,
                memo: memo)
            {
                let key = "\(finding.kind)|\(finding.location)"
                if seen[key] == nil {
                    order.append(key)
                    seen[key] = (finding, name(script, Array(path.choices.prefix(prefix))), [])
                } else if finding.priority > seen[key]!.finding.priority {
                    seen[key]!.finding = finding
                    seen[key]!.path = name(script, Array(path.choices.prefix(prefix)))
                }
                seen[key]!.paths.insert(pathIndex)
            }
        }
        let diagnostics =
            order.map { key in
                let entry = seen[key]!
                return Diagnostic(
                    .warning, entry.finding.message(entry.path, entry.paths.count, played.count),
                    at: entry.finding.location)
            } + unreachableGuards(script, played: played)
        return Result(
            diagnostics: diagnostics.sorted { ($0.location!, $0.message) < ($1.location!, $1.message) },
            paths: played.count)
    }

    /// "hb-403: tdxd → tdm1", the choices made before what a finding is about.
    func name(_ script: CaseScript, _ choices: [RegimenID]) -> String {
        choices.isEmpty
            ? "\(script.id) (before any choice)" : "\(script.id): " + choices.map(\.rawValue).joined(separator: " → ")
    }

    static func paths(_ count: Int, of total: Int) -> String {
        "\(count) of \(total) path\(total == 1 ? "" : "s")"
    }

    // MARK: - One path

    /// Each finding with how many of the path's choices precede it.
    private func findings(
        on path: CasePaths.Path, isReference: Bool, script: CaseScript,
        referenceHistory: [Int: Set<RegimenID>], referenceChoices: [RegimenID], memo: Memo
    ) -> [(Finding, Int)] {
        let referenceAll = Set(referenceChoices).union(script.initialState.history.map(\.regimen))
        func referenceChoice(at index: Int) -> RegimenID? {
            index >= 0 && index < referenceChoices.count ? referenceChoices[index] : nil
        }
        var result: [(Finding, Int)] = []
        let session = path.session
        var previousTurn = -1
        var deathLine: SourceLocation?
        for (index, record) in session.decisions.enumerated() {
            let turn = script.turns[record.turn]
            let history = Set(record.state.history.map(\.regimen))
            let facts = record.path
            // What the fellow reads before deciding: narrative-only turns, then this turn (or the
            // previous decision's branch narrative in its place).
            var texts: [(NarrativeText, Int)] = []
            for interlude in (previousTurn + 1)..<record.turn where !script.turns[interlude].decides {
                if let text = NarrativeText(turn: script.turns[interlude], on: facts) {
                    texts.append((text, interlude))
                }
            }
            if index > 0, let branch = session.decisions[index - 1].branch, let narrative = branch.narrative {
                texts.append((NarrativeText(source: narrative.source, location: branch.location), record.turn))
            } else {
                if let text = NarrativeText(turn: turn, on: facts) { texts.append((text, record.turn)) }
            }
            for (text, _) in texts {
                if let deathLine {
                    result.append((afterDeath(text.location, death: deathLine), index))
                }
                result += narrativeDrugs(text, history: history, preferred: referenceAll, memo: memo).map {
                    ($0, index)
                }
                if deathLine == nil, Self.saysDeath(text.source) {
                    deathLine = text.location
                    // She died, yet this turn asks for a decision.
                    result.append((afterDeath(text.location, death: text.location), index))
                }
            }
            if index > 0 {
                result += events(
                    before: record.turn, after: previousTurn, script: script, facts: facts,
                    given: path.choices[index - 1], reference: referenceChoice(at: index - 1)
                )
                .map { ($0, index) }
                result += timeline(session.decisions[index - 1], nextTurn: record.turn, script: script).map {
                    ($0, index)
                }
            }
            if !isReference {
                result += answer(turn, facts: facts, record: record, referenceChoice: referenceChoice(at: index - 1))
                    .map { ($0, index) }
            }
            result += record.missedEvents.map { (missed($0, script: script), index + 1) }
            result += teachingDrugs(
                turn, facts: facts, history: history.union([path.choices[index]]),
                referenceHistory: referenceHistory[record.turn], memo: memo
            ).map { ($0, index + 1) }
            previousTurn = record.turn
        }
        if let last = session.decisions.last {
            let choices = path.choices.count
            result += timeline(last, nextTurn: nil, script: script).map { ($0, choices) }
            let history = Set(session.state.history.map(\.regimen))
            let facts = session.path
            var closing = session.epilogueTurns.compactMap { NarrativeText(turn: script.turns[$0], on: facts) }
            if let branch = last.branch, branch.ends, let narrative = branch.narrative {
                closing.append(NarrativeText(source: narrative.source, location: branch.location))
            }
            for text in closing {
                if let deathLine { result.append((afterDeath(text.location, death: deathLine), choices)) }
                result += narrativeDrugs(text, history: history, preferred: referenceAll, memo: memo).map {
                    ($0, choices)
                }
                if deathLine == nil, Self.saysDeath(text.source) { deathLine = text.location }
            }
        }
        return result
    }

    // MARK: - Drugs named

    /// A narrative as written: its source lines when known (for exact positions), else its text.
    struct NarrativeText {
        var source: String
        var lines: [SourceLine]
        var location: SourceLocation

        init(source: String, location: SourceLocation, lines: [SourceLine] = []) {
            self.source = source
            self.location = location
            self.lines = lines
        }

        /// The turn's narrative on the path: a guarded alternative at its own location, the
        /// fallback with its source lines; nil when no alternative holds.
        init?(turn: CaseTurn, on facts: PathFacts) {
            guard let chosen = PathLinter.selected(turn.narratives, on: facts) else {
                guard turn.narratives.isEmpty else { return nil }
                self.init(source: turn.narrative.source, location: turn.narrativeLocation, lines: turn.narrativeSource)
                return
            }
            if chosen.when == nil {
                self.init(source: chosen.value.source, location: turn.narrativeLocation, lines: turn.narrativeSource)
            } else {
                self.init(source: chosen.value.source, location: chosen.location)
            }
        }
    }

    /// The alternative `select(on:)` picks, with its location and guard.
    static func selected<Value>(_ alternatives: [Guarded<Value>], on facts: PathFacts) -> Guarded<Value>? {
        alternatives.first { $0.when?.holds(on: facts) ?? false } ?? alternatives.first { $0.when == nil }
    }

    /// What `named` found per text, so each text is scanned once per case, not once per path.
    final class Memo {
        var named: [String: [(mention: DrugLexicon.Mention, location: SourceLocation)]] = [:]
    }

    /// Drugs a text names as given, each with its position in the file.
    private func named(
        _ text: NarrativeText,
        memo: Memo
    ) -> [(mention: DrugLexicon.Mention, location: SourceLocation)] {
        let key = "\(text.location)|\(text.source)"
        if let found = memo.named[key] { return found }
        let found = scan(text)
        memo.named[key] = found
        return found
    }

    private func scan(_ text: NarrativeText) -> [(mention: DrugLexicon.Mention, location: SourceLocation)] {
        let body = text.lines.isEmpty ? text.source : text.lines.map(\.text).joined(separator: "\n")
        let bytes = CaseLinter.searchable(body)
        return lexicon.asserted(in: bytes).map { mention in
            (mention, Self.location(of: mention.start, in: bytes, text: text))
        }
    }

    /// The file position of byte `offset` of the joined source lines.
    static func location(of offset: Int, in bytes: [UInt8], text: NarrativeText) -> SourceLocation {
        guard !text.lines.isEmpty else { return text.location }
        var lineIndex = 0
        var lineStart = 0
        for (index, byte) in bytes[..<offset].enumerated() where byte == UInt8(ascii: "\n") {
            lineIndex += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1
        return SourceLocation(file: text.location.file, line: text.lines[lineIndex].line, column: column)
    }

    private func narrativeDrugs(
        _ text: NarrativeText, history: Set<RegimenID>, preferred: Set<RegimenID>,
        memo: Memo
    ) -> [Finding] {
        let missing = named(text, memo: memo).filter { !lexicon.received($0.mention, history: history) }
        let lists = missing.map { guardList(lexicon.terms[$0.mention.term], preferring: preferred) }
        // A text that names two drugs she has not had, each one regimen: she must have had both.
        let single = Set(lists.filter { !$0.contains(",") })
        let both =
            single.count > 1 && single.count == Set(lists).count
            ? "when: {received-all: [\(single.sorted().joined(separator: ", "))]}" : nil
        return zip(missing, lists).map { entry, regimens in
            let term = lexicon.terms[entry.mention.term]
            let suggestion = both ?? "when: {received: [\(regimens)]}"
            return Finding(
                kind: "narrative-drug", location: entry.location, detail: term.display,
                priority: both == nil ? 0 : 1
            ) { path, count, total in
                "the narrative names \(term.display), which she has not received on the path \(path) "
                    + "(\(Self.paths(count, of: total))); put this text behind a guard, "
                    + "\(suggestion), with an unguarded alternative for other paths"
            }
        }
    }

    /// Teaching shown after a choice may name the answer; a finding is a drug it treats as
    /// already given — one the reference path had received by this turn but this path has not.
    private func teachingDrugs(
        _ turn: CaseTurn, facts: PathFacts, history: Set<RegimenID>,
        referenceHistory: Set<RegimenID>?, memo: Memo
    ) -> [Finding] {
        guard let referenceHistory else { return [] }
        let text: NarrativeText
        if let chosen = Self.selected(turn.teachings, on: facts), chosen.when != nil {
            text = NarrativeText(source: chosen.value, location: chosen.location)
        } else {
            let teaching = turn.teaching(on: facts)
            guard !teaching.isEmpty else { return [] }
            text = NarrativeText(
                source: teaching, location: turn.teachingLocation ?? turn.location, lines: turn.teachingSource)
        }
        return named(text, memo: memo).filter {
            !lexicon.received($0.mention, history: history) && lexicon.received($0.mention, history: referenceHistory)
        }.map { entry in
            let term = lexicon.terms[entry.mention.term]
            let regimens = guardList(term, preferring: referenceHistory)
            return Finding(kind: "teaching-drug", location: entry.location, detail: term.display) {
                path, count, total in
                "the teaching assumes \(term.display) was given, which she has not received on the path \(path) "
                    + "(\(Self.paths(count, of: total))); put it behind a guard, "
                    + "when: {received: [\(regimens)]}, with an unguarded alternative for other paths"
            }
        }
    }

    /// The regimens to name in a suggested `received:` guard.
    func guardList(_ term: DrugLexicon.Term, preferring preferred: Set<RegimenID>) -> String {
        var regimens = term.regimens
        if regimens.isEmpty {
            regimens = Set(lexicon.agentsByRegimen.filter { term.agents.isSubset(of: $0.value) }.keys)
        }
        let narrowed = regimens.intersection(preferred)
        return (narrowed.isEmpty ? regimens : narrowed).sorted().map(\.rawValue).joined(separator: ", ")
    }

    // MARK: - Events

    /// Scripted drug-dependent events (a toxicity, a response) of the turns between two decisions:
    /// one without a guard happens whatever was given (a finding on every path it fires on);
    /// a guarded one is a finding where the regimen given cannot explain it.
    private func events(
        before turnIndex: Int, after previous: Int, script: CaseScript, facts: PathFacts,
        given: RegimenID, reference: RegimenID?
    ) -> [Finding] {
        let regimen = context.knowledge.regimen(given)
        let suggestion = reference.map { "when: {chosen: [\($0)]}" } ?? "when: {chosen: [...]}"
        var result: [Finding] = []
        for index in (previous + 1)...turnIndex {
            let turn = script.turns[index]
            for scripted in turn.events(on: facts) where scripted.isDrugDependent {
                let location = scripted.location ?? turn.location
                var misfit: String?
                switch scripted.event {
                case .toxicity(let toxicity, let grade) where grade > 0:
                    // As the session decides: a regimen causes what its profile gives a rate for.
                    let causes = regimen.map { $0.toxicities.rates[toxicity] != nil } ?? false
                    if !causes { misfit = "\(given) does not cause \(toxicity.displayName)" }
                case .response(let response) where given == "best-supportive-care" && response != .progression:
                    misfit = "she had no anticancer therapy"
                case .toxicity:
                    continue
                default:
                    break
                }
                let what = Self.describe(scripted.event)
                if scripted.when == nil {
                    let isResponse = if case .response = scripted.event { true } else { false }
                    result.append(
                        Finding(
                            kind: "unguarded-event", location: location, detail: what,
                            priority: misfit == nil ? 0 : 1
                        ) { path, count, total in
                            let effect =
                                isResponse
                                ? "the engine ignores it and lets the simulator decide the response"
                                : misfit.map { "on the path \(path), where \($0), the engine drops it" }
                                    ?? "it happens whatever was given, e.g. on the path \(path)"
                            return "the scripted \(what) depends on the drug given but has no guard: \(effect) "
                                + "(\(Self.paths(count, of: total)) reach it); add a guard, \(suggestion)"
                        })
                } else if let misfit {
                    result.append(
                        Finding(kind: "event", location: location, detail: what) { path, count, total in
                            "the scripted \(what) fires on the path \(path) (\(Self.paths(count, of: total))), where \(misfit); "
                                + "narrow its guard, \(suggestion)"
                        })
                }
            }
        }
        return result
    }

    // MARK: - Timeline

    /// What the interval after `record` says happened: nothing after its end, nothing after a
    /// progression (the line ends there), no response after a progression.
    private func timeline(_ record: DecisionRecord, nextTurn: Int?, script: CaseScript) -> [Finding] {
        let outcome = record.outcome
        let progression = outcome.events.first { if case .progression = $0.event { true } else { false } }?.month
        let scripted = ((record.turn + 1)..<(nextTurn.map { $0 + 1 } ?? script.turns.count)).flatMap { index in
            script.turns[index].scriptedEvents.map { ($0.event, $0.location ?? script.turns[index].location) }
        }
        let fallback = nextTurn.map { script.turns[$0].location } ?? script.turns[record.turn].location
        var result: [Finding] = []
        let epsilon = 1e-9
        for timed in outcome.events {
            let problem: String
            if timed.month > outcome.months + epsilon {
                problem = "after the interval's end (month \(Self.month(timed.month)) of \(Self.month(outcome.months)))"
            } else if let progression, timed.month > progression + epsilon, case .response = timed.event {
                problem = "a response after the progression at month \(Self.month(progression))"
            } else if let progression, timed.month > progression + epsilon, Self.dependsOnDrug(timed.event) {
                problem = "after the progression at month \(Self.month(progression)) that ended the line"
            } else {
                continue
            }
            let source = scripted.first { $0.0 == timed.event }?.1
            let what = Self.describe(timed.event)
            let fix =
                source == nil
                ? "the simulator placed it; report it, or script the event that explains it"
                : "move it to the next turn, or guard it"
            result.append(
                Finding(kind: "timeline", location: source ?? fallback, detail: what + problem) { path, count, total in
                    "\(what) comes \(problem) on the path \(path) (\(Self.paths(count, of: total))); \(fix)"
                })
        }
        return result
    }

    /// An `at-month` event that did not happen on the path: the line had ended before its month.
    private func missed(_ missed: MissedEvent, script: CaseScript) -> Finding {
        let what = Self.describe(missed.scripted.event)
        let month = Self.month(missed.scripted.atMonth ?? 0)
        let location = missed.scripted.location ?? script.idLocation
        return Finding(kind: "missed-event", location: location, detail: what) { path, count, total in
            "the scripted \(what) at month \(month) never happens on the path \(path) "
                + "(\(Self.paths(count, of: total))): "
                + "the line ended at month \(Self.month(missed.lineEnd)); give it an earlier at-month, a guard, "
                + "or no at-month (it then happens when the interval ends)"
        }
    }

    /// A toxicity or a response: what only a regimen still being given can cause.
    static func dependsOnDrug(_ event: ClinicalEvent) -> Bool {
        switch event {
        case .toxicity(_, let grade): grade > 0
        case .response: true
        default: false
        }
    }

    static func month(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return ClinicalWording.number(rounded)
    }

    static func describe(_ event: ClinicalEvent) -> String {
        switch event {
        case .toxicity(let toxicity, let grade): "\(toxicity.displayName) grade \(grade)"
        case .progression: "a progression"
        case .response(let response): "a restaging '\(response.rawValue)'"
        case .lvef(let value): "LVEF \(value)%"
        case .ecog(let value): "ECOG \(value)"
        case .trialAvailable(let open): open ? "trial opening" : "trial closing"
        case .preference(let preference): "preference '\(preference.rawValue)'"
        default: "an event"
        }
    }

    /// A narrative that says she has died; a later text on the same path contradicts it.
    static func saysDeath(_ text: String) -> Bool {
        let bytes = CaseLinter.searchable(text)
        return deathWords.contains { ByteSearch.contains(bytes, $0) }
    }

    private static let deathWords = [" died", "passed away", "her death"].map { Array($0.utf8) }

    private func afterDeath(_ location: SourceLocation, death: SourceLocation) -> Finding {
        Finding(kind: "after-death", location: location, detail: "\(death)") { path, count, total in
            let subject =
                location == death
                ? "this narrative says she died, yet the case goes on,"
                : "the case goes on after the narrative at line \(death.line) says she died,"
            return "\(subject) on the path \(path) (\(Self.paths(count, of: total))); end the case there "
                + "(on-choice … end: true) or guard that narrative"
        }
    }

    // MARK: - Answers

    /// An `answer` the reference disagrees with on this path's own state.
    private func answer(_ turn: CaseTurn, facts: PathFacts, record: DecisionRecord, referenceChoice: RegimenID?)
        -> [Finding]
    {
        let first = record.recommendation.first.regimen
        let answer = turn.answer(on: facts)
        guard !answer.isEmpty, !answer.contains(first) else { return [] }
        let expected = answer.map(\.rawValue).joined(separator: ", ")
        let location =
            Self.selected(turn.answers, on: facts).map { $0.when == nil ? turn.answerLocation : $0.location }
            ?? turn.answerLocation
        let suggestion = referenceChoice.map { "when: {chosen: [\($0)]}" } ?? "when: {…}"
        return [
            Finding(kind: "answer", location: location ?? turn.location, detail: first.rawValue) { path, count, total in
                "on the path \(path) (\(Self.paths(count, of: total))) the reference ranks '\(first)' first, not the answer's "
                    + "\(expected); give this answer a guard, \(suggestion), and an alternative for other paths"
            }
        ]
    }
}
