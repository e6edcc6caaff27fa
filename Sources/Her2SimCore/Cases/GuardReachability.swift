extension TurnGuard {
    /// Why this guard can hold on no path at all, or `nil` when some path makes it hold. A turn
    /// after `decisions` decisions has seen at most that many regimens added to `history` (what
    /// she had before the case), the last of them the one `chosen`; any of `regimens` may be
    /// chosen at any decision.
    public func neverHolds(afterDecisions decisions: Int, history: Set<String>, regimens: [String]) -> String? {
        let excluded = notReceived ?? []
        func listed(_ ids: Set<String>) -> String { ids.sorted().joined(separator: ", ") }
        if decisions == 0 {
            if chosen != nil || tiers != nil {
                let key = chosen != nil ? "chosen" : "tier"
                return "'\(key)' asks about the previous decision, but this comes before the first decision"
            }
            if let received, received.isDisjoint(with: history) {
                return "before the first decision she has received only what the history lists, none of \(listed(received))"
            }
            if let receivedAll, !receivedAll.isSubset(of: history) {
                return "before the first decision she has received only what the history lists, not \(listed(receivedAll.subtracting(history)))"
            }
            return nil
        }
        if !excluded.isDisjoint(with: history) {
            return "her history already has \(listed(excluded.intersection(history))), which not-received excludes"
        }
        if let receivedAll, !receivedAll.isDisjoint(with: excluded) {
            return "it requires and excludes \(listed(receivedAll.intersection(excluded)))"
        }
        if let received, received.isSubset(of: excluded) {
            return "not-received excludes every regimen of received"
        }
        let candidates = (chosen.map { regimens.filter($0.contains) } ?? regimens).filter { !excluded.contains($0) }
        if candidates.isEmpty { return "not-received excludes every regimen of chosen" }
        let required = (receivedAll ?? []).subtracting(history)
        let fewest = candidates.map { choice in
            var added = required.union([choice])
            if let received, received.isDisjoint(with: history.union(added)) { added.insert("") }
            return added.count
        }.min()!
        guard fewest > decisions else { return nil }
        let named = required.isEmpty ? "" : " (\(listed(required)) among them)"
        return "it needs \(fewest) regimens she had not received before the case\(named), "
            + "but only \(decisions) decision\(decisions == 1 ? " comes" : "s come") before this turn"
    }
}

extension CaseLinter {
    /// Guarded alternatives and events whose guard holds on no path: text, an answer or an
    /// event the author wrote that no fellow will ever meet.
    func impossibleGuards(_ script: CaseScript) -> [Diagnostic] {
        let knowledge = engine.knowledge
        let history = Set(script.initialState.history.map { knowledge.canonicalRegimenID($0.regimen) ?? $0.regimen })
        let regimens = knowledge.regimenIDs
        var warnings: [Diagnostic] = []
        var decisions = 0
        for turn in script.turns {
            func check(_ guardValue: TurnGuard?, at location: SourceLocation, what: String) {
                guard let guardValue, let reason = guardValue.neverHolds(afterDecisions: decisions, history: history,
                                                                         regimens: regimens) else { return }
                warnings.append(Diagnostic(.warning, "this guard can never hold on any path (\(reason)), so \(what); fix the guard or remove it",
                                           at: guardValue.location ?? location))
            }
            for alternative in turn.narratives { check(alternative.when, at: alternative.location, what: "this narrative is never shown") }
            for alternative in turn.teachings { check(alternative.when, at: alternative.location, what: "this teaching is never shown") }
            for alternative in turn.answers { check(alternative.when, at: alternative.location, what: "this answer never applies") }
            for alternative in turn.afterMonthsAlternatives {
                check(alternative.when, at: alternative.location, what: "this after-months never applies")
            }
            for event in turn.scriptedEvents {
                check(event.when, at: event.location ?? turn.location, what: "this event never happens")
            }
            if turn.decides { decisions += 1 }
        }
        return warnings
    }
}
