/// The one definition of "a text says she was on a drug she never received": `lint --paths`
/// and the tests that read `play --format jsonl` transcripts both ask it, so they cannot
/// disagree on a hedged mention ("if she had received T-DM1", "T-DM1 would be an option", "no
/// prior T-DXd") — those are not claims that she received it.
public struct DrugMentions: Sendable {
    /// A drug a text names as given.
    public struct Mention: Hashable, Sendable {
        /// As the knowledge spells it: "T-DM1", "tucatinib", "HER2CLIMB regimen".
        public var name: String
        /// The UTF-8 offset of the mention in the text.
        public var offset: Int
    }

    let lexicon: DrugLexicon
    let knowledge: Knowledge

    public init(knowledge: Knowledge) {
        self.knowledge = knowledge
        self.lexicon = DrugLexicon(knowledge: knowledge)
    }

    /// Every regimen a fellow may choose, for tools that play each one.
    public var regimenIDs: [RegimenID] { knowledge.regimenIDs }

    /// The drugs `text` names as given; hedged mentions are left out.
    public func asserted(in text: String) -> [Mention] {
        lexicon.asserted(in: CaseLinter.searchable(text)).map {
            Mention(name: lexicon.terms[$0.term].display, offset: $0.start)
        }
    }

    /// The drugs `text` names as given that a patient who received `regimens` (ids or aliases,
    /// history included) never had.
    public func unreceived(in text: String, received regimens: Set<RegimenID>) -> [Mention] {
        let history = Set(regimens.map { knowledge.regimen($0)?.id ?? $0 })
        return lexicon.asserted(in: CaseLinter.searchable(text)).filter { !lexicon.received($0, history: history) }
            .map { Mention(name: lexicon.terms[$0.term].display, offset: $0.start) }
    }
}
