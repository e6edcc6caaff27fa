/// Guards that hold on no path played: dead text the author believes a fellow will read.
extension PathLinter {
    /// One guard as written, with the turn it belongs to and what it guards.
    struct WrittenGuard {
        var turn: Int
        var what: String
        var guarded: TurnGuard
        var location: SourceLocation
        /// For an on-choice branch: its regimen or tier condition must match the choice too.
        var branch: ChoiceBranch.Condition?
    }

    /// A warning for each guard that holds on none of the paths reaching its turn. `had:` is
    /// judged by what the regimens received on a path can cause (a seed may not produce it), and
    /// `stopped`, `response` and `months` are left to the simulator.
    func unreachableGuards(_ script: CaseScript, played: [CasePaths.Path]) -> [Diagnostic] {
        // The path facts each turn was shown on, and for deciding turns the choice made there.
        var seen: [Int: [(facts: PathFacts, choice: (RegimenID, Tier)?)]] = [:]
        for path in played {
            let session = path.session
            var previous = -1
            for record in session.decisions {
                for index in (previous + 1)...record.turn {
                    let choice = index == record.turn ? (record.assessment.choice, record.assessment.tier) : nil
                    seen[index, default: []].append((record.path, choice))
                }
                previous = record.turn
            }
            for index in session.epilogueTurns { seen[index, default: []].append((session.path, nil)) }
        }
        var result: [Diagnostic] = []
        for guarded in writtenGuards(script) {
            guard let shown = seen[guarded.turn], !shown.isEmpty else { continue }
            let holds = shown.contains { entry in
                if let condition = guarded.branch {
                    guard let (regimen, tier) = entry.choice, condition.matches(regimen: regimen, tier: tier)
                    else { return false }
                }
                return canHold(guarded.guarded, on: entry.facts)
            }
            guard !holds else { continue }
            let turnID = script.turns[guarded.turn].id
            result.append(
                Diagnostic(
                    .warning,
                    "this \(guarded.what) guard holds on none of the \(shown.count) "
                        + "path\(shown.count == 1 ? "" : "s") played that reach turn \(turnID), so no fellow reads what "
                        + "it guards; check its regimens and keys, or remove the alternative", at: guarded.location))
        }
        return result
    }

    /// Whether the guard may hold on `facts`: its choice keys exactly, `had:` by what the
    /// regimens she received can cause.
    private func canHold(_ guarded: TurnGuard, on facts: PathFacts) -> Bool {
        var choiceKeys = guarded
        choiceKeys.conditions = nil
        guard choiceKeys.holds(on: facts) else { return false }
        guard let had = guarded.conditions?.had else { return true }
        let regimens = had.lastLine ? Set(facts.chosen.map { [$0] } ?? []) : facts.received
        var possible = had.lastLine ? Set<Toxicity>() : Set(facts.course.toxicities.keys)
        for regimen in regimens {
            possible.formUnion(
                context.course.toxicities(of: regimen)
                    ?? Set(context.knowledge.regimen(regimen)?.toxicities.rates.keys.map { $0 } ?? []))
        }
        return !had.toxicities.isDisjoint(with: possible)
    }

    private func writtenGuards(_ script: CaseScript) -> [WrittenGuard] {
        var result: [WrittenGuard] = []
        for (index, turn) in script.turns.enumerated() {
            func add<Value>(_ alternatives: [Guarded<Value>], _ what: String) {
                for alternative in alternatives {
                    guard let when = alternative.when else { continue }
                    result.append(
                        WrittenGuard(
                            turn: index, what: what, guarded: when,
                            location: when.location ?? alternative.location))
                }
            }
            add(turn.narratives, "narrative")
            add(turn.teachings, "teaching")
            add(turn.answers, "answer")
            add(turn.findingsAlternatives, "findings")
            add(turn.afterMonthsAlternatives, "after-months")
            for event in turn.scriptedEvents {
                guard let when = event.when else { continue }
                result.append(
                    WrittenGuard(
                        turn: index, what: "event", guarded: when,
                        location: when.location ?? event.location ?? turn.location))
            }
            for branch in turn.branches {
                guard let when = branch.pathGuard else { continue }
                result.append(
                    WrittenGuard(
                        turn: index, what: "on-choice", guarded: when,
                        location: when.location ?? branch.location, branch: branch.condition))
            }
        }
        return result
    }
}
