import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport
@testable import Her2SimLoading

/// Issue 14: every management decision of the shipped cases is a quiz item in every format,
/// keyed by the label's action, with the label's instruction in the feedback.
@Suite("Management decisions as quiz items")
struct ManagementItemTests {
    static let table: DoseModificationTable = {
        let loaded = try? DoseModificationLoader.load(
            directory: Fixtures.scoring, displayPrefix: "Scoring/",
            knowledge: Fixtures.knowledge)
        guard let table = loaded?.table else { fatalError("Scoring/dose-modifications.yaml does not load") }
        return table
    }()

    static let bank: QuizBank = {
        var builder = QuizBuilder(knowledge: Fixtures.knowledge)
        builder.doseModifications = table
        return builder.bank(Fixtures.shippedCases)
    }()

    static var managementItems: [QuizItem] { bank.items.filter { $0.prompt.contains("to do with the regimen") } }

    @Test("one item per management turn of the shipped cases, at least eight")
    func oneItemPerTurn() {
        let turns = Fixtures.shippedCases.reduce(0) { $0 + $1.managementTurns }
        #expect(turns >= 8)
        #expect(Self.managementItems.count == turns)
        let plain = QuizBuilder(knowledge: Fixtures.knowledge).bank(Fixtures.shippedCases)
        #expect(Self.bank.items.count == plain.items.count + turns, "regimen items are unchanged")
    }

    @Test("hb-411: the key is the label's action, the label is quoted, continuing is not the key")
    func handFootItem() throws {
        let item = try #require(Self.managementItems.first { $0.caseID == "hb-411" })
        #expect(item.prompt.hasPrefix("Grade 3 hand-foot syndrome on"))
        #expect(item.correctOptions.map(\.decidingRule) == ["her2climb-hfs-3"])
        #expect(item.correctOptions.first?.text.contains("one dose level lower (75%)") == true)
        #expect(item.teaching.first?.contains("75% of the starting dose") == true)
        #expect(item.options.count == 6)
        #expect(item.options.first { $0.text.hasPrefix("Continuing") }?.isCorrect == false)
        #expect(!item.stem.changes.joined().contains("stopped"), "the stem must not say the regimen ended")
    }

    @Test("every format carries the management items")
    func everyFormat() throws {
        let item = try #require(Self.managementItems.first { $0.caseID == "hb-409" })
        #expect(GIFTExporter.document(Self.bank).contains("Stopping T-DXd"))
        let moodle = String(decoding: MoodleExporter.document(Self.bank), as: UTF8.self)
        #expect(moodle.contains("Stopping T-DXd"))
        #expect(HTMLHandout.document(Self.bank).contains("Symptomatic ILD (grade 2 or worse)"))
        let qti = String(decoding: QTI21Exporter.assessmentItem(item), as: UTF8.self)
        #expect(qti.contains("Stopping T-DXd"))
    }

    @Test("hb-410: a management decision before the first regimen choice is item 1, in every format")
    func managementFirst() throws {
        let items = Self.bank.items.filter { $0.caseID == "hb-410" }
        let first = try #require(items.first)
        #expect(first.turnIndex == 0 && first.decisionNumber == 1 && first.decisionCount == items.count)
        #expect(first.prompt.hasPrefix("Grade 3 hepatotoxicity on T-DM1"), "\(first.prompt)")
        #expect(first.correctOptions.map(\.decidingRule) == ["tdm1-transaminases-3"])
        #expect(first.stem.history.last?.contains("T-DM1") == true)
        #expect(
            !first.stem.history.joined().contains("stopped for toxicity"), "T-DM1 is still given: \(first.stem.history)"
        )
        let key = try #require(first.correctOptions.first?.text)
        #expect(key.contains("3.0 mg/kg"), "\(key)")
        #expect(items.dropFirst().first?.prompt.contains("to do with the regimen") == false, "the regimen item follows")
        #expect(GIFTExporter.document(Self.bank).contains("Grade 3 hepatotoxicity on T-DM1"))
        #expect(
            String(decoding: MoodleExporter.document(Self.bank), as: UTF8.self)
                .contains("Grade 3 hepatotoxicity on T-DM1"))
        #expect(String(decoding: QTI21Exporter.assessmentItem(first), as: UTF8.self).contains("3.0 mg/kg"))
        #expect(HTMLHandout.document(Self.bank).contains("Grade 3 hepatotoxicity on T-DM1"))
    }

    @Test("hb-410: the items after the opening decision follow the label's answer: T-DM1 went on to progression")
    func managementFirstGoesOn() throws {
        let items = Self.bank.items.filter { $0.caseID == "hb-410" }
        try #require(items.count >= 2)
        for item in items.dropFirst() {
            let lines = item.stem.history.filter { $0.contains("T-DM1") }
            #expect(lines.count == 1, "one T-DM1 line, not a second one for its continuation: \(lines)")
            #expect(lines.first?.contains("stopped for progression") == true, "\(lines)")
        }
        // The regimen item's teaching is the one for T-DM1 having run on, not for it having stopped.
        let regimen = items[1]
        #expect(
            !regimen.teaching.joined(separator: " ").contains("would be allowed after grade 3"), "\(regimen.teaching)")
        #expect(regimen.teaching.joined(separator: " ").contains("has had its turn"), "\(regimen.teaching)")
    }
}
