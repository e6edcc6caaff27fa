import Foundation
import Her2SimCore
import Her2SimText

/// Builds quiz items from case scripts: one item per decision on the reference path, with the
/// reference's best options as the key and distractors from lower tiers that each teach a
/// different rule. Deterministic: the same cases, knowledge and seed give the same bank.
public struct QuizBuilder: Sendable {
    public let knowledge: Knowledge
    public let engine: ReferenceEngine
    /// Where each regimen is approved (`Scoring/approvals.yaml`), for off-label notes.
    public let approvals: ApprovalTable
    /// Papers by source id (main report first), for full citations.
    public let citations: [String: [CitationDetails]]
    private let ordersByEvidence: Bool
    /// The labels' dose-modification tables: management turns become items with them.
    public var doseModifications: DoseModificationTable?

    /// The seed used when none is given, so two exports without `--seed` are identical.
    public static let defaultSeed: UInt64 = 401
    /// At most this many keys in a multiple-answer item (the best-ranked of the best tier).
    public static let maximumKeys = 5

    public init(knowledge: Knowledge, approvals: ApprovalTable = .empty, citations: [String: [CitationDetails]] = [:]) {
        self.knowledge = knowledge
        self.engine = ReferenceEngine(knowledge: knowledge)
        self.approvals = approvals
        self.citations = citations
        self.ordersByEvidence = knowledge.rules.contains { $0.ordersByEvidence }
    }

    /// The bank for `scripts`. With an `activity`, off-label notes speak of its practice region;
    /// without one, of every region where a regimen is not approved.
    public func bank(
        _ scripts: [CaseScript], seed: UInt64 = QuizBuilder.defaultSeed, activity: CMEActivity? = nil,
        knowledgeBase: KnowledgeFingerprint? = nil
    ) -> QuizBank {
        let region = activity?.practiceRegion
        let cases = scripts.map { quizCase($0, seed: seed, region: region) }
        var seen: Set<String> = []
        var sources: [QuizSource] = []
        var offered: [RegimenID] = []
        for quizCase in cases {
            for id in quizCase.references + quizCase.items.flatMap(\.references) where seen.insert(id).inserted {
                sources.append(source(id))
            }
            for option in quizCase.items.flatMap(\.options) where !offered.contains(RegimenID(option.regimen)) {
                offered.append(RegimenID(option.regimen))
            }
        }
        sources.sort { ($0.id.lowercased(), $0.id) < ($1.id.lowercased(), $1.id) }
        let narration = Narration(knowledge: knowledge)
        let offLabel = knowledge.regimenIDs.filter(offered.contains).compactMap { regimen in
            offLabelNote(regimen, region: region).map {
                QuizOffLabel(regimen: regimen.rawValue, name: narration.name(regimen), note: $0)
            }
        }
        var bank = QuizBank(
            cases: cases, seed: seed, sources: sources, activity: activity,
            knowledgeBase: knowledgeBase, offLabel: offLabel)
        bank.regionName = region.flatMap { approvals.region($0)?.shortName }
        return bank
    }

    /// The off-label note for a regimen, or `nil` when it is approved there (or no approval file was loaded).
    func offLabelNote(_ regimen: RegimenID, region: String?) -> String? {
        guard !approvals.regions.isEmpty else { return nil }
        return approvals.offLabelNote(for: regimen.rawValue, region: region)?.text
    }

    /// The full citation of a trial or reference id; the id itself when the knowledge base has none.
    public func citation(_ id: String) -> String { source(id).citation }

    /// A source with its full citation: "CLEOPATRA — Swain SM, et al. Pertuzumab, trastuzumab,
    /// and docetaxel in HER2-positive metastatic breast cancer. N Engl J Med. 2015;372:724-734.
    /// doi:10.1056/NEJMoa1413513." (every paper, main report first) as far as the fields go,
    /// else the short citation ("CLEOPATRA — Swain, NEJM 2015.") or the reference's title.
    public func source(_ id: String) -> QuizSource {
        let papers = citations[id] ?? []
        let short: String
        if let trial = knowledge.trial(TrialID(id)) {
            short = trial.citation
        } else if let reference = knowledge.reference(id) {
            short = reference.title
        } else {
            return QuizSource(id: id, citation: id)
        }
        // Each paper as "Authors. Title. Journal. Year;Volume:Pages. doi:… PMID …"; a paper
        // without a title is led by the short citation (which names the first author and journal).
        var parts: [String] = []
        for (index, paper) in (papers.isEmpty ? [CitationDetails()] : papers).enumerated() {
            if let title = paper.title {
                if let authors = paper.authorText { parts.append(Self.sentence(authors)) }
                parts.append(Self.sentence(title))
            } else if index == 0 {
                parts.append(Self.sentence(short))
            }
            if let venue = paper.venueText { parts.append(Self.sentence(venue)) }
            if let doi = paper.doi { parts.append("doi:" + doi + ".") }
            if let pmid = paper.pmid { parts.append("PMID " + pmid + ".") }
        }
        let first = papers.first
        return QuizSource(
            id: id, citation: "\(id) — " + parts.joined(separator: " "),
            title: first?.title ?? knowledge.reference(id)?.title, link: first?.link)
    }

