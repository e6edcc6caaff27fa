import Foundation

/// Warnings for what is legal but probably not what the author meant, checked along the
/// reference path (the reference's first choice at every decision).
public struct CaseLinter: Sendable {
    public let engine: ReferenceEngine

    public init(engine: ReferenceEngine) {
        self.engine = engine
    }

    public func lint(_ script: CaseScript) -> [Diagnostic] {
        let path = ReferencePath(script: script, engine: engine)
        var warnings: [Diagnostic] = []
        warnings += untaughtObjectives(script)
        warnings += unusedReferences(script, path: path)
        warnings += impossibleGuards(script)
        for step in path.steps {
            let turn = script.turns[step.turnIndex]
            warnings += contradictions(turn, state: step.state)
            if let recommendation = step.recommendation {
                warnings += unreachableBranches(turn, recommendation: recommendation)
                warnings += answerMismatch(turn, recommendation: recommendation)
            }
        }
        return warnings
    }

    private func untaughtObjectives(_ script: CaseScript) -> [Diagnostic] {
        let taught = Set(script.turns.flatMap(\.objectives))
        return script.objectives.filter { !taught.contains($0.id) }.map {
            Diagnostic(
                .warning, "objective '\($0.id)' is not taught by any turn; list it under a turn's objectives",
                at: $0.location)
        }
    }

    /// A reference counts as used when a turn's text names it, or when a rule that placed the
    /// reference's first choice, an expected answer or a branch's regimen cites it. And a trial a
    /// text names should be listed.
    private func unusedReferences(_ script: CaseScript, path: ReferencePath) -> [Diagnostic] {
        var used: Set<String> = []
        for step in path.steps {
            guard let recommendation = step.recommendation else { continue }
            let turn = script.turns[step.turnIndex]
            var regimens = Set([recommendation.first.regimen]).union(turn.answer)
            for branch in turn.branches {
                if case .regimens(let named) = branch.condition { regimens.formUnion(named) }
            }
            for regimen in regimens {
                for reason in recommendation.option(for: regimen)?.placingReasons ?? [] {
                    used.formUnion(reason.sources)
                }
            }
        }
        let texts =
            script.turns.flatMap { turn in
                [turn.narrative.source, turn.teaching] + turn.findings.imaging
                    + turn.branches.compactMap { $0.narrative?.source }
            } + [script.summary] + script.objectives.map(\.text)
        let corpus = Self.searchable(texts.joined(separator: "\n"))
        var warnings: [Diagnostic] = []
        for reference in script.references where !used.contains(reference) && !Self.mentions(corpus, reference) {
            let location = script.referenceLocations[reference] ?? script.idLocation
            warnings.append(
                Diagnostic(
                    .warning,
                    "reference '\(reference)' is not mentioned in any turn and no rule behind this case's answers cites it; remove it or cite it in a teaching",
                    at: location))
        }
        let listed = Set(script.references)
        for trial in engine.knowledge.trials
        where !listed.contains(trial.id.rawValue) && Self.mentions(corpus, trial.id.rawValue) {
            warnings.append(
                Diagnostic(
                    .warning, "the case's text cites \(trial.id) but references does not list it; add it to references",
                    at: script.referenceLocations.values.min() ?? script.idLocation))
        }
        return warnings
    }

    /// `id` as a whole word (a hyphen may also be written as a space): "GBG-26" matches "GBG 26",
    /// "HER2CLIMB" does not match "HER2CLIMB-BM". Case-insensitive; ids are ASCII.
    static func mentions(_ text: String, _ id: String) -> Bool {
        mentions(searchable(text), id)
    }

    /// `text` prepared for `mentions`: its UTF-8 with ASCII letters lowercased, made once per case.
    static func searchable(_ text: String) -> [UInt8] {
        text.utf8.map(lowercased)
    }

