/// Writes the interval paragraph — what the chosen regimen did — from the timeline alone, with
/// the sentences of `Scoring/narration.yaml`, so the text cannot disagree with the timeline.
public struct IntervalWriter: Sendable {
    public let narration: Narration
    public let knowledge: Knowledge

    public init(narration: Narration, knowledge: Knowledge) {
        self.narration = narration
        self.knowledge = knowledge
    }

    /// `before` is the state she started the regimen in: only what changed is said.
    public func paragraph(_ interval: Interval, before: PatientState) -> String {
        // A branch that ended the case: its closing words tell what happened and when.
        guard !narration.isEmpty, !interval.isClosing else { return "" }
        var sentences: [String?] = []
        let months = ClinicalWording.months(interval.months)
        // Months in the paragraph count from the start of the regimen, as "in all" does.
        let offset = interval.earlierMonths > 0 && narration.text("received-in-all") != nil ? interval.earlierMonths : 0
        if interval.noTrialOpen {
            sentences.append(narration.text("no-trial-open", ["months": months]))
        } else if interval.isSupportiveCare {
            sentences.append(narration.text("supportive-care", ["months": months]))
        } else {
            let name = regimenName(interval.regimen)
            if interval.earlierMonths > 0,
                let whole = narration.text(
                    "received-in-all",
                    [
                        "regimen": name, "months": ClinicalWording.months(interval.earlierMonths + interval.months),
                        "after": ClinicalWording.months(interval.months),
                    ])
            {
                // After a management decision: the whole course, how much of it came after, and
                // how it was given from then on (held, reduced, without one drug).
                sentences.append(whole)
                if let management = interval.management {
                    sentences.append(narration.text("management-course", ["management": management]))
                }
            } else {
                sentences.append(narration.text("received", ["regimen": name, "months": months]))
            }
            // Progression as the best response is said once, by the sentence on why it ended.
            if interval.bestResponse == .progression, !interval.events.contains(where: { $0.kind == .progression }) {
                sentences.append(narration.text("response-progression"))
            } else if let best = interval.bestResponse, best != .progression, let response = narration.responses[best] {
                sentences.append(narration.text("response", ["response": response]))
            }
        }
        let stopping = interval.stopped == .toxicity ? interval.stoppingToxicity : nil
        let mattered = interval.events.compactMap { event -> String? in
            guard let toxicity = event.toxicity, let grade = event.grade, grade >= 2,
                !(stopping?.toxicity == toxicity && stopping?.grade == grade)
            else { return nil }
            return narration.text(
                "toxicity-item",
                [
                    "grade": String(grade), "toxicity": toxicity.displayName,
                    "month": month(offset + event.month),
                ])
        }
        if !mattered.isEmpty {
            sentences.append(
                narration.text("toxicities", ["toxicities": ClinicalWording.list(Array(mattered.prefix(3)))]))
        }
        let progression = interval.events.first { $0.kind == .progression }
        if let stopping,
            let event = interval.events.first(where: { $0.toxicity == stopping.toxicity && $0.grade == stopping.grade })
        {
            let id = stopping.grade >= 5 ? "died-toxicity" : "stopped-toxicity"
            sentences.append(
                narration.text(
                    id,
                    [
                        "month": month(offset + event.month), "grade": String(stopping.grade),
                        "toxicity": stopping.toxicity.displayName,
                    ]))
        }
        if let progression {
            let id = interval.isSupportiveCare ? "supportive-progression" : "stopped-progression"
            sentences.append(
                narration.text(id, ["month": month(offset + progression.month), "sites": sites(progression.event)]))
        } else if interval.stopped == .completed || interval.stopped == nil {
            if !interval.isSupportiveCare { sentences.append(narration.text("still-on")) }
        }
        var ecog = before.ecog
        var lvef = before.lvef
        for event in interval.events {
            if case .ecog(let value) = event.event { ecog = value }
            if case .lvef(let value) = event.event { lvef = value }
        }
        if ecog != before.ecog { sentences.append(narration.text("now-ecog", ["ecog": String(ecog)])) }
        if lvef != before.lvef { sentences.append(narration.text("now-lvef", ["lvef": String(lvef)])) }
        return sentences.compactMap { $0 }.joined(separator: " ")
    }

    /// The regimen as a sentence names it: "T-DXd (trastuzumab deruxtecan)", "tucatinib + …".
    func regimenName(_ id: RegimenID) -> String {
        knowledge.regimen(id)?.nameInSentence ?? id.rawValue
    }

    func month(_ value: Double) -> String {
        ClinicalWording.number(max(0, (value * 10).rounded() / 10))
    }

    func sites(_ event: ClinicalEvent) -> String {
        guard case .progression(let newSites, let brain) = event else { return "" }
        let all = newSites + (brain == .active ? ["brain"] : [])
        guard !all.isEmpty else { return "" }
        return narration.text("new-sites", ["sites": ClinicalWording.list(all)]) ?? ""
    }
}