    static func sentence(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last else { return trimmed }
        return ".!?".contains(last) ? trimmed : trimmed + "."
    }

    public func quizCase(
        _ script: CaseScript, seed: UInt64 = QuizBuilder.defaultSeed,
        region: String? = nil
    ) -> QuizCase {
        let identifier = Identifiers.xmlName(script.id, prefix: "case-")
        return QuizCase(
            id: script.id, identifier: identifier, title: script.title,
            summary: Text.paragraphs(script.summary).joined(separator: " "),
            difficulty: script.difficulty.rawValue, minutes: script.minutes,
            objectives: script.objectives.map(\.text), references: script.references,
            items: items(script, caseIdentifier: identifier, seed: seed, region: region))
    }

    // MARK: - Walking the reference path

    private func items(_ script: CaseScript, caseIdentifier: String, seed: UInt64, region: String?) -> [QuizItem] {
        let management = doseModifications.map { ManagementEngine(knowledge: knowledge, table: $0) }
        // A case that opens on a management decision goes on as the label's answer does.
        let path = ReferencePath(script: script, engine: engine) { state, turn in
            guard let management,
                let decision = managementDecision(script, turn: turn, previous: nil, state: state, engine: management),
                let ranked = management.rank(decision)
            else { return false }
            return ranked.first.action.verb != .discontinue
        }
        // A management turn on the reference path asks about the regimen chosen just before it,
        // or, before the first decision, about the regimen of her last line.
        let managed: [Int: ManagementRecommendation] =
            management.map { management in
                var found: [Int: ManagementRecommendation] = [:]
                for (position, step) in path.steps.enumerated() {
                    let turn = script.turns[step.turnIndex]
                    let previous = position > 0 ? path.steps[position - 1].recommendation : nil
                    guard previous != nil || !path.steps[..<position].contains(where: { $0.recommendation != nil })
                    else { continue }
                    if let decision = managementDecision(
                        script, turn: turn, previous: previous,
                        state: step.state, engine: management),
                        let ranked = management.rank(decision)
                    {
                        found[position] = ranked
                    }
                }
                return found
            } ?? [:]
        let decisionCount = path.steps.filter { $0.recommendation != nil }.count + managed.count
        let narration = Narration(knowledge: knowledge)
        var items: [QuizItem] = []
        var totalMonths = 0.0
        var changes: [String] = []
        var earlierNarrative: [String] = []
        var narrativeOverride: NarrativeTemplate?
        for (position, step) in path.steps.enumerated() {
            let turn = script.turns[step.turnIndex]
            var events = turn.events
            narrativeOverride = nil
            // The state just before this turn's events: the previous decision's regimen has joined the history.
            var before = position == 0 ? script.initialState : path.steps[position - 1].state
            before.history = step.state.history
            if position > 0, let previous = path.steps[position - 1].recommendation {
                let isManaged = managed[position] != nil
                let months =
                    (isManaged ? turn.afterMonthsAlternatives.first?.value : nil)
                    ?? turn.afterMonths ?? ReferencePath.defaultMonths
                totalMonths += months
                let chosen = previous.first
                let previousState = path.steps[position - 1].state
                // At a management decision the regimen is still given.
                let ended =
                    !isManaged && step.state.history.count > previousState.history.count
                    ? step.state.history.last : nil
                changes.append(narration.course(of: chosen.regimen, months: months, ended: ended))
                if let branch = script.turns[path.steps[position - 1].turnIndex].branch(
                    for: chosen.regimen, tier: chosen.tier)
                {
                    events += branch.events
                    narrativeOverride = branch.narrative
                }
            }
            for event in events {
                let after = before.applying(event)
                if after != before || Self.alwaysNews(event) { changes.append(narration.describe(event)) }
                before = after
            }
            let context = NarrativeTemplate.Context(
                state: step.state, line: engine.line(of: step.state),
                lastRegimenName: step.state.history.last.map { narration.name($0.regimen) }, totalMonths: totalMonths)
            let narrative = Text.paragraphs((narrativeOverride ?? turn.narrative).render(context))
            if let ranked = managed[position] {
                // The regimen managed is still given, as in a session: a line she came with that
                // the history ends for this toxicity is shown as ongoing, not yet stopped.
                var history = step.state.history
                if let last = history.indices.last, history[last].stopped == .toxicity,
                    history[last].toxicity?.toxicity == ranked.decision.toxicity
                {
                    history[last].stopped = .completed
                    history[last].toxicity = nil
                }
                let stem = Vignette(
                    changes: changes, narrative: earlierNarrative + narrative,
                    findings: narration.findings(turn.findings), status: narration.status(step.state),
                    history: narration.history(history))
                items.append(
                    managementItem(
                        script, turn: turn, turnIndex: step.turnIndex, caseIdentifier: caseIdentifier,
                        decision: items.count + 1, of: decisionCount,
                        line: engine.line(of: step.state), stem: stem, recommendation: ranked,
                        seed: seed))
                changes = []
                earlierNarrative = []
                continue
            }
            guard let recommendation = step.recommendation else {
                earlierNarrative += narrative
                continue
            }
            let stem = Vignette(
                changes: changes, narrative: earlierNarrative + narrative,
                findings: narration.findings(turn.findings), status: narration.status(step.state),
                history: narration.history(step.state.history))
            items.append(
                item(
                    script, turn: turn, turnIndex: step.turnIndex, caseIdentifier: caseIdentifier,
                    decision: items.count + 1, of: decisionCount, stem: stem,
                    recommendation: recommendation, seed: seed, region: region))
            changes = []
            earlierNarrative = []
        }
        return items
    }

