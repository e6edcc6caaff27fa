import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

enum ManagementSupport {
    static let table: DoseModificationTable = {
        do {
            guard
                let loaded = try DoseModificationLoader.load(
                    directory: TestSupport.scoringDirectory,
                    displayPrefix: "Scoring/",
                    knowledge: TestSupport.knowledge)
            else {
                fatalError("Scoring/dose-modifications.yaml is missing")
            }
            return loaded.table
        } catch {
            fatalError("Scoring/dose-modifications.yaml does not load:\n\(error)")
        }
    }()

    static let engine = ManagementEngine(knowledge: TestSupport.knowledge, table: table)

    static func rank(
        _ regimen: RegimenID, _ toxicity: Toxicity, _ grade: Int, occurrence: Int = 1,
        heartFailure: Bool = false
    ) -> ManagementRecommendation? {
        engine.rank(
            ManagementDecision(
                regimen: regimen, months: 3, toxicity: toxicity, grade: grade,
                occurrence: occurrence, heartFailure: heartFailure))
    }
}

@Suite("The labels' dose-modification table")
struct DoseModificationTableTests {
    @Test("the shipped table loads without warnings, every row sourced and checked")
    func shippedTableLoads() throws {
        let loaded = try #require(
            try DoseModificationLoader.load(
                directory: TestSupport.scoringDirectory, displayPrefix: "Scoring/", knowledge: TestSupport.knowledge))
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let table = loaded.table
        #expect(table.rows.count >= 30)
        for row in table.rows {
            #expect(!row.sources.isEmpty && !row.checked.isEmpty && !row.section.isEmpty, "\(row.id)")
            #expect(row.sources.contains { $0.hasSuffix("-LABEL") }, "\(row.id) cites no label")
        }
        // The issue's dose levels, exactly.
        #expect(table.drug("trastuzumab-deruxtecan")?.levels == ["5.4 mg/kg", "4.4 mg/kg", "3.2 mg/kg"])
        #expect(table.drug("trastuzumab-emtansine")?.levels == ["3.6 mg/kg", "3.0 mg/kg", "2.4 mg/kg"])
        #expect(table.drug("capecitabine")?.levels == ["100% of the starting dose", "75%", "50%"])
        #expect(table.drug("tucatinib")?.levels.count == 4)
        #expect(table.drug("neratinib")?.levels.last == "120 mg daily")
        #expect(table.effects.reducedRecurrence.value < 1 && table.effects.reducedEfficacy.value <= 1)
    }

    @Test("the minimal fixture table loads")
    func minimalLoads() throws {
        let url = TestSupport.fixtures.appendingPathComponent("minimal-dose-modifications.yaml")
        let loaded = try DoseModificationLoader.load(
            KnowledgeSources.File(name: "t.yaml", text: TestSupport.text(url)),
            knowledge: TestSupport.knowledge)
        #expect(loaded.table.rows.map(\.id) == ["tdm1-platelets-4", "capecitabine-hfs-3"])
    }

    static let badTables = TestSupport.fixtureFiles(in: "bad-dose-modifications").map(\.lastPathComponent)

    @Test("each bad table reports its expected first error at file:line:col", arguments: badTables)
    func badTable(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("bad-dose-modifications").appendingPathComponent(name)
        let text = TestSupport.text(url)
        let expected = try #require(text.split(separator: "\n").first.map { String($0.dropFirst("# expect: ".count)) })
        do {
            _ = try DoseModificationLoader.load(
                KnowledgeSources.File(name: name, text: text),
                knowledge: TestSupport.knowledge)
            Issue.record("\(name) loaded without error")
        } catch {
            let first = try #require(error.errors.first)
            // The fixture's header line shifts every line by one.
            let place = first.location.map { "\($0.line - 1):\($0.column): " } ?? ""
            #expect("\(place)error: \(first.message)" == expected, "\(name)")
            #expect(first.location?.file == name)
        }
    }

    @Test("the bad-table set covers every kind of mistake, each message once")
    func badTablesDistinct() {
        #expect(Self.badTables.count >= 20)
        let messages = Self.badTables.map { name in
            TestSupport.text(TestSupport.fixtures.appendingPathComponent("bad-dose-modifications/\(name)"))
                .split(separator: "\n").first.map(String.init) ?? ""
        }
        #expect(Set(messages).count == messages.count)
    }
}

/// One focused case per row of the shipped table: the situation that row is for, and what the
/// label says must come first.
struct RowCase: Sendable, CustomTestStringConvertible {
    let row: String
    let regimen: RegimenID
    let toxicity: Toxicity
    let grade: Int
    var occurrence = 1
    var heartFailure = false
    let top: String
    /// Actions that must be contraindicated (the label ends the drug for good).
    var unsafe: [String] = []
    var testDescription: String { row }
}

