import Benchmark
import Her2SimCore

/// The engine as a fellow feels it: one ranking, and one whole turn of a case.
func engineBenchmarks() {
    let engine = ReferenceEngine(knowledge: Fixtures.knowledge)
    let states = Fixtures.states

    Benchmark(
        "rank one state (vignettes in turn)",
        configuration: .init(timeUnits: .microseconds, scalingFactor: .kilo)
    ) { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            index = index == states.count - 1 ? 0 : index + 1
            blackHole(engine.rank(states[index]))
        }
    }

    // What would have put a choice first: the engine's search over changes of her state, for
    // a choice that is rarely first (the vignettes in turn). Moved here from a timed test.
    Benchmark(
        "counterfactual for one choice (vignettes in turn)",
        configuration: .init(timeUnits: .microseconds)
    ) { benchmark in
        var index = 0
        for _ in benchmark.scaledIterations {
            index = index == states.count - 1 ? 0 : index + 1
            blackHole(engine.counterfactual(for: "trastuzumab-vinorelbine", in: states[index]))
        }
    }

    // choose → assessed (rank + score) → advanced (simulated months, events, next state), on
    // the first decision of every bundled case in turn, choosing the reference's first option.
    let context = SessionContext(
        knowledge: Fixtures.knowledge,
        course: Simulator(knowledge: Fixtures.knowledge, model: Fixtures.model))
    let openings: [(session: Session, choice: RegimenID)] = Fixtures.cases.map { script in
        let session = Session(script: script, seed: 7, context: context)
        return (session, engine.rank(session.state).first.regimen)
    }
    Benchmark(
        "turn: choose → assessed → advanced (bundled cases in turn)",
        configuration: .init(timeUnits: .microseconds)
    ) { benchmark in
        for iteration in benchmark.scaledIterations {
            var session = openings[iteration % openings.count].session
            blackHole(session.choose(openings[iteration % openings.count].choice))
        }
    }
}