    /// Restaging results are news even when the state does not change.
    static func alwaysNews(_ event: ClinicalEvent) -> Bool {
        switch event {
        case .progression, .response: true
        default: false
        }
    }

    private func item(
        _ script: CaseScript, turn: CaseTurn, turnIndex: Int, caseIdentifier: String,
        decision: Int, of decisionCount: Int, stem: Vignette,
        recommendation: Recommendation, seed: UInt64, region: String?
    ) -> QuizItem {
        var generator = SeededGenerator(seed: Identifiers.stableHash("\(seed)/\(script.id)/\(turnIndex)"))
        let keys = Array(equallyBest(recommendation).prefix(Self.maximumKeys))
        let distractors = Self.distractors(for: recommendation, keys: keys, using: &generator)
        let multiple = keys.count > 1
        let keyCredit = Self.moodleFraction(100.0 / Double(keys.count))
        let count = recommendation.options.count
        let keyPoints = knowledge.rubric.points[keys[0].tier] ?? 0
        /// A distractor the rubric still rewards well (safe, and at least 70% of the key's points:
        /// recommended beside a preferred key) is acceptable: never marked simply wrong.
        func isAcceptable(_ option: RankedOption) -> Bool {
            guard !knowledge.rubric.unsafe.contains(option.tier), keyPoints > 0,
                let points = knowledge.rubric.points[option.tier]
            else { return false }
            return Double(points) >= 0.7 * Double(keyPoints)
        }
        let wrongCount = distractors.filter { !isAcceptable($0.option) }.count
        let penalized = max(1, wrongCount == 0 ? distractors.count : wrongCount)
        let penalty = multiple ? -Self.moodleFraction(100.0 / Double(penalized)) : 0
        var options: [QuizOption] = []
        let choices =
            keys.map { (option: $0, correct: true, rule: Self.decidingRule($0)) }
            + distractors.map { (option: $0.option, correct: false, rule: $0.rule) }
        let narration = Narration(knowledge: knowledge)
        for (option, correct, rule) in choices {
            let tier = Self.prose(option.tier)
            let place = "rank \(option.rank) of \(count)"
            let verdict: String
            let credit: Double
            let acceptable = !correct && isAcceptable(option)
            if correct {
                credit = keyCredit
                verdict =
                    multiple
                    ? "Correct: one of \(keys.count) equally good choices here, which the reference does not "
                        + "rank against each other (\(tier), \(place))."
                    : "Best choice: the reference's first choice for her now (\(tier), \(place))."
            } else if knowledge.rubric.unsafe.contains(option.tier) {
                credit = penalty
                verdict = "Unsafe for her now (\(tier), \(place))."
            } else if acceptable {
                // Never marked simply wrong: no penalty, and feedback that says it is acceptable.
                // (No partial credit: Moodle and GIFT graders want a single-answer item's
                // positive grades to add up to 100%, and every format scores alike.)
                credit = multiple && wrongCount == 0 ? penalty : 0
                verdict =
                    multiple
                    ? "Acceptable, but not one of the best choices here (\(tier), \(place))."
                    : "Acceptable, but not the best choice here (\(tier), \(place))."
            } else {
                credit = penalty
                verdict = "Not the best choice here (\(tier), \(place))."
            }
            options.append(
                QuizOption(
                    identifier: Identifiers.xmlName(option.regimen.rawValue, prefix: "r-"),
                    regimen: option.regimen.rawValue,
                    text: narration.name(option.regimen), tier: option.tier, rank: option.rank,
                    rankedCount: count, isCorrect: correct, credit: credit,
                    decidingRule: rule, verdict: verdict,
                    reasons: Self.reasons(option), offLabel: offLabelNote(option.regimen, region: region)))
        }
        Self.shuffle(&options, using: &generator)

        let objectiveTexts = turn.objectives.compactMap { id in script.objectives.first { $0.id == id }?.text }
        var references: [String] = []
        for id in script.references + options.flatMap({ $0.reasons.flatMap(\.sources) }) where !references.contains(id)
        {
            references.append(id)
        }
        let line = recommendation.line
        // No tier words: the stem must not say how good the answers are.
        let prompt =
            multiple
            ? "Line \(line): which of these are the best next treatments for her? "
                + "More than one is equally good: select all that apply."
            : "Line \(line): what is the best next treatment for her?"
        return QuizItem(
            identifier: "\(caseIdentifier)-t\(turnIndex + 1)", caseID: script.id, caseTitle: script.title,
            turnIndex: turnIndex, decisionNumber: decision, decisionCount: decisionCount, line: line, stem: stem,
            prompt: prompt, options: options, isMultipleAnswer: multiple, teaching: Text.paragraphs(turn.teaching),
            objectives: objectiveTexts, references: references)
    }