@Suite("Management ranking")
struct ManagementEngineTests {
    static let rowCases: [RowCase] = [
        RowCase(
            row: "antibody-heart-failure", regimen: "tdm1", toxicity: .lvefDecline, grade: 3, heartFailure: true,
            top: "discontinue", unsafe: ["continue", "hold", "reduce"]),
        RowCase(row: "tdxd-ild-1", regimen: "tdxd", toxicity: .ild, grade: 1, top: "hold", unsafe: ["continue"]),
        RowCase(
            row: "tdxd-ild-2", regimen: "tdxd-pertuzumab", toxicity: .ild, grade: 2, top: "discontinue",
            unsafe: ["continue", "hold", "reduce"]),
        RowCase(row: "tdxd-neutropenia-3", regimen: "tdxd", toxicity: .neutropenia, grade: 3, top: "hold"),
        RowCase(row: "tdxd-neutropenia-4", regimen: "tdxd", toxicity: .neutropenia, grade: 4, top: "reduce"),
        RowCase(row: "tdxd-thrombocytopenia-3", regimen: "tdxd", toxicity: .thrombocytopenia, grade: 3, top: "hold"),
        RowCase(row: "tdxd-thrombocytopenia-4", regimen: "tdxd", toxicity: .thrombocytopenia, grade: 4, top: "reduce"),
        RowCase(row: "tdxd-lvef-3", regimen: "tdxd", toxicity: .lvefDecline, grade: 3, top: "hold"),
        RowCase(row: "tdxd-lvef-2", regimen: "tdxd", toxicity: .lvefDecline, grade: 2, top: "hold"),
        RowCase(
            row: "tdm1-ild", regimen: "tdm1", toxicity: .ild, grade: 1, top: "discontinue",
            unsafe: ["continue", "hold", "reduce"]),
        RowCase(row: "tdm1-transaminases-2", regimen: "tdm1", toxicity: .hepatotoxicity, grade: 2, top: "continue"),
        RowCase(row: "tdm1-transaminases-3", regimen: "tdm1", toxicity: .hepatotoxicity, grade: 3, top: "reduce"),
        RowCase(
            row: "tdm1-transaminases-4", regimen: "tdm1", toxicity: .hepatotoxicity, grade: 4, top: "discontinue",
            unsafe: ["continue", "hold", "reduce"]),
        RowCase(row: "tdm1-thrombocytopenia-3", regimen: "tdm1", toxicity: .thrombocytopenia, grade: 3, top: "hold"),
        RowCase(row: "tdm1-thrombocytopenia-4", regimen: "tdm1", toxicity: .thrombocytopenia, grade: 4, top: "reduce"),
        RowCase(row: "tdm1-neuropathy", regimen: "tdm1", toxicity: .peripheralNeuropathy, grade: 3, top: "hold"),
        RowCase(row: "tdm1-lvef-3", regimen: "tdm1", toxicity: .lvefDecline, grade: 3, top: "hold"),
        RowCase(row: "tdm1-lvef-2", regimen: "tdm1", toxicity: .lvefDecline, grade: 2, top: "hold"),
        RowCase(
            row: "tdm1-infusion-4", regimen: "tdm1", toxicity: .infusionReaction, grade: 4, top: "discontinue",
            unsafe: ["continue", "hold", "reduce"]),
        RowCase(
            row: "her2climb-hfs-3", regimen: "tucatinib-trastuzumab-capecitabine", toxicity: .handFootSyndrome,
            grade: 3, top: "reduce"),
        RowCase(
            row: "capecitabine-hfs-3", regimen: "trastuzumab-capecitabine", toxicity: .handFootSyndrome, grade: 3,
            top: "reduce"),
        RowCase(
            row: "capecitabine-hfs-2", regimen: "lapatinib-capecitabine", toxicity: .handFootSyndrome, grade: 2,
            top: "hold"),
        RowCase(
            row: "tucatinib-grade-4", regimen: "tucatinib-trastuzumab-capecitabine", toxicity: .diarrhea, grade: 4,
            top: "omit-tucatinib", unsafe: ["continue", "hold", "reduce", "omit-capecitabine"]),
        RowCase(
            row: "tucatinib-diarrhea-3", regimen: "tucatinib-trastuzumab-capecitabine", toxicity: .diarrhea,
            grade: 3, top: "hold"),
        RowCase(
            row: "tucatinib-hepatotoxicity-3", regimen: "tucatinib-trastuzumab-capecitabine",
            toxicity: .hepatotoxicity, grade: 3, top: "reduce"),
        RowCase(
            row: "neratinib-grade-4", regimen: "neratinib-capecitabine", toxicity: .diarrhea, grade: 4,
            top: "discontinue", unsafe: ["continue", "hold", "reduce", "omit-capecitabine"]),
        RowCase(
            row: "neratinib-diarrhea-3", regimen: "neratinib-capecitabine", toxicity: .diarrhea, grade: 3,
            top: "hold"),
        RowCase(
            row: "neratinib-grade-3", regimen: "neratinib-capecitabine", toxicity: .nausea, grade: 3,
            top: "reduce"),
        RowCase(
            row: "lapatinib-hepatotoxicity-3", regimen: "lapatinib-trastuzumab", toxicity: .hepatotoxicity,
            grade: 3, top: "discontinue", unsafe: ["continue", "hold", "reduce"]),
        RowCase(
            row: "lapatinib-diarrhea-4", regimen: "lapatinib-capecitabine", toxicity: .diarrhea, grade: 4,
            top: "discontinue", unsafe: ["continue", "hold", "reduce", "omit-capecitabine"]),
        RowCase(
            row: "lapatinib-diarrhea-3", regimen: "lapatinib-capecitabine", toxicity: .diarrhea, grade: 3,
            top: "reduce"),
        RowCase(
            row: "docetaxel-neuropathy-3", regimen: "thp", toxicity: .peripheralNeuropathy, grade: 3,
            top: "omit-taxane", unsafe: ["continue", "hold", "reduce"]),
        RowCase(
            row: "docetaxel-neuropathy-2", regimen: "thp", toxicity: .peripheralNeuropathy, grade: 2,
            top: "reduce"),
        RowCase(
            row: "paclitaxel-neuropathy-3", regimen: "trastuzumab-taxane", toxicity: .peripheralNeuropathy,
            grade: 3, top: "omit-taxane"),
        RowCase(
            row: "paclitaxel-neuropathy-2", regimen: "trastuzumab-taxane", toxicity: .peripheralNeuropathy,
            grade: 2, top: "reduce"),
        RowCase(
            row: "antibody-infusion-3", regimen: "trastuzumab-pertuzumab", toxicity: .infusionReaction, grade: 3,
            top: "discontinue", unsafe: ["continue", "hold"]),
        RowCase(
            row: "antibody-lvef", regimen: "trastuzumab-vinorelbine", toxicity: .lvefDecline, grade: 2,
            top: "hold"),
    ]

