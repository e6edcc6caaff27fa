/// The drug names case prose may use — agent names, the short forms in their names (T-DXd),
/// single-word regimen ids and aliases (enhertu, kadcyla) and "<trial> regimen" — built from the
/// knowledge, so `lint --paths` can tell when a text names a drug the patient never had.
struct DrugLexicon: Sendable {
    struct Term: Sendable {
        /// Lowercased words; in text they may be joined by a hyphen or a space.
        var words: [[UInt8]]
        /// How a finding names it: the words as the knowledge spells them.
        var display: String
        /// Received when one of these regimens is in the history…
        var regimens: Set<RegimenID>
        /// …or when every one of these agents is (an agent term: its one agent).
        var agents: Set<String>
    }

    /// Where a text names a term: byte offsets into the searchable text.
    struct Mention: Sendable {
        var term: Int
        var start: Int
        var end: Int
        /// Regimens whose full name the mention is part of: "docetaxel" in "trastuzumab + taxane
        /// (weekly paclitaxel or docetaxel)" names that regimen, not docetaxel.
        var within: Set<RegimenID> = []
    }

    let terms: [Term]
    /// Each regimen's full name, lowercased, as the engine's interval text spells it.
    let regimenNames: [(regimen: RegimenID, name: [UInt8])]
    /// Agent ids of each regimen, for "which agents has she received".
    let agentsByRegimen: [RegimenID: Set<String>]

    /// Aliases that are words of ordinary prose or not drugs at all.
    private static let stopWords: Set<String> = [
        "trial", "study", "hospice", "endocrine", "investigational", "hormonal", "palliative",
    ]

    init(knowledge: Knowledge) {
        var terms: [String: Term] = [:]
        let sources = Set(knowledge.sourceIDs.map { $0.lowercased() })
        func add(_ spelling: String, regimens: Set<RegimenID> = [], agents: Set<String> = []) {
            let key = spelling.lowercased()
            let words = key.split { $0 == "-" || $0 == " " }.map { Array($0.utf8) }
            guard !words.isEmpty, terms[key] == nil else { return }
            terms[key] = Term(words: words, display: spelling, regimens: regimens, agents: agents)
        }
        var agentsByRegimen: [RegimenID: Set<String>] = [:]
        for regimen in knowledge.regimens where !["clinical-trial", "best-supportive-care"].contains(regimen.id) {
            agentsByRegimen[regimen.id] = Set(regimen.agents.map(\.id))
            for agent in regimen.agents {
                let plain = agent.name.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !plain.isEmpty, !["chemotherapy", "therapy", "agent"].contains(where: plain.contains) {
                    add(plain, agents: [agent.id])
                }
                if let open = agent.name.firstIndex(of: "("), let close = agent.name.firstIndex(of: ")"), open < close {
                    let short = String(agent.name[agent.name.index(after: open)..<close])
                    if !short.contains(" ") { add(short, agents: [agent.id]) }
                }
            }
            for name in [regimen.id.rawValue] + regimen.aliases
            where !name.contains("-") && name.count >= 4
                && !sources.contains(name) && !Self.stopWords.contains(name)
            {
                add(name, regimens: [regimen.id], agents: Set(regimen.agents.map(\.id)))
            }
            if let open = regimen.name.lastIndex(of: "("), regimen.name.hasSuffix(")") {
                let trial = String(
                    regimen.name[regimen.name.index(after: open)..<regimen.name.index(before: regimen.name.endIndex)])
                if sources.contains(trial.lowercased()) { add(trial + " regimen", regimens: [regimen.id]) }
            }
        }
        self.terms = terms.keys.sorted().map { terms[$0]! }
        self.regimenNames = knowledge.regimens.filter { $0.name.contains(" ") }.map {
            ($0.id, CaseLinter.searchable($0.name))
        }
        self.agentsByRegimen = agentsByRegimen
    }

    /// Whether a patient with `history` (regimen ids) has received what `term` names.
    func received(_ term: Term, history: Set<RegimenID>) -> Bool {
        if !term.regimens.isDisjoint(with: history) { return true }
        guard !term.agents.isEmpty else { return false }
        let agents = history.reduce(into: Set<String>()) { $0.formUnion(agentsByRegimen[$1] ?? []) }
        return term.agents.isSubset(of: agents)
    }

