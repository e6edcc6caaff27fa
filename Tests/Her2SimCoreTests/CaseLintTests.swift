import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// The shipped case library, checked the way `her2sim lint --strict` checks it, and the two
/// pieces the linter rests on: the reference path's transitions and narrative templates.
@Suite("Shipped cases, reference path and narrative templates")
struct CaseLintTests {
    /// The issue asks for at least this many cases in Cases/.
    static let requiredCases = 14

    /// Every shipped case is also played on every path that leaves the reference at one decision
    /// (and seeded random paths): a `lint --paths` finding fails the test, as `--strict` does.
    static let checkEveryPath = true

    static func library() async -> (files: [(url: URL, displayName: String)], library: CaseLibrary) {
        let files = CaseTestSupport.shippedCaseFiles()
        return (
            files,
            await CaseLibrary.load(
                files: files, knowledge: TestSupport.knowledge, lint: true,
                paths: checkEveryPath ? SessionTests.context : nil)
        )
    }

    @Test("Cases/ holds at least 14 cases, and every one loads and lints with no error and no warning")
    func shippedCasesAreClean() async {
        let (files, library) = await Self.library()
        #expect(
            files.count >= Self.requiredCases,
            "Cases/ holds \(files.count) case file\(files.count == 1 ? "" : "s"); at least \(Self.requiredCases) are required"
        )
        #expect(
            library.diagnostics.isEmpty,
            "\(library.errorCount) errors, \(library.warningCount) warnings:\n\(library.diagnostics.map(\.description).joined(separator: "\n"))"
        )
        #expect(
            library.cases.count == files.count,
            "only \(library.cases.count) of \(files.count) files gave a case")
    }

    @Test("case ids are unique across Cases/")
    func caseIDsAreUnique() async {
        let (_, library) = await Self.library()
        var seen: [String: String] = [:]
        for script in library.cases {
            if let other = seen[script.id] {
                Issue.record("case id '\(script.id)' is used by \(other) and \(script.file)")
            }
            seen[script.id] = script.file
        }
        // CaseLibrary drops a duplicate and reports it: look for that too.
        let duplicates = library.diagnostics.filter { $0.message.contains("is already used by") }
        #expect(duplicates.isEmpty, "\(duplicates)")
    }

    @Test("every shipped case has at least three decisions and teaches every objective")
    func decisionsAndObjectives() async {
        let (_, library) = await Self.library()
        for script in library.cases {
            #expect(
                script.decisions >= 3,
                "\(script.file) (\(script.id)) has \(script.decisions) decision(s); at least 3 are required")
            let taught = Set(script.turns.flatMap(\.objectives))
            for objective in script.objectives where !taught.contains(objective.id) {
                Issue.record("\(script.file): objective '\(objective.id)' is not taught by any turn")
            }
        }
    }

    /// Problems with a case's reference path: a turn the path never reaches (so lint never
    /// checks it), a ranking that lists a regimen twice, or a first choice that repeats
    /// (a regimen given once joins the history; only a trial or best supportive care may recur).
    static func referencePathProblems(_ script: CaseScript) -> [String] {
        let path = ReferencePath(script: script, engine: TestSupport.engine)
        var problems: [String] = []
        if path.steps.count != script.turns.count {
            problems.append(
                "the reference path plays \(path.steps.count) of \(script.turns.count) turns (an on-choice 'end: true' matches the reference's choice)"
            )
        }
        var firstChoices: [RegimenID] = []
        for step in path.steps {
            guard let recommendation = step.recommendation else { continue }
            let regimens = recommendation.options.map(\.regimen)
            if Set(regimens).count != regimens.count {
                problems.append("turn \(step.turnIndex + 1) ranks a regimen twice: \(regimens)")
            }
            let first = recommendation.first.regimen
            if firstChoices.contains(first), !["clinical-trial", "best-supportive-care"].contains(first) {
                problems.append(
                    "turn \(step.turnIndex + 1): the reference chooses '\(first)' again (first choices so far: \(firstChoices))"
                )
            }
            firstChoices.append(first)
        }
        return problems
    }

    @Test("along every shipped case's reference path, every turn is played and no regimen is chosen twice")
    func referencePathsAreSound() async {
        let (_, library) = await Self.library()
        for script in library.cases {
            for problem in Self.referencePathProblems(script) {
                Issue.record("\(script.file) (\(script.id)): \(problem)")
            }
        }
    }

    @Test("the README example's reference path: T-DM1, then a trial, with the scripted events applied")
    func readmeExampleReferencePath() throws {
        let example = try #require(CaseTestSupport.annotatedExample())
        let script = try #require(CaseTestSupport.load(example, file: "README-example.yaml").script)
        #expect(Self.referencePathProblems(script).isEmpty, "\(Self.referencePathProblems(script))")
        let path = ReferencePath(script: script, engine: TestSupport.engine)
        #expect(path.steps.map { $0.recommendation?.first.regimen } == ["tdm1", "clinical-trial"])
        let second = try #require(path.steps.last)
        // T-DM1 joined the history, ended by the scripted progression after 5 months.
        #expect(second.state.history.count == 4)
        #expect(
            second.state.history.last
                == TherapyLine(regimen: "tdm1", months: 5, response: .stable, stopped: .progression))
        #expect(second.state.sites.contains("lung"))
        #expect(second.state.toxicities[.thrombocytopenia] == 2)
        #expect(second.state.trialAvailable)
    }

    // MARK: - ReferencePath.transition

    static let before = TestSupport.state(
        toxicities: [.peripheralNeuropathy: 1],
        history: TestSupport.progressed("thp", "tdxd"))

    @Test("a scripted progression ends the chosen regimen for progression and adds the new sites")
    func transitionProgression() {
        let after = ReferencePath.transition(
            Self.before, chose: "tdm1",
            then: [.progression(newSites: ["lung"], brainMetastases: .active)], months: 7)
        #expect(after.history.count == 3)
        #expect(after.history.last == TherapyLine(regimen: "tdm1", months: 7, response: .stable, stopped: .progression))
        #expect(after.history.last?.toxicity == nil)
        #expect(after.sites == ["bone", "lung"])
        #expect(after.brainMetastases == .active)
    }

    @Test("a scripted grade 3 toxicity ends the regimen for toxicity, naming that toxicity and grade")
    func transitionToxicity() throws {
        let after = ReferencePath.transition(
            Self.before, chose: "tdm1",
            then: [.toxicity(.fatigue, grade: 2), .toxicity(.thrombocytopenia, grade: 3)],
            months: nil)
        let line = try #require(after.history.last)
        #expect(line.regimen == "tdm1")
        #expect(line.stopped == .toxicity)
        #expect(line.toxicity?.toxicity == .thrombocytopenia)
        #expect(line.toxicity?.grade == 3)
        #expect(line.months == ReferencePath.defaultMonths)
        #expect(line.response == .partial)
        #expect(after.toxicities[.thrombocytopenia] == 3)
        #expect(after.toxicities[.fatigue] == 2)
        #expect(after.toxicities[.peripheralNeuropathy] == 1)
    }

    @Test("progression wins over a grade 3 toxicity; grade 2 alone does not stop for toxicity")
    func transitionPrecedence() {
        let both = ReferencePath.transition(
            Self.before, chose: "tdm1",
            then: [.toxicity(.diarrhea, grade: 4), .progression(newSites: [], brainMetastases: nil)],
            months: 4)
        #expect(both.history.last?.stopped == .progression)
        #expect(both.history.last?.toxicity == nil)
        #expect(both.toxicities[.diarrhea] == 4)

        let mild = ReferencePath.transition(
            Self.before, chose: "tdm1", then: [.toxicity(.diarrhea, grade: 2)], months: 4)
        #expect(mild.history.last?.stopped == .progression)
        #expect(mild.history.last?.toxicity == nil)

        let restaged = ReferencePath.transition(Self.before, chose: "tdm1", then: [.response(.complete)], months: 12)
        #expect(restaged.history.last?.response == .complete)
    }

    @Test("best supportive care adds no history line, but the events still apply")
    func transitionBestSupportiveCare() {
        let after = ReferencePath.transition(
            Self.before, chose: "best-supportive-care",
            then: [.ecog(3), .progression(newSites: ["liver"], brainMetastases: nil)], months: 3)
        #expect(after.history == Self.before.history)
        #expect(after.ecog == 3)
        #expect(after.sites.contains("liver"))
    }

    // MARK: - NarrativeTemplate

    static func context(brain: BrainMetastases = .none) -> NarrativeTemplate.Context {
        var state = TestSupport.state(
            ecog: 2, brain: brain, lvef: 48,
            history: TestSupport.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 7.5)])
        state.age = 61
        state.sites = ["bone", "liver"]
        return NarrativeTemplate.Context(state: state, line: 3, lastRegimenName: "T-DXd", totalMonths: 12.5)
    }

    @Test("every placeholder renders from the state")
    func rendersAllPlaceholders() {
        let text =
            "{age} y, ECOG {ecog}, LVEF {lvef}%, line {line}, {months} mo on {last-regimen}; sites: {sites}; {total-months} mo in all."
        let parsed = NarrativeTemplate.parse(text)
        #expect(parsed.unknown.isEmpty, "\(parsed.unknown)")
        #expect(parsed.template.source == text)
        #expect(
            parsed.template.render(Self.context())
                == "61 y, ECOG 2, LVEF 48%, line 3, 7.5 mo on T-DXd; sites: bone and liver; 12.5 mo in all.")
        // Every placeholder the type knows appears in that text.
        for placeholder in NarrativeTemplate.Placeholder.allCases {
            #expect(text.contains("{\(placeholder.rawValue)}"), "\(placeholder) is not exercised")
        }
    }

    @Test("{sites} names the brain when there are brain metastases; no history reads plainly")
    func rendersEdgeCases() {
        let template = NarrativeTemplate("Sites: {sites}.")
        #expect(template.render(Self.context(brain: .treatedStable)) == "Sites: bone, liver and brain.")
        let fresh = NarrativeTemplate.Context(state: TestSupport.state(), line: 1, lastRegimenName: nil, totalMonths: 0)
        #expect(
            NarrativeTemplate("{last-regimen}, {months} months, {total-months} in all").render(fresh)
                == "no prior therapy, 0 months, 0 in all")
        // Braces that are not placeholders stay as written.
        #expect(NarrativeTemplate("a {} b { c").render(fresh) == "a {} b { c")
    }

    @Test("an unknown placeholder is reported with its character offset, and kept as text")
    func unknownPlaceholderOffsets() {
        let text = "Émilie — {age}, {agee} and {lvef-now}."
        let parsed = NarrativeTemplate.parse(text)
        #expect(parsed.unknown.map(\.name) == ["agee", "lvef-now"])
        #expect(parsed.unknown.map(\.offset) == [16, 27])
        for unknown in parsed.unknown {
            let index = text.index(text.startIndex, offsetBy: unknown.offset)
            #expect(text[index...].hasPrefix("{\(unknown.name)}"))
        }
        #expect(parsed.template.render(Self.context()) == "Émilie — 61, {agee} and {lvef-now}.")
    }

    @Test("a placeholder written with an underscore or a space is reported, not shown raw")
    func misspeltPlaceholderShapes() {
        // `{last_regimen}` and `{total months}` are near misses of real placeholders: reported
        // (the case does not load), never shown to the fellow with their braces.
        for (text, name) in [
            ("after {last_regimen}", "last_regimen"), ("after {total months} months", "total months"),
            ("{ age } years", " age "), ("{Last-Regimen}", "Last-Regimen"),
        ] {
            let parsed = NarrativeTemplate.parse(text)
            #expect(parsed.unknown.map(\.name) == [name], "\(text): \(parsed.unknown)")
            let index = text.index(text.startIndex, offsetBy: parsed.unknown.first?.offset ?? 0)
            #expect(text[index...].hasPrefix("{\(name)}"))
        }
        // Braces around prose, or empty, are left alone.
        for text in ["a {} b { c", "see {the note written below by the pharmacist}", "{42}", "{a, b}"] {
            #expect(NarrativeTemplate.parse(text).unknown.isEmpty, "\(text)")
        }
    }
}