    /// The options equally best for her: the first option and those the engine does not order
    /// against it — the same tier, the same order rules (so the same boost) and, when the rules
    /// order by evidence, the same evidence strength. Options it ranks below the first only by
    /// the knowledge base's file order are its equals; anything else makes a single best answer.
    public func equallyBest(_ recommendation: Recommendation) -> [RankedOption] {
        let first = recommendation.first
        let key = placementKey(first)
        return recommendation.bestTier.filter { placementKey($0) == key }
    }

    private func placementKey(_ option: RankedOption) -> [String] {
        // All order reasons: a rule that also set the tier is listed once in `placingReasons`.
        let orderRules = option.reasons.filter { $0.role == .order }.map(\.rule).sorted()
        var evidence = "-"
        if ordersByEvidence, let regimen = knowledge.regimen(option.regimen) {
            evidence = String(knowledge.evidenceRank(of: regimen))
        }
        return [option.tier.rawValue, evidence] + orderRules
    }

    // MARK: - Choosing distractors

    /// The placing reasons, each rule once (a rule can both set the tier and order within it).
    static func reasons(_ option: RankedOption) -> [QuizReason] {
        var seen: Set<String> = []
        return option.placingReasons.compactMap { reason in
            seen.insert(reason.rule).inserted
                ? QuizReason(rule: reason.rule, text: Text.xmlSafe(reason.text), sources: reason.sources) : nil
        }
    }

    /// The rule that set an option's tier — what choosing it teaches. When several rules set it,
    /// the first one not in `avoiding` (a distractor placed by "poor performance status" and by
    /// "progressed on it" teaches the second when the key itself rests on the first).
    public static func decidingRule(_ option: RankedOption, avoiding taken: Set<String> = []) -> String {
        let tierRules = option.placingReasons.filter { $0.role == .tier }.map(\.rule)
        return tierRules.first { !taken.contains($0) } ?? tierRules.first ?? option.placingReasons.first?.rule
            ?? "unranked"
    }

