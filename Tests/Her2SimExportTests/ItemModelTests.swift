import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport

@Suite("Item model: keys, distractors, credit, stable identifiers")
struct ItemModelTests {
    @Test("the README example loads and becomes one item per decision")
    func readmeExample() throws {
        let script = try #require(Fixtures.readmeExample, "the annotated example in Cases/README.md does not load")
        let quizCase = Fixtures.builder.quizCase(script)
        #expect(quizCase.items.count == Fixtures.decisionPoints([script]))
        #expect(quizCase.items.map(\.identifier) == ["hb-401-t1", "hb-401-t2"])
        let first = try #require(quizCase.items.first)
        #expect(first.correctOptions.map(\.regimen) == ["tdm1"])
        #expect(!first.isMultipleAnswer)
        #expect(
            first.stem.narrative.joined().contains("Ms. A, 49, returns after 9 months"),
            "placeholders are filled: \(first.stem.narrative)")
        #expect(first.stem.history.count == 3)
        #expect(first.teaching.joined().contains("EMILIA"))
        #expect(first.objectives == ["Choose T-DM1 after progression on the HER2CLIMB regimen"])
        #expect(first.references.starts(with: ["HER2CLIMB", "EMILIA", "TULIP"]))
        let second = quizCase.items[1]
        #expect(second.stem.changes.first == "5 months on T-DM1 (trastuzumab emtansine), stopped for progression")
        #expect(second.stem.changes.contains("A suitable clinical trial has opened"))
        #expect(second.stem.history.last?.contains("T-DM1") == true)
    }

    @Test("every item: 1 key or several, 3–4 distractors from lower tiers, each a different deciding rule")
    func distractorsTeachDistinctRules() throws {
        let scripts = Fixtures.allCases
        try #require(!scripts.isEmpty)
        let engine = ReferenceEngine(knowledge: Fixtures.knowledge)
        for script in scripts {
            let path = ReferencePath(script: script, engine: engine)
            let recommendations = path.steps.compactMap(\.recommendation)
            let items = Fixtures.builder.quizCase(script).items
            #expect(items.count == recommendations.count)
            for (item, recommendation) in zip(items, recommendations) {
                let keys = item.correctOptions
                let distractors = item.options.filter { !$0.isCorrect }
                #expect(
                    keys.count == min(Fixtures.builder.equallyBest(recommendation).count, QuizBuilder.maximumKeys),
                    "\(item.identifier)")
                #expect(keys.allSatisfy { $0.tier == recommendation.first.tier }, "\(item.identifier)")
                #expect(
                    keys.contains { $0.regimen == recommendation.first.regimen.rawValue },
                    "\(item.identifier): the reference's first choice is a key")
                #expect((3...4).contains(distractors.count), "\(item.identifier): \(distractors.count) distractors")
                #expect(
                    distractors.allSatisfy { $0.tier > recommendation.first.tier },
                    "\(item.identifier): distractors come from lower tiers")
                // What each lower-tier option could teach that the keys do not.
                let keyRules = Set(keys.map(\.decidingRule))
                let pool = Set(
                    recommendation.options.filter { $0.tier > recommendation.first.tier }
                        .map { QuizBuilder.decidingRule($0, avoiding: keyRules) }
                ).subtracting(keyRules)
                let rules = distractors.map(\.decidingRule)
                if pool.count >= 3 {
                    #expect(Set(rules).count == rules.count, "\(item.identifier): distractors repeat a rule: \(rules)")
                    #expect(
                        Set(rules).isDisjoint(with: keyRules), "\(item.identifier): a distractor teaches the key's rule"
                    )
                } else {
                    #expect(
                        Set(rules).isSuperset(of: pool),
                        "\(item.identifier): every rule the ranking offers is taught: \(rules) of \(pool)")
                    #expect(distractors.count == 3)
                }
                #expect(Set(item.options.map(\.identifier)).count == item.options.count)
                for option in item.options {
                    let ranked = try #require(recommendation.option(for: RegimenID(option.regimen)))
                    #expect(
                        option.decidingRule
                            == QuizBuilder.decidingRule(ranked, avoiding: option.isCorrect ? [] : keyRules))
                    #expect(option.rank == ranked.rank && option.tier == ranked.tier)
                    #expect(!option.reasons.isEmpty, "\(item.identifier) \(option.regimen): feedback names its rules")
                }
            }
        }
    }

    @Test("distractors spread over the lower tiers: a tempting one and an unsafe one when the ranking has them")
    func distractorsSpreadOverTiers() throws {
        let script = try #require(Fixtures.readmeExample)
        let engine = ReferenceEngine(knowledge: Fixtures.knowledge)
        let recommendation = try #require(ReferencePath(script: script, engine: engine).steps.first?.recommendation)
        let item = try #require(Fixtures.builder.quizCase(script).items.first)
        let lowerTiers = Set(recommendation.options.map(\.tier)).subtracting([recommendation.first.tier])
        let distractorTiers = Set(item.options.filter { !$0.isCorrect }.map(\.tier))
        #expect(distractorTiers.count == min(lowerTiers.count, 4), "tiers \(distractorTiers) of \(lowerTiers)")
    }

    @Test("two preferred regimens the engine orders by evidence make a single best answer, not select-all")
    func orderedPreferredIsSingle() throws {
        var script = try #require(Fixtures.readmeExample)
        script.id = "first-line"
        script.initialState.history = [] // first line: several regimens are preferred
        script.turns = [script.turns[0]]
        let engine = ReferenceEngine(knowledge: Fixtures.knowledge)
        let recommendation = try #require(ReferencePath(script: script, engine: engine).steps.first?.recommendation)
        let item = try #require(Fixtures.builder.quizCase(script).items.first)
        let equals = Fixtures.builder.equallyBest(recommendation)
        #expect(recommendation.bestTier.count > 1, "the test needs a tier shared by several regimens")
        #expect(item.isMultipleAnswer == (equals.count > 1))
        #expect(
            Set(item.correctOptions.map(\.regimen))
                == Set(equals.prefix(QuizBuilder.maximumKeys).map(\.regimen.rawValue)))
        #expect(item.correctOptions.contains { $0.regimen == recommendation.first.regimen.rawValue })
        if equals.count == 1 { #expect(!item.prompt.lowercased().contains("select all")) }
    }

    @Test("multiple-answer items: keys share 100, other distractors take 100 back, acceptable ones cost nothing")
    func multipleAnswer() throws {
        let items = Fixtures.builder.bank(Fixtures.allCases).items.filter(\.isMultipleAnswer)
        try #require(!items.isEmpty, "the shipped cases have no multiple-answer item")
        for item in items {
            let keys = item.correctOptions
            #expect(keys.count > 1)
            #expect(Set(keys.map(\.credit)).count == 1, "\(item.identifier): keys share the credit equally")
            #expect(abs(keys.reduce(0) { $0 + $1.credit } - 100) < 0.01)
            let distractors = item.options.filter { !$0.isCorrect }
            #expect(
                abs(distractors.reduce(0) { $0 + $1.credit } + 100) < 0.01,
                "\(item.identifier): ticking every option scores 0")
            #expect(item.prompt.contains("select all that apply"))
            #expect(abs(item.options.filter { $0.credit > 0 }.reduce(0) { $0 + $1.credit } - 100) < 0.01)
        }
    }

    @Test("single-answer items: the key gets 100; no distractor is penalised, and an acceptable one says so")
    func singleAnswerCredit() throws {
        for item in Fixtures.builder.bank(Fixtures.allCases).items where !item.isMultipleAnswer {
            #expect(item.correctOptions.count == 1)
            #expect(item.correctOptions[0].credit == 100)
            #expect(item.options.filter { !$0.isCorrect }.allSatisfy { $0.credit == 0 })
            let keyTier = item.correctOptions[0].tier
            for option in item.options where !option.isCorrect && option.tier <= .recommended && keyTier == .preferred {
                #expect(
                    option.verdict.hasPrefix("Acceptable, but"),
                    "\(item.identifier) \(option.regimen): \(option.verdict)")
            }
        }
    }

    @Test("moodle fractions: 100/k rounded to Moodle's grade list")
    func moodleFractions() {
        #expect(QuizBuilder.moodleFraction(100) == 100)
        #expect(QuizBuilder.moodleFraction(50) == 50)
        #expect(QuizBuilder.moodleFraction(100.0 / 3) == 33.33333)
        #expect(QuizBuilder.moodleFraction(25) == 25)
        #expect(QuizBuilder.moodleFraction(20) == 20)
        #expect(MoodleExporter.fraction(-33.33333) == "-33.33333")
        #expect(MoodleExporter.fraction(100) == "100")
        #expect(QTI21Exporter.number(0.3333333) == "0.3333333")
        #expect(QTI21Exporter.number(-0.25) == "-0.25")
    }

    @Test("identifiers and bytes are stable across runs; the seed changes only the choice and order of distractors")
    func stableAcrossRuns() throws {
        let scripts = Fixtures.allCases
        let first = Fixtures.builder.bank(scripts)
        let second = QuizBuilder(knowledge: Fixtures.knowledge).bank(scripts)
        #expect(first == second)
        for format in ExportFormat.allCases {
            #expect(
                try Exporter.render(first, as: format) == Exporter.render(second, as: format),
                "\(format) differs between two runs")
        }
        let reseeded = Fixtures.builder.bank(scripts, seed: 7)
        #expect(reseeded.items.map(\.identifier) == first.items.map(\.identifier))
        #expect(
            reseeded.items.map { $0.correctOptions.map(\.regimen).sorted() }
                == first.items.map { $0.correctOptions.map(\.regimen).sorted() })
        #expect(
            reseeded.items.map { $0.options.map(\.regimen) } != first.items.map { $0.options.map(\.regimen) },
            "another seed orders the options differently")
        for item in first.items {
            #expect(item.identifier == "\(item.caseID)-t\(item.turnIndex + 1)")
        }
    }

    @Test("identifiers are valid XML names")
    func identifiers() {
        #expect(Identifiers.xmlName("hb-401", prefix: "case-") == "hb-401")
        #expect(Identifiers.xmlName("401-x", prefix: "case-") == "case-401-x")
        #expect(Identifiers.xmlName("tdm1", prefix: "r-") == "tdm1")
        #expect(Identifiers.xmlName("a b/é", prefix: "x-") == "a-b--")
        #expect(Identifiers.stableHash("hb-401") == Identifiers.stableHash("hb-401"))
        #expect(Identifiers.stableHash("hb-401") != Identifiers.stableHash("hb-402"))
    }

    @Test("narrative paragraphs: blank lines split, wrapped lines join, forbidden characters go")
    func paragraphs() {
        #expect(Text.paragraphs("one\ntwo\n\nthree\n") == ["one two", "three"])
        #expect(Text.paragraphs("a\r\nb") == ["a b"])
        #expect(Text.paragraphs("x\u{1}y") == ["xy"])
    }
}
