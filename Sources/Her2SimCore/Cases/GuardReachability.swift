extension TurnGuard {
    /// Why this guard can hold on no path at all, or `nil` when some path makes it hold. A turn
    /// after `decisions` decisions has seen at most that many regimens added to `history` (what
    /// she had before the case), the last of them the one `chosen`; any of `regimens` may be
    /// chosen at any decision.
    public func neverHolds(afterDecisions decisions: Int, history: Set<RegimenID>, regimens: [RegimenID]) -> String? {
        let excluded = notReceived ?? []
        func listed(_ ids: Set<RegimenID>) -> String { ids.sorted().map(\.rawValue).joined(separator: ", ") }
        if decisions == 0 {
            if chosen != nil || tiers != nil {
                let key = chosen != nil ? "chosen" : "tier"
                return "'\(key)' asks about the previous decision, but this comes before the first decision"
            }
            if let received, received.isDisjoint(with: history) {
                return "before the first decision she has received only what the history lists, "
                    + "none of \(listed(received))"
            }
            if let receivedAll, !receivedAll.isSubset(of: history) {
                return "before the first decision she has received only what the history lists, "
                    + "not \(listed(receivedAll.subtracting(history)))"
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

extension TurnGuard {
    /// Whether `earlier` holds on every path this guard holds on (for a patient with `history`
    /// before the case), so that an alternative after `earlier` with this guard is never picked.
    /// Conservative: `false` unless it is sure.
    public func shadowed(by earlier: TurnGuard, history: Set<RegimenID>) -> Bool {
        // What the simulator did (`had`, `stopped`, …) is not compared: an earlier guard that
        // asks about it may fail where this one holds, so it shadows nothing.
        if earlier.conditions != nil && earlier.conditions != conditions { return false }
        let chosenOne = chosen?.count == 1 ? chosen! : []
        let surelyReceived = history.union(receivedAll ?? []).union(chosenOne)
        if let wanted = earlier.chosen, !(chosen.map { $0.isSubset(of: wanted) } ?? false) { return false }
        if let wanted = earlier.tiers, !(tiers.map { $0.isSubset(of: wanted) } ?? false) { return false }
        if let excluded = earlier.notReceived, !(notReceived.map { excluded.isSubset(of: $0) } ?? false) {
            return false
        }
        if let all = earlier.receivedAll, !all.isSubset(of: surelyReceived) { return false }
        if let any = earlier.received {
            let holds =
                !any.isDisjoint(with: surelyReceived) || (received.map { $0.isSubset(of: any) } ?? false)
                || (chosen.map { $0.isSubset(of: any) } ?? false)
            if !holds { return false }
        }
        return true
    }
}

extension CaseLinter {
    /// Guarded alternatives and events whose guard holds on no path: text, an answer or an
    /// event the author wrote that no fellow will ever meet.
    func impossibleGuards(_ script: CaseScript) -> [Diagnostic] {
        let knowledge = engine.knowledge
        let history = Set(script.initialState.history.map { knowledge.regimen($0.regimen)?.id ?? $0.regimen })
        let regimens = knowledge.regimenIDs
        var warnings: [Diagnostic] = []
        var decisions = 0
        for turn in script.turns {
            func check(_ guardValue: TurnGuard?, at location: SourceLocation, what: String) {
                guard let guardValue,
                    let reason = guardValue.neverHolds(
                        afterDecisions: decisions, history: history,
                        regimens: regimens)
                else { return }
                let message =
                    "this guard can never hold on any path (\(reason)), so \(what); fix the guard or remove it"
                warnings.append(
                    Diagnostic(
                        .warning, message,
                        at: guardValue.location ?? location))
            }
            /// An alternative after one that holds wherever it does is never picked either.
            func alternatives<Value>(_ list: [Guarded<Value>], what: String) {
                for (index, alternative) in list.enumerated() {
                    let before = warnings.count
                    check(alternative.when, at: alternative.location, what: what)
                    guard warnings.count == before, let guardValue = alternative.when,
                        let earlier = list.prefix(index).first(where: {
                            $0.when.map { guardValue.shadowed(by: $0, history: history) } ?? false
                        })
                    else { continue }
                    let message =
                        "the alternative on line \(earlier.location.line) holds wherever this guard does "
                        + "and comes first, so \(what); put the narrower alternative first"
                    warnings.append(
                        Diagnostic(
                            .warning, message,
                            at: guardValue.location ?? alternative.location))
                }
            }
            alternatives(turn.narratives, what: "this narrative is never shown")
            alternatives(turn.teachings, what: "this teaching is never shown")
            alternatives(turn.answers, what: "this answer never applies")
            alternatives(turn.afterMonthsAlternatives, what: "this after-months never applies")
            for event in turn.scriptedEvents {
                check(event.when, at: event.location ?? turn.location, what: "this event never happens")
            }
            if turn.decides { decisions += 1 }
        }
        return warnings
    }
}
