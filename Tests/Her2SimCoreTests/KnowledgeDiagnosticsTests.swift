import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// One edit to the real knowledge base and the exact diagnostic it must produce.
///
/// Lines are found by searching the mutated text (so edits above the spot do not break the
/// test); columns are hard-coded, checked against the shipped files.
struct KnowledgeMutation: Sendable, CustomTestStringConvertible {
    enum File: String, Sendable {
        case trials, regimens, rules, rubric
    }

    let name: String
    let file: File
    /// Replaced once, at its first occurrence.
    let old: String
    let new: String
    /// Text inside `new` on the line the diagnostic points at.
    let marker: String
    let column: Int
    /// The message, given the original (unmutated) sources for messages that name other places.
    let message: @Sendable (KnowledgeSources) -> String

    var testDescription: String { name }

    init(
        _ name: String, in file: File, replacing old: String, with new: String, at marker: String? = nil,
        column: Int, message: @escaping @Sendable (KnowledgeSources) -> String
    ) {
        self.name = name
        self.file = file
        self.old = old
        self.new = new
        self.marker = marker ?? new
        self.column = column
        self.message = message
    }

    init(
        _ name: String, in file: File, replacing old: String, with new: String, at marker: String? = nil,
        column: Int, message: String
    ) {
        self.init(name, in: file, replacing: old, with: new, at: marker, column: column, message: { _ in message })
    }
}

enum KnowledgeText {
    static func file(_ file: KnowledgeMutation.File, of sources: KnowledgeSources) -> KnowledgeSources.File {
        switch file {
        case .trials: sources.trials
        case .regimens: sources.regimens
        case .rules: sources.rules
        case .rubric: sources.rubric
        }
    }

    static func replacing(
        _ file: KnowledgeMutation.File, in sources: KnowledgeSources,
        with replacement: KnowledgeSources.File
    ) -> KnowledgeSources {
        var copy = sources
        switch file {
        case .trials: copy.trials = replacement
        case .regimens: copy.regimens = replacement
        case .rules: copy.rules = replacement
        case .rubric: copy.rubric = replacement
        }
        return copy
    }

    /// 1-based line of a character offset.
    static func line(at index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    /// 1-based line and column of `needle` within the first occurrence of `context`.
    static func position(of needle: String, within context: String, in text: String) -> (line: Int, column: Int)? {
        guard let contextRange = text.range(of: context),
            let range = text.range(of: needle, range: contextRange)
        else { return nil }
        let lineStart = text[..<range.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line(at: range.lowerBound, in: text), text[lineStart..<range.lowerBound].count + 1)
    }

    /// `Scoring/FILE:LINE:COL` of `needle` within the first occurrence of `context` in a file of the real sources.
    static func place(
        of needle: String, within context: String, in file: KnowledgeMutation.File,
        _ sources: KnowledgeSources
    ) -> String {
        let source = Self.file(file, of: sources)
        guard let position = position(of: needle, within: context, in: source.text) else {
            return "<'\(context)' not found>"
        }
        return "\(source.name):\(position.line):\(position.column)"
    }
}

@Suite("Knowledge base diagnostics")
struct KnowledgeDiagnosticsTests {
    static let toxicityList = Toxicity.allCases.map(\.rawValue).joined(separator: ", ")
    static let tierList = Tier.allCases.map(\.rawValue).joined(separator: ", ")

