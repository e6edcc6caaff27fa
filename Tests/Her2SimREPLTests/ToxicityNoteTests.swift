import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

@testable import Her2SimREPL

/// The timeline's notes on toxicity events ("— T-DXd must be stopped for good") are clinical
/// wording: they come from `notes:` in Scoring/dose-modifications.yaml, not from display code.
@Suite("Toxicity notes come from Scoring/")
struct ToxicityNoteTests {
    static let fileName = "Scoring/dose-modifications.yaml"
    static let text: String = {
        let url = REPLTestSupport.repositoryRoot.appendingPathComponent(fileName)
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    static func table(_ text: String) throws -> DoseModificationTable {
        // A wrong note is refused at file:line:col (Fixtures/bad-dose-modifications/note-unknown-source.yaml).
        try DoseModificationLoader.load(
            KnowledgeSources.File(name: fileName, text: text),
            knowledge: REPLTestSupport.knowledge
        ).table
    }

    static func describe(_ event: ClinicalEvent, on regimen: RegimenID?, notes: DoseModificationTable?) -> String {
        EventNarration.describe(event, knowledge: REPLTestSupport.knowledge, notes: notes, during: regimen)
    }

    @Test("the shipped notes: each with an id and sources, shown on the regimen they name")
    func shipped() throws {
        let table = try Self.table(Self.text)
        let note = try #require(table.notes.first { $0.id == "note-tdxd-ild-stop" })
        #expect(note.sources == ["TDXD-LABEL"])
        #expect(table.notes.allSatisfy { !$0.sources.isEmpty })
        #expect(Self.describe(.toxicity(.ild, grade: 2), on: "tdxd", notes: table).hasSuffix(" — " + note.text))
        #expect(
            !Self.describe(.toxicity(.ild, grade: 2), on: "tdm1", notes: table).contains(note.text),
            "a T-DXd note is not shown on T-DM1")
        #expect(
            Self.describe(.toxicity(.ild, grade: 2), on: nil, notes: table).hasSuffix(", grade 2"),
            "no regimen (before a management decision): no note")
    }

    @Test("a changed note in the YAML changes the timeline; without the table there is no clinical note")
    func fromTheData() throws {
        let changed = Self.text.replacingOccurrences(
            of: "text: T-DXd must be stopped for good",
            with: "text: a test note from the YAML")
        #expect(changed != Self.text)
        let table = try Self.table(changed)
        let line = Self.describe(.toxicity(.ild, grade: 3), on: "tdxd", notes: table)
        #expect(line.hasSuffix(" — a test note from the YAML"), "\(line)")
        #expect(!line.contains("stopped for good"))
        let bare = Self.describe(.toxicity(.ild, grade: 3), on: "tdxd", notes: nil)
        #expect(bare.hasSuffix("(severe)"), "\(bare)")
        #expect(
            Self.describe(
                .toxicity(.handFootSyndrome, grade: 3), on: "tucatinib-trastuzumab-capecitabine",
                notes: nil
            ).hasSuffix("(severe)"))
    }
}
