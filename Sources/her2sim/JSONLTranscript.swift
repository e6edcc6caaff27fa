import ArgumentParser
import Foundation
import Her2SimCore

/// `play CASE --seed N --script F --format jsonl`: one JSON object per line — a `decision`
/// before each choice, the `choice` with its score, and the `end` — so tools can check that the
/// story follows the choices (issue 13, deliverable 6).
enum PlayFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}

struct JSONLTranscript {
    let context: SessionContext
    /// Patients in the end object's population comparison (`play --patients`; 0 leaves it out).
    var patients = SequenceComparison.defaultPatients

    /// The regimens a script chooses, in order: its `choose X` lines (other commands are for
    /// the REPL and change nothing here). `choose reference` takes the reference's first choice.
    static func choices(in lines: [String]) -> [String] {
        lines.compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count >= 2, words[0].lowercased() == "choose" else { return nil }
            return words.dropFirst().joined(separator: " ")
        }
    }

    /// The management actions a script takes, in order: its `manage X` lines.
    static func managementChoices(in lines: [String]) -> [String] {
        lines.compactMap { line in
            let words = line.split(whereSeparator: \.isWhitespace)
            guard words.count == 2, words[0].lowercased() == "manage" else { return nil }
            return words[1].lowercased()
        }
    }

    /// Plays `choices` (and `management` actions at management decisions) and returns the lines;
    /// a refused choice ends with an error message.
    func lines(
        script: CaseScript, seed: UInt64, choices: [String],
        management: [String] = []
    ) -> (lines: [String], error: String?) {
        var session = Session(script: script, seed: seed, context: context)
        var output: [String] = []
        var pending = choices[...]
        var pendingActions = management[...]
        while !session.isOver {
            if let decision = session.pendingManagement, let engine = context.management {
                output.append(managementDecision(session, decision, engine: engine).serialized)
                // Without a `manage` line left, the label's own action (as tools that play paths take it).
                var id = pendingActions.popFirst() ?? "reference"
                if id == "reference" { id = engine.rank(decision)?.first.action.id ?? id }
                guard let action = ManagementAction(id: id), let record = session.manage(action) else {
                    return (
                        output,
                        "error: '\(id)' is not an action on \(decision.regimen) here; actions are: "
                            + engine.actions(for: decision.regimen).map(\.id).joined(separator: ", ")
                    )
                }
                output.append(managementChoice(record, session: session).serialized)
                continue
            }
            output.append(decision(session).serialized)
            guard var choice = pending.popFirst() else { return (output, nil) }
            // `choose reference`: the reference's first choice here (to play its path).
            if choice == "reference" { choice = context.engine.rank(session.state).first.regimen.rawValue }
            guard let record = session.choose(choice) else {
                return (
                    output, "error: '\(choice)' is not a regimen she can be given here ('her2sim recommend' lists them)"
                )
            }
            output.append(self.choice(record, session: session).serialized)
        }
        output.append(end(session).serialized)
        return (output, nil)
    }

    func decision(_ session: Session) -> JSONValue {
        let text = [session.intervalText, session.narrative].filter { !$0.isEmpty }.joined(separator: "\n\n")
        return .object([
            ("type", "decision"), ("turn", .int(session.turnIndex + 1)), ("kind", "regimen"),
            ("line", .int(session.line)),
            ("history", history(session)),
            ("interval", session.currentInterval.map(interval) ?? .null),
            ("narrative", .string(text)),
            ("interval-text", .string(session.intervalText)),
        ])
    }

    /// Her metastatic and earlier lines so far: regimen, months and why each ended.
    private func history(_ session: Session) -> JSONValue {
        .array(
            session.state.history.map { line in
                .object([
                    ("regimen", .string(context.knowledge.regimen(line.regimen)?.id.rawValue ?? line.regimen.rawValue)),
                    ("months", .double(Self.rounded(line.months))), ("stopped", .string(line.stopped.rawValue)),
                ])
            })
    }

    func managementDecision(_ session: Session, _ decision: ManagementDecision, engine: ManagementEngine) -> JSONValue {
        let text = [session.intervalText, session.narrative].filter { !$0.isEmpty }.joined(separator: "\n\n")
        return .object([
            ("type", "decision"), ("turn", .int(session.turnIndex + 1)), ("kind", "management"),
            ("line", .int(session.line)),
            ("history", history(session)),
            ("regimen", .string(decision.regimen.rawValue)), ("toxicity", .string(decision.toxicity.rawValue)),
            ("grade", .int(decision.grade)), ("occurrence", .int(decision.occurrence)),
            ("auto", .bool(session.pendingIsAuto)),
            ("actions", .array(engine.actions(for: decision.regimen).map { .string($0.id) })),
            ("narrative", .string(text)),
        ])
    }

    func managementChoice(_ record: ManagementRecord, session: Session) -> JSONValue {
        let teaching = record.isAuto ? "" : session.script.turns[record.turn].teaching(on: record.path)
        return .object([
            ("type", "choice"), ("turn", .int(record.turn + 1)), ("kind", "management"),
            ("chosen", .string(record.chosen.id)),
            ("regimen", .string(record.recommendation.decision.regimen.rawValue)),
            ("tier", .string(record.option.tier.rawValue)),
            ("points", .int(record.points)), ("best", .int(record.maximumPoints)), ("unsafe", .bool(record.unsafe)),
            ("reference", .array(record.recommendation.bestTier.map { .string($0.action.id) })),
            ("rule", .string(record.recommendation.row.id)),
            ("label", .string(record.recommendation.instruction)),
            ("continuation", record.interval?.management.map(JSONValue.string) ?? .null),
            ("interval", record.interval.map(interval) ?? .null),
            ("teaching", .string(teaching.trimmingCharacters(in: .whitespacesAndNewlines))),
        ])
    }

    func choice(_ record: DecisionRecord, session: Session) -> JSONValue {
        let assessment = record.assessment
        return .object([
            ("type", "choice"), ("turn", .int(record.turn + 1)), ("kind", "regimen"),
            ("chosen", .string(assessment.choice.rawValue)),
            ("tier", .string(assessment.tier.rawValue)), ("points", .int(assessment.points)),
            ("best", .int(assessment.maximumPoints)), ("unsafe", .bool(assessment.unsafe)),
            ("reference", .array(assessment.referenceChoices.map { .string($0.rawValue) })),
            ("teaching", .string(session.teaching(of: record).trimmingCharacters(in: .whitespacesAndNewlines))),
        ])
    }

    func end(_ session: Session) -> JSONValue {
        let reference = session.referenceReplay()
        var pairs: [(String, JSONValue)] = [
            ("type", "end"), ("score", .int(session.score)), ("maximum", .int(session.maximumScore)),
            ("counterfactual", counterfactual(session, reference: reference)),
        ]
        if let last = session.decisions.last, let interval = last.interval {
            pairs.append(("interval", self.interval(interval)))
        }
        let text = [session.intervalText, session.epilogue ?? ""].filter { !$0.isEmpty }.joined(separator: "\n\n")
        pairs.append(("narrative", .string(text)))
        pairs.append(("interval-text", .string(session.intervalText)))
        return .object(pairs)
    }

    /// The comparison the summary screen shows, from the same `SessionCounterfactual`: the
    /// same patient and seed under both sequences, then the simulated population. `null` when
    /// the fellow made no decision.
    func counterfactual(_ session: Session, reference: Session) -> JSONValue {
        guard let comparison = SessionCounterfactual(session: session, reference: reference, patients: patients) else {
            return .null
        }
        var pairs: [(String, JSONValue)] = [
            (
                "same-patient",
                .object([
                    (
                        "you",
                        samePatient(
                            comparison.fellow, score: comparison.fellowScore,
                            maximum: comparison.maximumScore)
                    ),
                    (
                        "reference",
                        samePatient(
                            comparison.reference, score: comparison.referenceScore,
                            maximum: comparison.referenceMaximumScore)
                    ),
                ])
            )
        ]
        if let population = comparison.population {
            pairs.append(
                (
                    "population",
                    .object([
                        ("patients", .int(population.patients)),
                        ("you", spread(population.fellow)), ("reference", spread(population.reference)),
                        (
                            "reference-common-sequence",
                            .array(population.commonReferenceSequence.map { .string($0.rawValue) })
                        ),
                        ("reference-common-count", .int(population.commonReferenceCount)),
                    ])
                ))
        } else {
            pairs.append(("population", .null))
        }
        return .object(pairs)
    }

    /// One sequence on this patient: months on HER2-directed therapy (best supportive care and
    /// chemotherapy alone count 0) and the simulated grade ≥ 3 toxicities, line by line.
    func samePatient(_ outcome: SequenceOutcome, score: Int, maximum: Int) -> JSONValue {
        .object([
            ("regimens", .array(outcome.regimens.map { .string($0.rawValue) })),
            ("months-on-treatment", .double(Self.rounded(outcome.monthsOnTreatment))),
            ("grade3-toxicities", .int(outcome.severeToxicities)),
            (
                "lines",
                .array(
                    outcome.lines.map { line in
                        .object([
                            ("regimen", .string(line.regimen.rawValue)), ("kind", .string(line.kind.rawValue)),
                            ("months", .double(Self.rounded(line.months))),
                            ("counted-months", .double(Self.rounded(line.kind.countsAsTreatment ? line.months : 0))),
                            ("grade3-toxicities", .int(line.severeToxicities)),
                        ])
                    })
            ),
            ("score", .int(score)), ("maximum", .int(maximum)),
        ])
    }

    /// One sequence over the population: median months on treatment with its interquartile
    /// range, and grade ≥ 3 toxicities per patient.
    func spread(_ spread: SequenceComparison.Spread) -> JSONValue {
        .object([
            ("median-months", .double(Self.rounded(spread.months.median))),
            (
                "iqr",
                .array([
                    .double(Self.rounded(spread.months.lowerQuartile)),
                    .double(Self.rounded(spread.months.upperQuartile)),
                ])
            ),
            ("toxicities-per-patient", .double(Self.rounded(spread.meanToxicities))),
            ("toxicities-sd", .double(Self.rounded(spread.toxicitySD))),
            (
                "toxicities-range",
                .array([
                    .int(spread.toxicityRange.lowerBound),
                    .int(spread.toxicityRange.upperBound),
                ])
            ),
            ("mean-trial-months", .double(Self.rounded(spread.meanTrialMonths))),
        ])
    }

    /// `regimen` is what she was given (best supportive care when a trial was chosen with none
    /// open: `chosen` then says what was chosen). A branch that ended the case has no months
    /// and undated events (`closing`: its closing words tell when).
    func interval(_ interval: Interval) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("regimen", .string(interval.regimen.rawValue))]
        if let chosen = interval.chosen, chosen != interval.regimen {
            pairs.append(("chosen", .string(chosen.rawValue)))
        }
        pairs += [
            ("months", interval.isClosing ? .null : .double(Self.rounded(interval.months))),
            ("stopped", interval.stopped.map { .string($0.rawValue) } ?? .null),
            ("best-response", interval.bestResponse.map { .string($0.rawValue) } ?? .null),
            ("events", .array(interval.events.map { event($0, dated: !interval.isClosing) })),
        ]
        if interval.isClosing { pairs.append(("closing", .bool(true))) }
        return .object(pairs)
    }

    func event(_ event: Interval.Event, dated: Bool = true) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("month", dated ? .double(Self.rounded(event.month)) : .null),
            ("kind", .string(event.kind.rawValue)),
        ]
        switch event.event {
        case .toxicity(let toxicity, let grade):
            pairs += [("toxicity", .string(toxicity.rawValue)), ("grade", .int(grade))]
        case .response(let response): pairs.append(("response", .string(response.rawValue)))
        case .progression(let sites, let brain):
            pairs.append(("new-sites", .array((sites + (brain == .active ? ["brain"] : [])).map(JSONValue.string))))
        case .lvef(let value), .ecog(let value): pairs.append(("value", .int(value)))
        default: break
        }
        return .object(pairs)
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