    /// A byte scan, not a regular expression: linting 1,000 cases spent a third of its time
    /// compiling and running NSRegularExpression here.
    static func mentions(_ text: [UInt8], _ id: String) -> Bool {
        let words = id.split(separator: "-").map { $0.utf8.map(lowercased) }
        guard !words.isEmpty else { return false }
        func isWord(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) }
        let hyphen = UInt8(ascii: "-")
        let space = UInt8(ascii: " ")
        let count = text.count
        let firstByte = words[0][0]
        var start = 0
        while start < count {
            defer { start += 1 }
            if text[start] != firstByte { continue }
            if start > 0, isWord(text[start - 1]) || text[start - 1] == hyphen { continue }
            var end = start
            var matched = true
            for (index, word) in words.enumerated() {
                if index > 0 {
                    guard end < count, text[end] == hyphen || text[end] == space else {
                        matched = false
                        break
                    }
                    end += 1
                }
                guard end + word.count <= count, text[end..<end + word.count].elementsEqual(word) else {
                    matched = false
                    break
                }
                end += word.count
            }
            guard matched else { continue }
            let continues =
                end < count && (isWord(text[end]) || (text[end] == hyphen && end + 1 < count && isWord(text[end + 1])))
            if !continues { return true }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// Branches no choice can reach: a tier nothing has at this turn, or regimens that an
    /// earlier branch always catches first.
    private func unreachableBranches(_ turn: CaseTurn, recommendation: Recommendation) -> [Diagnostic] {
        let tiers = Set(recommendation.options.map(\.tier))
        var warnings: [Diagnostic] = []
        for (index, branch) in turn.branches.enumerated() {
            switch branch.condition {
            case .tiers(let wanted) where wanted.isDisjoint(with: tiers):
                let names = wanted.sorted().map(\.rawValue).joined(separator: ", ")
                warnings.append(
                    Diagnostic(
                        .warning,
                        "no regimen is \(names) at this turn (on the reference path), so this branch can never be taken",
                        at: branch.location))
            case .regimens(let named):
                // A branch with path keys (again, received, had…) does not catch every such choice.
                let earlier = turn.branches.prefix(index).filter { $0.pathGuard == nil && $0.again == nil }
                let shadowed = named.allSatisfy { regimen in
                    guard let tier = recommendation.option(for: regimen)?.tier else { return false }
                    return earlier.contains { $0.condition.matches(regimen: regimen, tier: tier) }
                }
                if shadowed, !named.isEmpty {
                    warnings.append(
                        Diagnostic(
                            .warning,
                            "an earlier branch already matches \(named.sorted().map(\.rawValue).joined(separator: ", ")) at this turn, so this branch is never taken; put it first",
                            at: branch.location))
                }
            default:
                break
            }
        }
        return warnings
    }

    private func answerMismatch(_ turn: CaseTurn, recommendation: Recommendation) -> [Diagnostic] {
        let first = recommendation.first.regimen
        let location = turn.answerLocation ?? turn.location
        if turn.answer.isEmpty {
            guard first == "best-supportive-care" else { return [] }
            return [
                Diagnostic(
                    .warning,
                    "the reference's first choice here is best-supportive-care; if that is intended, say so with answer: [best-supportive-care]",
                    at: location)
            ]
        }
        guard !turn.answer.contains(first) else { return [] }
        let rule = recommendation.first.placingReasons.first?.rule ?? "?"
        var message =
            "the reference ranks '\(first)' first here (rule \(rule)), not \(turn.answer.map { "'\($0)'" }.joined(separator: " or "))"
        if first == "best-supportive-care" {
            message =
                "the reference's answer here is best-supportive-care (rule \(rule)), which answer does not name; check the patient's ECOG and the history"
        }
        return [Diagnostic(.warning, message, at: location)]
    }

    /// A narrative that says what the state does not: the brain without brain metastases, or
    /// an LVEF or ECOG other than the state's.
    private func contradictions(_ turn: CaseTurn, state: PatientState) -> [Diagnostic] {
        var warnings: [Diagnostic] = []
        let text = turn.narrative.source
        let location = turn.narrativeLocation
        if state.brainMetastases == .none, Self.affirmsBrain(text) {
            warnings.append(
                Diagnostic(
                    .warning,
                    "the narrative mentions the brain but brain-metastases is none at this turn; add a progression event with brain-metastases, or rephrase",
                    at: Self.line(of: ["brain"], value: nil, in: turn) ?? location))
        }
        let lvefLabels = ["LVEF", "ejection fraction"]
        for value in Self.numbers(after: lvefLabels, in: text, maximumDigits: 2) where value != state.lvef {
            warnings.append(
                Diagnostic(
                    .warning,
                    "the narrative says LVEF \(value)% but the state's LVEF is \(state.lvef)%; use {lvef} or add an lvef event",
                    at: Self.line(of: lvefLabels, value: value, in: turn) ?? location))
        }
        for value in Self.numbers(after: ["ECOG"], in: text, maximumDigits: 1) where value != state.ecog {
            warnings.append(
                Diagnostic(
                    .warning,
                    "the narrative says ECOG \(value) but the state's ECOG is \(state.ecog); use {ecog} or add an ecog event",
                    at: Self.line(of: ["ECOG"], value: value, in: turn) ?? location))
        }
        if let lvef = turn.findings.value(.lvef), Int(lvef.rounded()) != state.lvef {
            warnings.append(
                Diagnostic(
                    .warning,
                    "findings report LVEF \(Int(lvef))% but the state's LVEF is \(state.lvef)%; add an lvef event",
                    at: location))
        }
        return warnings
    }

    /// Where the narrative writes one of `labels` (followed on its line by `value`, when given):
    /// the line and column of the label in the file; nil when the source lines are unknown.
    static func line(of labels: [String], value: Int?, in turn: CaseTurn) -> SourceLocation? {
        let file = turn.narrativeLocation.file
        var fallback: SourceLocation?
        for source in turn.narrativeSource {
            let lower = source.text.lowercased()
            for label in labels {
                guard let range = lower.range(of: label.lowercased()) else { continue }
                let column =
                    lower.unicodeScalars.distance(
                        from: lower.unicodeScalars.startIndex,
                        to: range.lowerBound.samePosition(in: lower.unicodeScalars) ?? lower.unicodeScalars.startIndex)
                    + 1
                let location = SourceLocation(file: file, line: source.line, column: column)
                if let value, !lower[range.upperBound...].contains(String(value)) {
                    fallback = fallback ?? location
                    continue
                }
                return location
            }
        }
        return fallback
    }

    /// "brain" in a sentence that does not negate it. Sentences run across line breaks; only
    /// phrases that clearly deny brain disease count as negation ("MRI of the brain is normal",
    /// "no brain metastases"), not any "not" in the sentence. Works on ASCII-lowercased bytes, as
    /// do `numbers` and `mentions`: Foundation's string search was a fifth of lint's time.
    static func affirmsBrain(_ text: String) -> Bool {
        let bytes = searchable(text).map { $0 == UInt8(ascii: "\n") ? UInt8(ascii: " ") : $0 }
        let sentences = bytes.split(omittingEmptySubsequences: false) { ".;!?".utf8.contains($0) }
        return sentences.contains { sentence in
            ByteSearch.contains(sentence, Self.brain) && !Self.negations.contains { ByteSearch.contains(sentence, $0) }
        }
    }

    private static let brain = Array("brain".utf8)
    private static let negations = [
        "no brain", "without brain", "free of brain", "no intracranial", "no evidence of", "no metasta",
        "no cns", "normal", "unremarkable", "negative for", "is clear", "was clear", "remains clear",
        "no new brain", "no lesions",
    ].map { Array($0.utf8) }

    /// Integers written right after one of `labels` ("LVEF 45%", "LVEF of 45", "ECOG 2").
    static func numbers(after labels: [String], in text: String, maximumDigits: Int) -> [Int] {
        var values: [Int] = []
        let lower = searchable(text)
        for label in labels {
            let needle = label.utf8.map(lowercased)
            var searchStart = 0
            while let found = ByteSearch.firstIndex(of: needle, in: lower, from: searchStart) {
                searchStart = found + needle.count
                var rest = lower[searchStart...].drop { " :=".utf8.contains($0) }
                for filler in Self.fillers where rest.starts(with: filler) {
                    rest = rest.dropFirst(filler.count)
                }
                let digits = rest.prefix { (0x30...0x39).contains($0) }
                if !digits.isEmpty, digits.count <= maximumDigits,
                    let value = Int(String(decoding: digits, as: UTF8.self))
                {
                    values.append(value)
                }
            }
        }
        return values
    }

    private static let fillers = [
        "performance status ", "ps ", "of ", "is ", "was ", "now ", "at ", "has fallen to ", "fell to ", "down to ",
    ].map { Array($0.utf8) }
}