    static let mutations: [KnowledgeMutation] = [
        KnowledgeMutation(
            "a rule cites an unknown source", in: .rules,
            replacing: "sources: [EXPERT-PANEL-2025, HER2CLIMB, EMILIA]",
            with: "sources: [EXPERT-PANEL-2025, HER2CLIMB, EMILA]",
            column: 45, message: "unknown source 'EMILA' (did you mean 'EMILIA'?)"),
        KnowledgeMutation(
            "a downward order effect reads like a tier reason", in: .rules,
            replacing:
                "        text: 'Ranked lower in its tier: weekly or day 1 and 8 visits, and she wants fewer visits.'",
            with: "        text: 'Weekly or day 1 and 8 visits, and she wants fewer visits.'",
            column: 15,
            message:
                "an order effect that moves regimens down needs its own text that says so, starting 'Ranked lower in its tier' (it must never read as the reason for the tier)"
        ),
        KnowledgeMutation(
            "a per-regimen reason names a regimen the effect does not target", in: .rules,
            replacing: "          thp:\n            text: THP is the first-line standard",
            with: "          tdm1:\n            text: THP is the first-line standard",
            at: "tdm1:\n            text: THP",
            column: 11,
            message: "'tdm1' is not among this effect's targets; its reason would never show"),
        KnowledgeMutation(
            "an effect's sources without its own text", in: .rules,
            replacing:
                "        text: Capecitabine is held for grade ≥ 2 hand-foot syndrome until it recovers to grade 1 (label).\n",
            with: "        sources: [CAPECITABINE-LABEL]\n",
            column: 18,
            message: "an effect's 'sources' belong to its own 'text'; add a text about the regimen"),
        KnowledgeMutation(
            "a dpd-deficiency level is misspelled", in: .rules,
            replacing: "when: {dpd-deficiency: [complete]}",
            with: "when: {dpd-deficiency: [compelte]}",
            column: 29,
            message:
                "unknown dpd-deficiency 'compelte' (did you mean 'complete'?); expected one of: none, partial, complete"
        ),
        KnowledgeMutation(
            "a rule targets an unknown regimen id", in: .rules,
            replacing: "targets: {ids: [best-supportive-care]}",
            with: "targets: {ids: [best-suportive-care]}",
            column: 25, message: "unknown regimen 'best-suportive-care' (did you mean 'best-supportive-care'?)"),
        KnowledgeMutation(
            "with-any names an unknown tag", in: .rules,
            replacing:
                "targets: {with-any: [systemic], except: [endocrine-her2, trastuzumab-pertuzumab, clinical-trial]}",
            with: "targets: {with-any: [sytemic], except: [endocrine-her2, trastuzumab-pertuzumab, clinical-trial]}",
            column: 30,
            message:
                "no regimen has the tag 'sytemic' (did you mean 'systemic'?); tags are agent ids, agent classes and regimen tags in regimens.yaml"
        ),
        KnowledgeMutation(
            "a condition key is misspelled", in: .rules,
            replacing: "when: {ecog-at-least: 3}",
            with: "when: {ecog-atleast: 3}",
            column: 12,
            message: "unknown key 'ecog-atleast' in a condition (did you mean 'ecog-at-least'?); expected one of: "
                + RulesDecoder.conditionKeys.joined(separator: ", ")),
        KnowledgeMutation(
            "two rules share an id", in: .rules,
            replacing: "  - id: lvef-borderline\n",
            with: "  - id: lvef-antibody\n",
            column: 9,
            message: { sources in
                "rule id 'lvef-antibody' is already used at \(KnowledgeText.place(of: "lvef-antibody", within: "  - id: lvef-antibody\n", in: .rules, sources))"
            }),
        KnowledgeMutation(
            "an effect names an unknown tier", in: .rules,
            replacing: "{ids: [best-supportive-care]}\n        kind: promote\n        tier: preferred\n",
            with: "{ids: [best-supportive-care]}\n        kind: promote\n        tier: prefered\n",
            at: "tier: prefered",
            column: 15,
            message: "unknown tier 'prefered' (did you mean 'preferred'?); expected one of: \(tierList)"),
        KnowledgeMutation(
            "a restrict effect has no tier", in: .rules,
            replacing:
                "- targets: {with-any: [anti-her2-antibody]}\n        kind: restrict\n        tier: contraindicated\n",
            with: "- targets: {with-any: [anti-her2-antibody]}\n        kind: restrict\n",
            at: "targets: {with-any: [anti-her2-antibody]}",
            column: 9, message: "a restrict effect needs a 'tier'"),
        KnowledgeMutation(
            "a regimen cites a trial that does not exist", in: .regimens,
            replacing: "trials: [EMILIA, TH3RESA, DESTINY-Breast03]",
            with: "trials: [EMILIA, TH3RESA, DESTINY-Breast03, KAMILLA-7]",
            column: 51, message: "unknown trial or source 'KAMILLA-7'"),
        KnowledgeMutation(
            "two regimens claim the same alias", in: .regimens,
            replacing: "aliases: [her2climb, tucatinib,",
            with: "aliases: [her2climb, kadcyla, tucatinib,",
            column: 26,
            message: { sources in
                "'kadcyla' is already used by regimen 'tdm1' at \(KnowledgeText.place(of: "kadcyla", within: "aliases: [t-dm1, kadcyla,", in: .regimens, sources))"
            }),
        KnowledgeMutation(
            "an arm maps to an unknown regimen", in: .trials,
            replacing: "regimen: neratinib-capecitabine",
            with: "regimen: neratinib-capecitibine",
            column: 18,
            message: "unknown regimen 'neratinib-capecitibine' (did you mean 'neratinib-capecitabine'?)"),
        KnowledgeMutation(
            "an arm maps to an alias instead of the canonical id", in: .trials,
            replacing: "regimen: neratinib-capecitabine",
            with: "regimen: nerlynx",
            column: 18,
            message:
                "trial arms name regimens by canonical id: use 'neratinib-capecitabine' instead of the alias 'nerlynx'"),
        KnowledgeMutation(
            "rubric points increase", in: .rubric,
            replacing: "  recommended: 7\n",
            with: "  recommended: 12\n",
            at: "  preferred: 10",
            column: 3, message: "points must not increase from preferred to contraindicated"),
        KnowledgeMutation(
            "a regimen's rates name an unknown toxicity", in: .regimens,
            replacing: "thrombocytopenia: {any: 31.2, grade3: 14.5}",
            with: "thrombocytopaenia: {any: 31.2, grade3: 14.5}",
            column: 9,
            message:
                "unknown toxicity 'thrombocytopaenia' (did you mean 'thrombocytopenia'?); expected one of: \(toxicityList)"
        ),
        KnowledgeMutation(
            "a regimen's evidence strength is unknown", in: .regimens,
            replacing: "strength: randomized-os",
            with: "strength: randomised-os",
            column: 17,
            message:
                "unknown evidence strength 'randomised-os' (did you mean 'randomized-os'?); expected one of rules.yaml's evidence-order: randomized-os, randomized-pfs, randomized-phase2, single-arm, expert-opinion"
        ),
        // A regimen with a bad field must not also make every arm and rule naming it "unknown".
        KnowledgeMutation(
            "a regimen's route is unknown", in: .regimens,
            replacing: "    route: iv\n",
            with: "    route: ivv\n",
            at: "route: ivv",
            column: 12,
            message: "unknown route 'ivv' (did you mean 'iv'?); expected one of: iv, oral, sc, iv+oral, none"),
        KnowledgeMutation(
            "invalid YAML in one file", in: .rules,
            replacing: "    section: safety\n",
            with: "    section: safety: hard-limits\n",
            at: "section: safety: hard-limits",
            column: 20,
            message:
                "invalid YAML: mapping values are not allowed in this context; check the indentation, or quote a value that contains ': '"
        ),
    ]

    @Test("one edit to Scoring/ gives one exact, located error", arguments: mutations)
    func mutationIsDiagnosed(_ mutation: KnowledgeMutation) throws {
        let original = TestSupport.sources
        let source = KnowledgeText.file(mutation.file, of: original)
        let range = try #require(
            source.text.range(of: mutation.old),
            "'\(mutation.old)' is no longer in \(source.name); update this case")
        let text = source.text.replacingCharacters(in: range, with: mutation.new)
        let replacedAt = text.distance(from: text.startIndex, to: range.lowerBound)
        let newStart = text.index(text.startIndex, offsetBy: replacedAt)
        let newEnd = text.index(newStart, offsetBy: mutation.new.count)
        let markerRange = try #require(
            text.range(of: mutation.marker, range: newStart..<newEnd) ?? text.range(of: mutation.marker),
            "marker '\(mutation.marker)' not found")
        let line = KnowledgeText.line(at: markerRange.lowerBound, in: text)
        let mutated = KnowledgeText.replacing(
            mutation.file, in: original,
            with: KnowledgeSources.File(name: source.name, text: text))
        let expected = "\(source.name):\(line):\(mutation.column): error: \(mutation.message(original))"
        do {
            _ = try KnowledgeLoader.load(mutated)
            Issue.record("\(mutation.name): the mutated knowledge base loaded without error")
        } catch {
            let errors = error.errors
            #expect(errors.first?.description == expected, "\(error)")
            #expect(errors.count == 1, "one defect, one error; got:\n\(error)")
        }
    }

