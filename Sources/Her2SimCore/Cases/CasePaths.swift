/// The paths `lint --paths` plays a case on: the reference path (the reference's first choice at
/// every decision), every path that leaves it at one decision (each other regimen there, then the
/// reference's first choice on the state that follows), and a few seeded random paths.
public struct CasePaths: Sendable {
    /// One playthrough: the choices made and the session they left.
    public struct Path: Sendable {
        public var choices: [RegimenID]
        public var session: Session
        /// Which decision left the reference path; nil on the reference path and random paths.
        public var deviation: Int?
    }

    /// The seed every path is played with: paths differ only by their choices.
    public static let seed: UInt64 = 1
    /// Random paths, each choosing uniformly among all regimens with its own seeded generator.
    public static let randomPaths = 3

    public let paths: [Path]

    public init(script: CaseScript, context: SessionContext) {
        let engine = context.engine
        func finish(_ session: inout Session, _ choices: inout [RegimenID]) {
            while !session.isOver {
                let choice = engine.rank(session.state).first.regimen
                guard session.choose(choice) != nil else { break }
                choices.append(choice)
            }
        }
        var prefixes: [(session: Session, choices: [RegimenID], reference: RegimenID)] = []
        var reference = Session(script: script, seed: Self.seed, context: context)
        var referenceChoices: [RegimenID] = []
        while !reference.isOver {
            let choice = engine.rank(reference.state).first.regimen
            prefixes.append((reference, referenceChoices, choice))
            guard reference.choose(choice) != nil else { break }
            referenceChoices.append(choice)
        }
        var paths = [Path(choices: referenceChoices, session: reference, deviation: nil)]
        for (index, prefix) in prefixes.enumerated() {
            for regimen in context.knowledge.regimenIDs where regimen != prefix.reference {
                var session = prefix.session
                var choices = prefix.choices
                guard session.choose(regimen) != nil else { continue }
                choices.append(regimen)
                finish(&session, &choices)
                paths.append(Path(choices: choices, session: session, deviation: index))
            }
        }
        let regimens = context.knowledge.regimenIDs
        for run in 0..<Self.randomPaths {
            var chooser = SeededGenerator(seed: 0xC0DE_CA5E &+ UInt64(run))
            var session = Session(script: script, seed: Self.seed, context: context)
            var choices: [RegimenID] = []
            while !session.isOver {
                let choice = regimens[Int.random(in: 0..<regimens.count, using: &chooser)]
                guard session.choose(choice) != nil else { break }
                choices.append(choice)
            }
            paths.append(Path(choices: choices, session: session, deviation: nil))
        }
        self.paths = paths
    }
}