    /// Three or four options from lower tiers, each placed by a different rule (and none by a
    /// rule that placed a key), spread over the lower tiers round-robin — a tempting
    /// `recommended` one and an unsafe one when the ranking has them. Within a tier the rule,
    /// and within a rule the regimen, is drawn with `generator`. Only when the ranking has fewer
    /// than three such rules does a rule repeat, and then by the option that adds the most rules
    /// not yet shown.
    public static func distractors(
        for recommendation: Recommendation, keys: [RankedOption],
        using generator: inout SeededGenerator
    ) -> [(option: RankedOption, rule: String)] {
        let keyRegimens = Set(keys.map(\.regimen))
        let keyRules = Set(keys.map { decidingRule($0) })
        let candidates = recommendation.options.filter { $0.tier > keys[0].tier && !keyRegimens.contains($0.regimen) }
        let target = keys.count >= 3 ? 3 : 4
        // rule → its options, per tier, in rank order.
        var groups: [Tier: [(rule: String, options: [RankedOption])]] = [:]
        for option in candidates {
            let rule = decidingRule(option, avoiding: keyRules)
            guard !keyRules.contains(rule) else { continue }
            if let index = groups[option.tier]?.firstIndex(where: { $0.rule == rule }) {
                groups[option.tier]![index].options.append(option)
            } else {
                groups[option.tier, default: []].append((rule, [option]))
            }
        }
        var chosen: [(option: RankedOption, rule: String)] = []
        var usedRules: Set<String> = []
        var progress = true
        while chosen.count < target, progress {
            progress = false
            for tier in Tier.allCases where chosen.count < target {
                let open = (groups[tier] ?? []).filter { !usedRules.contains($0.rule) }
                guard !open.isEmpty else { continue }
                let group = open[Int(generator.next() % UInt64(open.count))]
                chosen.append((group.options[Int(generator.next() % UInt64(group.options.count))], group.rule))
                usedRules.insert(group.rule)
                progress = true
            }
        }
        while chosen.count < 3 {
            let shown = Set(chosen.flatMap { $0.option.placingReasons.map(\.rule) }).union(keyRules)
            let rest = candidates.filter { option in !chosen.contains { $0.option.regimen == option.regimen } }
            guard
                let next = rest.max(by: { a, b in
                    let newA = Set(a.placingReasons.map(\.rule)).subtracting(shown).count
                    let newB = Set(b.placingReasons.map(\.rule)).subtracting(shown).count
                    return newA != newB ? newA < newB : a.rank > b.rank
                })
            else { break }
            chosen.append((next, decidingRule(next, avoiding: keyRules)))
        }
        return chosen.sorted { $0.option.rank < $1.option.rank }
    }

    /// Fisher–Yates with our own generator, so the order never depends on the standard library.
    static func shuffle<T>(_ items: inout [T], using generator: inout SeededGenerator) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            let other = Int(generator.next() % UInt64(index + 1))
            items.swapAt(index, other)
        }
    }

    /// The nearest grade Moodle accepts (100, 50, 33.33333, 25, 20, 16.66667, 14.28571, 12.5…).
    static func moodleFraction(_ percent: Double) -> Double {
        let allowed = [
            100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
            16.66667, 14.28571, 12.5, 11.11111, 10, 5,
        ]
        return allowed.min { abs($0 - percent) < abs($1 - percent) }!
    }

    /// "not recommended" for prose.
    static func prose(_ tier: Tier) -> String { tier.rawValue.replacingOccurrences(of: "-", with: " ") }
}

/// Identifiers that every format accepts, and a hash that is the same on every run.
public enum Identifiers {
    /// `text` as an XML name and id-safe token: `[A-Za-z_][A-Za-z0-9._-]*`; other characters
    /// become `-`, and `prefix` is added when it would not start with a letter.
    public static func xmlName(_ text: String, prefix: String) -> String {
        var name = String(
            text.unicodeScalars.map { scalar -> Character in
                let ascii =
                    scalar.isASCII
                    && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
                return ascii ? Character(scalar) : "-"
            })
        if name.first.map({ !($0.isLetter && $0.isASCII) && $0 != "_" }) ?? true { name = prefix + name }
        return name
    }

    /// FNV-1a over the UTF-8 bytes: stable across runs and platforms (unlike `Hasher`).
    public static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// Text clean-up shared by the builder and the formats.
public enum Text {
    /// Paragraphs: split on blank lines; the lines inside one are joined with a space (a YAML
    /// block wraps lines that are one paragraph). Characters XML 1.0 cannot hold are dropped.
    public static func paragraphs(_ text: String) -> [String] {
        let clean = xmlSafe(
            text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n"))
        var paragraphs: [String] = []
        var current: [String] = []
        for line in clean.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(trimmed)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs
    }

    /// "1 case", "3 cases".
    public static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    /// `text` without the characters XML 1.0 forbids (C0 controls other than tab and line
    /// breaks, U+FFFE and U+FFFF); the test is `HTMLEscaping.isXMLCharacter`, shared with the records.
    public static func xmlSafe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !HTMLEscaping.isXMLCharacter($0) }) else { return text }
        var output = String.UnicodeScalarView()
        output.append(contentsOf: text.unicodeScalars.filter(HTMLEscaping.isXMLCharacter))
        return String(output)
    }
}