    @Test("every row of the shipped table has a focused case")
    func everyRowCovered() {
        let covered = Set(Self.rowCases.map(\.row))
        let rows = ManagementSupport.table.rows.map(\.id)
        #expect(rows.filter { !covered.contains($0) } == [], "rows without a focused case")
        #expect(covered.count == Self.rowCases.count)
    }

    @Test("the row decides: the label's action first, preferred, its instruction quoted", arguments: rowCases)
    func row(_ rowCase: RowCase) throws {
        let ranked = try #require(
            ManagementSupport.rank(
                rowCase.regimen, rowCase.toxicity, rowCase.grade,
                occurrence: rowCase.occurrence,
                heartFailure: rowCase.heartFailure))
        #expect(ranked.row.id == rowCase.row)
        #expect(ranked.first.action.id == rowCase.top)
        #expect(ranked.first.tier == .preferred)
        #expect(ranked.first.reasons[0].text.contains(ranked.instruction), "the label's instruction is quoted")
        #expect(ranked.first.reasons[0].rule == rowCase.row)
        for unsafe in rowCase.unsafe {
            #expect(ranked.options.first { $0.action.id == unsafe }?.tier == .contraindicated, "\(unsafe)")
        }
        // Every action once, ranks 1…n in tier order.
        #expect(ranked.options.map(\.rank) == Array(1...ranked.options.count))
        #expect(ranked.options.map(\.tier) == ranked.options.map(\.tier).sorted())
        #expect(Set(ranked.options.map(\.action)).count == ranked.options.count)
    }

    @Test("a reason names its action's drug: omit-capecitabine names capecitabine, not tucatinib")
    func reasonsNameTheDrug() throws {
        let ranked = try #require(ManagementSupport.rank("tucatinib-trastuzumab-capecitabine", .handFootSyndrome, 3))
        let omit = try #require(ranked.option(for: ManagementAction(.omit, drug: "capecitabine")))
        #expect(omit.tier == .recommended)
        #expect(omit.reasons[0].sources.contains("HER2CLIMB"))
        let reduce = try #require(ranked.option(for: ManagementAction(.reduce)))
        #expect(reduce.reasons[0].text.contains("capecitabine") && reduce.reasons[0].text.contains("75%"))
        let omitTucatinib = try #require(ranked.option(for: ManagementAction(.omit, drug: "tucatinib")))
        #expect(omitTucatinib.reasons[0].text.hasPrefix("Stopping tucatinib"))
        #expect(ranked.option(for: ManagementAction(.discontinue))!.tier >= .conditional)
    }

    @Test("a second grade 3 hand-foot syndrome reduces capecitabine to 50%")
    func secondOccurrence() throws {
        let ranked = try #require(
            ManagementSupport.rank(
                "trastuzumab-capecitabine", .handFootSyndrome, 3,
                occurrence: 2))
        #expect(ranked.first.action.id == "reduce")
        #expect(ranked.instruction.contains("50%"))
        #expect(ranked.first.reasons[0].text.contains("(50%)"))
        let secondGrade2 = try #require(
            ManagementSupport.rank(
                "trastuzumab-capecitabine", .handFootSyndrome, 2,
                occurrence: 2))
        #expect(secondGrade2.first.action.id == "reduce")
    }

    @Test("without heart failure an LVEF fall on T-DXd is a hold, with it the end of T-DXd")
    func heartFailureRow() throws {
        #expect(ManagementSupport.rank("tdxd", .lvefDecline, 3)?.first.action.id == "hold")
        #expect(ManagementSupport.rank("tdxd", .lvefDecline, 3, heartFailure: true)?.first.action.id == "discontinue")
    }

    @Test("no row, no ranking: the tables say nothing about alopecia")
    func noRow() {
        #expect(ManagementSupport.rank("thp", .alopecia, 2) == nil)
        #expect(ManagementSupport.rank("no-such-regimen", .ild, 2) == nil)
    }

    @Test("the actions offered follow the regimen's drugs")
    func actionsFollowDrugs() {
        let engine = ManagementSupport.engine
        #expect(engine.actions(for: "tdm1").map(\.id) == ["continue", "hold", "reduce", "discontinue"])
        #expect(
            engine.actions(for: "tucatinib-trastuzumab-capecitabine").map(\.id)
                == ["continue", "hold", "reduce", "omit-tucatinib", "omit-capecitabine", "discontinue"])
        #expect(engine.actions(for: "thp").map(\.id) == ["continue", "hold", "reduce", "omit-taxane", "discontinue"])
        #expect(engine.actions(for: "trastuzumab-pertuzumab").map(\.id) == ["continue", "hold", "discontinue"])
    }

    @Test("property: continuing through a grade 4 toxicity never ranks above holding it")
    func continueNeverAboveHoldAtGrade4() {
        var generator = SeededGenerator(seed: 14)
        let regimens = TestSupport.knowledge.regimenIDs
        var ranked = 0
        for _ in 0..<3_000 {
            let regimen = regimens.randomElement(using: &generator)!
            let toxicity = Toxicity.allCases.randomElement(using: &generator)!
            let decision = ManagementDecision(
                regimen: regimen, months: Double.random(in: 0...30, using: &generator),
                toxicity: toxicity, grade: 4, occurrence: Int.random(in: 1...3, using: &generator),
                heartFailure: Bool.random(using: &generator))
            guard let recommendation = ManagementSupport.engine.rank(decision) else { continue }
            ranked += 1
            let hold = recommendation.option(for: ManagementAction(.hold))!
            let keepGoing = recommendation.option(for: ManagementAction(.continue))!
            #expect(keepGoing.rank > hold.rank, "\(decision)")
            #expect(keepGoing.tier >= hold.tier && keepGoing.tier >= .notRecommended, "\(decision)")
        }
        #expect(ranked > 300, "too few random states had a label row: \(ranked)")
    }
}

@Suite("Management vignettes through the engine")
struct ManagementVignetteTests {
    static let files = TestSupport.fixtureFiles(in: "management")

    @Test("the eight public vignettes are copied")
    func present() { #expect(Self.files.count == 8) }

    @Test("each vignette's state loads and its reference action comes first", arguments: files)
    func vignette(_ url: URL) throws {
        let loaded = try ManagementStateLoader.load(
            TestSupport.text(url), file: url.lastPathComponent,
            knowledge: TestSupport.knowledge)
        #expect(loaded.warnings.isEmpty)
        let ranked = try #require(ManagementSupport.engine.rank(loaded.state.decision))
        let expectedTop: [String: [String]] = [
            "m01": ["hold"], "m02": ["discontinue"], "m03": ["hold"], "m04": ["reduce"],
            "m05": ["reduce", "omit-capecitabine"], "m06": ["discontinue"], "m07": ["omit-taxane"],
            "m08": ["discontinue"],
        ]
        let key = String(url.lastPathComponent.prefix(3))
        #expect(expectedTop[key]?.contains(ranked.first.action.id) == true, "\(key): \(ranked.first.action.id)")
    }
}
