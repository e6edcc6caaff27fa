import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Every line the simulator runs in a case ends for a reason it produced — progression or a
/// toxicity — never `completed`, which only a case's own history (an adjuvant course) may say.
/// hb-402 once recorded T-DM1 as "completed" while its text said nodular regenerative
/// hyperplasia had ended it.
@Suite("Simulated stop reasons")
struct SimulatedStopReasonTests {
    static let context = SessionTests.context

    static let cases: [(id: String, script: CaseScript)] = {
        let directory = TestSupport.repositoryRoot.appendingPathComponent("Cases")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().compactMap { name in
            let url = directory.appendingPathComponent(name)
            let loaded = CaseLoader.load(TestSupport.text(url), file: name, knowledge: TestSupport.knowledge)
            guard let script = loaded.script else { return nil }
            return (String(name.dropLast(5)), script)
        }
    }()

    /// Plays `choices` (nil: the reference's first choice) and returns the lines the simulator added.
    static func simulatedLines(_ script: CaseScript, seed: UInt64, choices: [RegimenID?]) -> [TherapyLine] {
        var session = Session(script: script, seed: seed, context: context)
        let initial = session.state.history.count
        var pending = choices[...]
        while !session.isOver {
            let choice = pending.popFirst().flatMap { $0 } ?? context.engine.rank(session.state).first.regimen
            guard session.choose(choice) != nil else { break }
        }
        return Array(session.state.history.dropFirst(initial))
    }

    @Test("on every case's reference path the simulated lines stop for progression or toxicity")
    func referencePaths() {
        #expect(Self.cases.count == 15)
        for (id, script) in Self.cases {
            for seed in UInt64(1)...4 {
                let lines = Self.simulatedLines(script, seed: seed, choices: [])
                #expect(!lines.isEmpty, "\(id) seed \(seed)")
                for line in lines where line.regimen != "best-supportive-care" {
                    #expect(
                        [.progression, .toxicity].contains(line.stopped),
                        "\(id) seed \(seed): \(line.regimen) \(line.stopped)")
                }
            }
        }
    }

    @Test("hb-402: T-DM1 stops as simulated, and the case says nothing else stopped it")
    func hb402() throws {
        let script = try #require(Self.cases.first { $0.id == "hb-402" }?.script)
        for seed in UInt64(1)...12 {
            var session = Session(script: script, seed: seed, context: Self.context)
            let chosen = session.choose("tdm1")
            let record = try #require(chosen)
            let line = try #require(session.state.history.last)
            #expect(line.regimen == "tdm1")
            #expect([.progression, .toxicity].contains(line.stopped), "seed \(seed): \(line.stopped)")
            #expect(record.interval?.stopped == line.stopped)
            // Nodular regenerative hyperplasia is not modelled: the text may suspect it, never
            // say it ended T-DM1.
            let text = (session.narrative + " " + session.teaching(of: record)).lowercased()
            #expect(!text.contains("hyperplasia ended"), "seed \(seed)")
            #expect(!text.contains("stopped for good"), "seed \(seed)")
            var again = session
            _ = session.choose("lapatinib-trastuzumab")
            if let last = session.decisions.last {
                let teaching = session.teaching(of: last).lowercased() + " " + session.narrative.lowercased()
                #expect(!teaching.contains("hyperplasia ended"), "seed \(seed)")
            }
            // T-DM1 again: the simulator, not the text, says why that line ended.
            _ = again.choose("tdm1")
            #expect(!again.narrative.lowercased().contains("stopped for good"), "seed \(seed)")
        }
    }
}