    /// Every whole-word mention in `text` (ASCII-lowercased bytes); a mention inside a longer
    /// one ("trastuzumab" in "trastuzumab deruxtecan") is dropped.
    func mentions(in text: [UInt8]) -> [Mention] {
        var found: [Mention] = []
        for (index, term) in terms.enumerated() {
            var from = 0
            while let end = Self.match(term.words, in: text, from: &from) {
                found.append(Mention(term: index, start: from, end: end))
                from = end
            }
        }
        return found.filter { mention in
            !found.contains { other in
                other.start <= mention.start && other.end >= mention.end
                    && other.end - other.start > mention.end - mention.start
            }
        }.sorted { ($0.start, $0.term) < ($1.start, $1.term) }
    }

    /// The mentions a text asserts as given: every mention that `isHedged` does not excuse.
    func asserted(in text: [UInt8]) -> [Mention] {
        var spans: [(regimen: RegimenID, range: Range<Int>)] = []
        for (regimen, name) in regimenNames {
            var from = 0
            while let found = ByteSearch.firstIndex(of: name, in: text, from: from) {
                spans.append((regimen, found..<(found + name.count)))
                from = found + 1
            }
        }
        return mentions(in: text).filter { !Self.isHedged(text, before: $0.start, after: $0.end) }.map { mention in
            var mention = mention
            mention.within = Set(
                spans.filter { $0.range.contains(mention.start) && mention.end <= $0.range.upperBound }
                    .map(\.regimen))
            return mention
        }
    }

    /// Whether a patient with `history` has received what `mention` names.
    func received(_ mention: Mention, history: Set<RegimenID>) -> Bool {
        !mention.within.isDisjoint(with: history) || received(terms[mention.term], history: history)
    }

    /// The next whole-word match at or after `from` (updated to its start); its end, or nil.
    private static func match(_ words: [[UInt8]], in text: [UInt8], from: inout Int) -> Int? {
        func isWord(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) }
        let hyphen = UInt8(ascii: "-")
        let space = UInt8(ascii: " ")
        var start = from
        while let found = ByteSearch.firstIndex(of: words[0], in: text, from: start) {
            start = found + 1
            if found > 0, isWord(text[found - 1]) || text[found - 1] == hyphen { continue }
            var end = found + words[0].count
            var matched = true
            for word in words.dropFirst() {
                guard end < text.count, text[end] == hyphen || text[end] == space,
                    end + 1 + word.count <= text.count,
                    text[(end + 1)..<(end + 1 + word.count)].elementsEqual(word)
                else {
                    matched = false
                    break
                }
                end += 1 + word.count
            }
            guard matched else { continue }
            if end < text.count,
                isWord(text[end]) || (text[end] == hyphen && end + 1 < text.count && isWord(text[end + 1]))
            {
                continue
            }
            from = found
            return end
        }
        return nil
    }

    /// A mention the sentence does not assert as given: negated ("never received T-DXd", "no
    /// prior tucatinib") or looking ahead ("T-DXd is an option", "she asks about T-DXd"). Only
    /// the clause before the mention is read — a cheap heuristic, documented in Cases/README.md.
    static func isHedged(_ text: [UInt8], before start: Int, after end: Int) -> Bool {
        var clauseStart = start
        while clauseStart > 0, !".;:!?,(".utf8.contains(text[clauseStart - 1]) { clauseStart -= 1 }
        let clause = [UInt8(ascii: " ")] + Array(text[clauseStart..<start])
        if hedges.contains(where: { ByteSearch.contains(clause, $0) }) { return true }
        var clauseEnd = end
        while clauseEnd < text.count, !".;:!?,)".utf8.contains(text[clauseEnd]) { clauseEnd += 1 }
        let rest = Array(text[end..<clauseEnd])
        if laterHedges.contains(where: { ByteSearch.contains(rest, $0) }) { return true }
        let after = text[end..<min(text.count, end + 8)]
        return ByteSearch.contains(Array(after), Array("-naive".utf8))
            || ByteSearch.contains(Array(after), Array(" naive".utf8))
    }

    private static let hedges = [
        "never", " not ", " no ", "without", "instead", "rather", "avoid", "option", "offer", "consider", "discuss",
        " ask", "would", "could", "should", "eligible", "candidate", "unlike", "versus", " vs", " than ", "prefer",
        "recommend", " if ", "whether", " next", " plan", "unless", " had she",
    ].map { Array($0.utf8) }

    /// Words after the mention that make it hypothetical: "T-DXd would be an option".
    private static let laterHedges = ["would", "could", "should", "option", "eligible", "candidate"].map {
        Array($0.utf8)
    }
}
