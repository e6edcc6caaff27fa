import Foundation
import Her2SimCore
import Testing

/// `playtest` reports the months each chosen regimen actually ran, as the session simulated them.
@Suite("playtest: months per chosen regimen")
struct PlaytestMonthsTests {
    @Test("random choices: each regimen's months come from its own history line, and they differ by regimen")
    func monthsByRegimen() throws {
        let script = SessionTests.readmeCase
        let report = Playtest(context: SessionTests.context).run(script, runs: 120, strategy: .random, seed: 3)
        let first = try #require(report.turns.first)
        #expect(first.monthsByRegimen.keys.sorted() == first.choices.keys.sorted())
        for (regimen, count) in first.choices {
            #expect(first.monthsByRegimen[regimen]?.count == count, "\(regimen)")
        }
        let medians = Set(first.monthsByRegimen.values.map(\.median))
        #expect(medians.count > 3, "the same months whatever was chosen: \(first.monthsByRegimen)")
        // One reference run by hand: the report counts the months of the history line it added.
        var session = Session(script: script, seed: 3, context: SessionTests.context)
        let choice = SessionTests.context.engine.rank(session.state).first.regimen
        let chosen = session.choose(choice)
        let record = try #require(chosen)
        let months = try #require(record.outcome.state.history.last?.months)
        let one = Playtest(context: SessionTests.context).run(script, runs: 1, strategy: .reference, seed: 3)
        #expect(one.turns.first?.monthsByRegimen[choice]?.median == months)
    }
}
