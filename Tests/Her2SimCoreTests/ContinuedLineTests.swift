import Foundation
import Testing

@testable import Her2SimCore

/// A case that opens on a regimen she is already receiving (hb-410: T-DM1 for 3 months, stable
/// disease, then grade 3 transaminases) goes on from there: the disease had not progressed by
/// the turn, and a hold puts the rest of the course after it.
@Suite("Continuing a line begun before the case")
struct ContinuedLineTests {
    static func opening(seed: UInt64) throws -> Session {
        let session = Session(
            script: try ManagementSessionTests.shipped("hb-410"), seed: seed, context: ManagementSessionTests.context)
        try #require(session.pendingManagement?.regimen == "tdm1")
        return session
    }

    @Test("after a reduction, T-DM1 goes on for some time at every seed, never progressing at once")
    func noProgressionAtTheTurn() throws {
        var immediate = 0
        for seed in UInt64(1)...60 {
            var session = try Self.opening(seed: seed)
            let managed = session.manage(ManagementAction(.reduce))
            let record = try #require(managed)
            let progression = record.outcome.events.first { if case .progression = $0.event { true } else { false } }
            let hold = ManagementSessionTests.context.management!.table.effects.holdWeeks.value * 7 / 30.44
            // Before this was drawn given her 3 stable months, about 7 seeds in 10 progressed
            // right after the hold.
            if let progression, progression.month <= hold + 1e-9 { immediate += 1 }
        }
        #expect(immediate == 0)
    }

    @Test("a hold comes first: every event after it, and the line's months include it")
    func holdComesFirst() throws {
        let hold = ManagementSessionTests.context.management!.table.effects.holdWeeks.value * 7 / 30.44
        #expect(hold > 0)
        for seed in UInt64(1)...20 {
            var session = try Self.opening(seed: seed)
            let before = try #require(session.state.history.last?.months)
            let managed = session.manage(ManagementAction(.hold))
            let record = try #require(managed)
            #expect(record.outcome.events.allSatisfy { $0.month >= hold - 1e-9 }, "seed \(seed)")
            let line = try #require(record.outcome.state.history.last)
            #expect(abs(line.months - (before + record.outcome.months)) < 1e-9, "seed \(seed)")
            #expect(
                line.fullDoseMonths.map { abs($0 + hold - line.months) < 1e-9 } == true, "the hold is not dose time")
        }
    }
}
