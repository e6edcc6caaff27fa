import Foundation
@testable import Her2SimCore
@testable import Her2SimLoading
@testable import Her2SimExport
import Testing

/// Issue 14: every management decision of the shipped cases is a quiz item in every format,
/// keyed by the label's action, with the label's instruction in the feedback.
@Suite("Management decisions as quiz items")
struct ManagementItemTests {
    static let table: DoseModificationTable = {
        let loaded = try? DoseModificationLoader.load(directory: Fixtures.scoring, displayPrefix: "Scoring/",
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
}