    @Test("the mutation cases are distinct")
    func mutationsAreDistinct() {
        #expect(Self.mutations.count >= 10)
        let messages = Self.mutations.map { $0.message(TestSupport.sources) }
        #expect(Set(messages).count == messages.count)
    }

    // MARK: - The shipped knowledge base

    /// /work/shared/DESIGN.md: "the ids themselves do not change".
    static let canonicalRegimenIDs: [RegimenID] = [
        "thp", "tdxd-pertuzumab", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine",
        "neratinib-capecitabine", "lapatinib-capecitabine", "lapatinib-trastuzumab",
        "trastuzumab-capecitabine", "trastuzumab-taxane", "trastuzumab-vinorelbine", "trastuzumab-eribulin",
        "trastuzumab-gemcitabine", "margetuximab-chemotherapy", "endocrine-her2", "pyrotinib-capecitabine",
        "abemaciclib-trastuzumab-fulvestrant", "trastuzumab-pertuzumab", "chemotherapy-alone",
        "clinical-trial", "best-supportive-care",
    ]

    @Test("the shipped knowledge base loads with zero errors")
    func shippedKnowledgeLoads() throws {
        let knowledge = try KnowledgeLoader.load(TestSupport.sources)
        #expect(!knowledge.rules.isEmpty)
        #expect(
            knowledge.evidenceOrder == [
                "randomized-os", "randomized-pfs", "randomized-phase2", "single-arm",
                "expert-opinion",
            ])
    }

    @Test("exactly the 21 canonical regimen ids of DESIGN.md")
    func canonicalRegimens() {
        let ids = TestSupport.knowledge.regimenIDs
        #expect(ids.count == 21)
        #expect(Set(ids).count == ids.count, "duplicate regimen ids: \(ids)")
        #expect(
            Set(ids) == Set(Self.canonicalRegimenIDs),
            "extra: \(Set(ids).subtracting(Self.canonicalRegimenIDs)), missing: \(Set(Self.canonicalRegimenIDs).subtracting(ids))"
        )
        for id in Self.canonicalRegimenIDs {
            #expect(TestSupport.knowledge.canonicalRegimenID(id.rawValue) == id.rawValue)
        }
    }

    @Test("25 trials, each arm's regimen canonical")
    func trials() {
        let knowledge = TestSupport.knowledge
        #expect(knowledge.trials.count == 25)
        #expect(Set(knowledge.trials.map(\.id)).count == knowledge.trials.count)
        for trial in knowledge.trials {
            #expect(!trial.arms.isEmpty, "\(trial.id) has no arms")
            for arm in trial.arms {
                if let regimen = arm.regimen {
                    #expect(
                        Self.canonicalRegimenIDs.contains(RegimenID(regimen)),
                        "\(trial.id) arm '\(arm.label)' maps to '\(regimen)'")
                }
            }
        }
        #expect(knowledge.trials.contains { $0.arms.contains { $0.regimen != nil } })
    }

    @Test("every rule cites a source and explains itself")
    func rulesCiteAndExplain() {
        let knowledge = TestSupport.knowledge
        #expect(!knowledge.rules.isEmpty)
        for rule in knowledge.rules {
            #expect(!rule.sources.isEmpty, "rule \(rule.id) cites nothing")
            #expect(rule.sources.allSatisfy(knowledge.isSource), "rule \(rule.id) cites \(rule.sources)")
            #expect(
                !rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                "rule \(rule.id) has no rationale")
            #expect(!rule.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "rule \(rule.id) has no text")
        }
        #expect(Set(knowledge.rules.map(\.id)).count == knowledge.rules.count)
        #expect(!knowledge.lineOfTherapy.sources.isEmpty)
    }

    @Test("every figure marked unverified exists")
    func unverifiedFiguresExist() {
        let knowledge = TestSupport.knowledge
        var flagged = 0
        for trial in knowledge.trials {
            for name in trial.unverified {
                flagged += 1
                #expect(name == "hazard-ratio-pfs" && trial.hazardRatioPFS != nil, "\(trial.id) flags '\(name)'")
            }
            for arm in trial.arms {
                for name in arm.unverified {
                    flagged += 1
                    #expect(arm.figure(name) != nil, "\(trial.id) arm '\(arm.label)' flags missing '\(name)'")
                }
            }
        }
        #expect(flagged > 0, "the shipped trials flag (r) figures; none were read")
        for regimen in knowledge.regimens {
            for toxicity in regimen.toxicities.unverified {
                #expect(
                    regimen.toxicities.rates[toxicity] != nil,
                    "\(regimen.id) flags the rate of \(toxicity.rawValue) as unverified but gives none")
            }
        }
    }
}
