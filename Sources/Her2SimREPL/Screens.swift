import Foundation
import Her2SimCore
import Her2SimText

/// Renders what the fellow sees, 80 columns wide, coloured only when the style allows.
public struct Screens: Sendable {
    public let knowledge: Knowledge
    public let style: TerminalStyle
    public static let width = 80

    public init(knowledge: Knowledge, style: TerminalStyle) {
        self.knowledge = knowledge
        self.style = style
    }

    func name(_ regimen: RegimenID) -> String { knowledge.regimen(regimen)?.name ?? regimen.rawValue }

    /// Reflows author text to the screen: single line breaks join (authors wrap their YAML at
    /// any width), blank lines separate paragraphs, and list items ("- ", "• ") keep their line.
    func paragraph(_ text: String, indent: String = "") -> String {
        var paragraphs: [String] = []
        var current = ""
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                if !current.isEmpty { paragraphs.append(current) }
                if paragraphs.last != "" { paragraphs.append("") }
                current = ""
            } else if line.hasPrefix("- ") || line.hasPrefix("• ") || line.hasPrefix("* ") {
                if !current.isEmpty { paragraphs.append(current) }
                current = line
            } else {
                current = current.isEmpty ? line : current + " " + line
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        while paragraphs.last == "" { paragraphs.removeLast() }
        return paragraphs.map { $0.isEmpty ? "" : indent + $0.wrapped(to: Self.width - indent.count, indent: indent) }
            .joined(separator: "\n")
    }

    /// A bar across the screen: `━━ title ━━━ right ━━`. A title too long for one bar goes on
    /// its own line below a bar that keeps only what precedes its first " · " (the case id).
    func rule(_ title: String, right: String = "") -> String {
        let tail = right.isEmpty ? "" : " \(right) ━━"
        if 3 + title.count + 1 + 3 + tail.count > Self.width, let cut = title.range(of: " · ") {
            let short = String(title[..<cut.lowerBound])
            let rest = String(title[cut.upperBound...])
            return rule(short, right: right) + "\n" + style.bold(rest.wrapped(to: Self.width, indent: ""))
        }
        let left = "━━ \(title) "
        let fill = max(3, Self.width - left.count - tail.count)
        return style.bold(left + String(repeating: "━", count: fill) + tail)
    }

    /// One word of a styled line: what it shows (`plain`, for measuring) and how (`styled`).
    struct Word {
        var plain: String
        var styled: String
    }

    /// The words of `text`, each styled by `apply`.
    static func words(_ text: String, _ apply: (String) -> String = { $0 }) -> [Word] {
        text.split(separator: " ").map { Word(plain: String($0), styled: apply(String($0))) }
    }

    /// Plain text fitted to the screen line by line: each line wraps on words, its
    /// continuation lines indented like it.
    public static func fit(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            let indent = String(line.prefix { $0 == " " })
            return indent
                + String(line.dropFirst(indent.count)).wrapped(to: width - indent.count, indent: indent + "  ")
        }.joined(separator: "\n")
    }

    /// Lays styled words out in lines of at most `width` columns, breaking only between words;
    /// continuation lines start with `indent`.
    static func flow(_ words: [Word], width: Int = Screens.width, indent: String = "") -> String {
        var lines: [String] = []
        var line = ""
        var used = 0
        for word in words {
            if used > 0, used + 1 + word.plain.count > width {
                lines.append(line)
                line = indent + word.styled
                used = indent.count + word.plain.count
            } else {
                line += (used == 0 ? "" : " ") + word.styled
                used += (used == 0 ? 0 : 1) + word.plain.count
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }

    func heading(_ text: String) -> String { style.bold(text) }

    // MARK: - A turn

    /// The case at the current turn: what happened since the last decision, the narrative, findings.
    public func turn(_ session: Session) -> String {
        guard let turn = session.currentTurn else { return "" }
        // Management decisions count as decisions: no two screens share a number. A management
        // decision is about the line she is on, not the next one.
        let line = session.pendingManagement == nil ? session.line : max(1, session.line - 1)
        var out =
            rule(
                "\(session.script.id) · \(session.script.title)",
                right: "decision \(session.decisionNumber) of \(session.decisionTotal) · line \(line)")
            + "\n"
        if let last = session.decisions.last, session.latestManagement == nil {
            out += "\n" + outcome(last, session: session)
        }
        if !session.intervalText.isEmpty {
            out += "\n" + paragraph(session.intervalText) + "\n"
        }
        out += "\n" + paragraph(session.narrative.trimmingCharacters(in: .whitespacesAndNewlines)) + "\n"
        if !session.findings.isEmpty {
            out += "\n" + findings(session.findings)
        }
        if session.pendingManagement == nil {
            out += "\n" + style.dim("Decide with 'choose REGIMEN' · 'options' lists them · her 'chart' · 'help'") + "\n"
        }
        return out
    }

    func findings(_ findings: Findings) -> String {
        var out = heading("Findings") + "\n"
        if !findings.labs.isEmpty {
            let labs = findings.labs.map { "\($0.lab.displayName) \(Self.number($0.value)) \($0.lab.unit)" }
            out +=
                "  Labs      " + labs.joined(separator: " · ").wrapped(to: Self.width - 12, indent: "            ")
                + "\n"
        }
        for (index, report) in findings.imaging.enumerated() {
            out +=
                (index == 0 ? "  Imaging   " : "            ")
                + report.wrapped(to: Self.width - 12, indent: "            ") + "\n"
        }
        if !findings.symptoms.isEmpty {
            out +=
                "  Symptoms  "
                + findings.symptoms.joined(separator: "; ").wrapped(to: Self.width - 12, indent: "            ") + "\n"
        }
        return out
    }

    /// What a regimen did: duration and events, as a restaging note.
    /// After a branch that ended the case only what it scripted, undated (its closing words
    /// tell when), or nothing; a trial chosen with none open shows what she had instead.
    func outcome(_ record: DecisionRecord, session: Session) -> String {
        let regimen = record.interval?.regimen ?? record.assessment.choice
        let closing = record.branch?.ends == true
        let events = Self.changes(record.outcome.events, from: record.state)
        if closing, events.isEmpty { return "" }
        let duration = closing ? "On" : "\(EventNarration.months(record.outcome.months).capitalizedFirst) on"
        var out = heading("\(duration) \(name(regimen))") + "\n"
        if events.isEmpty {
            out += "  No new problems.\n"
        }
        for timed in events {
            let month = (closing ? "" : "month \(Self.number((timed.month * 10).rounded() / 10))").padded(to: 10)
            // Before a management decision the notes would give its answer away.
            let text = EventNarration.describe(
                timed.event, knowledge: knowledge, notes: session.context.management?.table,
                during: session.pendingManagement == nil ? regimen : nil)
            out +=
                "  \(style.dim(month)) " + text.wrapped(to: Self.width - 13, indent: String(repeating: " ", count: 13))
                + "\n"
        }
        return out
    }

    /// The events that change something: a case may script "ECOG stays 1" (an `ecog: 1` event
    /// that overrides a simulated decline), which is not news in her timeline.
    static func changes(_ events: [TimedEvent], from state: PatientState) -> [TimedEvent] {
        var ecog = state.ecog
        var lvef = state.lvef
        return events.filter { timed in
            switch timed.event {
            case .ecog(let value):
                defer { ecog = value }
                return value != ecog
            case .lvef(let value):
                defer { lvef = value }
                return value != lvef
            default:
                return true
            }
        }
    }

    // MARK: - A decision

    public func decision(_ record: DecisionRecord, session: Session) -> String {
        let assessment = record.assessment
        let option = record.recommendation.option(for: assessment.choice)!
        let headline =
            Self.words("You chose \(name(assessment.choice))", heading) + Self.words("—")
            + [Word(plain: assessment.tier.rawValue + ",", styled: style.tier(assessment.tier) + ",")]
            + Self.words(
                "\(assessment.points)/\(assessment.maximumPoints) points"
                    + " (rank \(option.rank) of \(record.recommendation.options.count))")
        var out = "\n" + Self.flow(headline) + "\n"
        if assessment.unsafe {
            out +=
                style.tier(.contraindicated, "⚠ UNSAFE: \(name(assessment.choice)) is contraindicated for her.") + "\n"
        }
        let best = record.recommendation.bestTier
        if assessment.matchesReference {
            out += "This is the reference's first choice.\n"
        } else {
            let others = best.map { name($0.regimen) }
            var line =
                Self.words("Reference first choice:")
                + Self.words(name(record.recommendation.first.regimen), style.bold)
            if best.count > 1 {
                line += Self.words("(equally \(best[0].tier.rawValue): \(others.dropFirst().joined(separator: ", ")))")
            }
            out += Self.flow(line) + "\n"
        }
        out +=
            "\n" + heading("Why \(assessment.choice) is \(assessment.tier.rawValue)") + "\n"
            + reasons(option.placingReasons)
        if !assessment.matchesReference {
            out +=
                "\n" + heading("Why the reference puts \(record.recommendation.first.regimen) first") + "\n"
                + reasons(record.recommendation.first.placingReasons)
        }
        out += counterfactual(assessment)
        let teaching = session.teaching(of: record)
        if !teaching.isEmpty {
            out +=
                "\n" + heading("Teaching") + "\n"
                + paragraph(teaching.trimmingCharacters(in: .whitespacesAndNewlines), indent: "  ") + "\n"
        }
        if let narrative = record.branch?.narrative, record.branch?.ends == true {
            out +=
                "\n"
                + paragraph(narrative.render(session.narrativeContext).trimmingCharacters(in: .whitespacesAndNewlines))
                + "\n"
        }
        return out
    }

    /// What would have had to differ for the choice to rank first (computed by the engine).
    func counterfactual(_ assessment: Assessment) -> String {
        guard let counterfactual = assessment.counterfactual else { return "" }
        return "\n" + heading("What would have put \(assessment.choice) first") + "\n"
            + "  " + counterfactual.text.wrapped(to: Self.width - 2, indent: "  ") + "\n"
    }

    func reasons(_ reasons: [Reason]) -> String {
        reasons.map { reason in
            return "  · " + reason.citation.plainText(citing: knowledge).wrapped(to: Self.width - 4, indent: "    ")
        }.joined(separator: "\n") + "\n"
    }

    // MARK: - Reference material

    public func options() -> String {
        var out = heading("Regimens (in no particular order of merit)") + "\n"
        let width = knowledge.regimenIDs.map(\.rawValue.count).max() ?? 0
        let indent = String(repeating: " ", count: width + 4)
        for regimen in knowledge.regimens {
            let name = Self.flow(Self.words(regimen.name, style.dim), width: Self.width - width - 4, indent: "")
            out +=
                "  \(regimen.id.rawValue.padded(to: width))  "
                + name.replacingOccurrences(of: "\n", with: "\n" + indent) + "\n"
        }
        return out
    }

    public func info(_ id: String) -> String {
        guard let regimen = knowledge.regimen(named: id) else { return "" }
        var out = Self.flow(Self.words(regimen.name, heading) + Self.words("(\(regimen.id))", style.dim)) + "\n"
        if !regimen.aliases.isEmpty {
            out +=
                "  Also       "
                + regimen.aliases.joined(separator: ", ").wrapped(to: Self.width - 13, indent: "             ") + "\n"
        }
        if !regimen.agents.isEmpty {
            out +=
                "  Agents     "
                + regimen.agents.map { "\($0.name) (\($0.classes.joined(separator: ", ")))" }
                .joined(separator: "; ").wrapped(to: Self.width - 13, indent: "             ") + "\n"
        }
        out +=
            "  Route      "
            + "\(regimen.route.rawValue), \(regimen.schedule)".wrapped(to: Self.width - 13, indent: "             ")
            + "\n"
        out += "  Dose       " + regimen.dose.wrapped(to: Self.width - 13, indent: "             ") + "\n"
        for trialID in regimen.evidence.trials {
            guard let trial = knowledge.trial(TrialID(trialID)) else { continue }
            let arms = trial.arms.filter { $0.regimen == regimen.id.rawValue }
            let figures = arms.flatMap { arm in
                [
                    ("median PFS", arm.figure("median-pfs")), ("median TTP", arm.figure("median-ttp")),
                    ("12-mo PFS", arm.figure("pfs-12-month")), ("median OS", arm.figure("median-os")),
                    ("ORR", arm.figure("orr")),
                ]
                .compactMap { label, value in
                    value.map { "\(label) \(Self.number($0))\(label == "ORR" || label == "12-mo PFS" ? "%" : " mo")" }
                }
            }
            let text =
                "\(trial.id) (\(trial.citation)): \(trial.population)"
                + (figures.isEmpty ? "" : " — " + figures.joined(separator: ", "))
            out += "  Evidence   " + text.wrapped(to: Self.width - 13, indent: "             ") + "\n"
        }
        let rates = regimen.toxicities.rates.sorted { ($0.value.anyGrade ?? 0) > ($1.value.anyGrade ?? 0) }
        if !rates.isEmpty {
            let source = regimen.toxicities.trial.map { " (\($0))" } ?? ""
            out += "  Toxicity\(source)\n"
            for (toxicity, rate) in rates {
                let any = rate.anyGrade.map { "\(Self.number($0))% any grade" } ?? "—"
                let severe = rate.grade3OrHigher.map { ", \(Self.number($0))% grade ≥3" } ?? ""
                out += "    \(toxicity.displayName.padded(to: 24)) \(any)\(severe)\n"
            }
        }
        return out
    }

    /// The chart: history, toxicities, latest labs, sites and preferences.
    public func chart(_ session: Session) -> String {
        let state = session.state
        var out = heading("Chart — \(session.script.id), age \(state.age), line \(session.line) next") + "\n"
        var facts = "ECOG \(state.ecog) · LVEF \(state.lvef)%\(state.heartFailure ? " · heart failure" : "")"
        facts += " · HR-\(state.hormoneReceptor.rawValue)"
        facts += state.hepaticImpairment == .none ? "" : " · hepatic impairment \(state.hepaticImpairment.rawValue)"
        switch state.dpdDeficiency {
        case .none: break
        case .partial: facts += " · DPD partially deficient"
        case .complete: facts += " · DPD deficient"
        }
        facts += state.visceralCrisis ? " · visceral crisis" : ""
        out += "  " + facts.wrapped(to: Self.width - 2, indent: "  ") + "\n"
        let sites = state.sites.filter { $0 != "brain" }
        let siteText =
            (sites.isEmpty ? "none recorded" : sites.joined(separator: ", "))
            + (state.brainMetastases == .none ? "" : "; brain (\(state.brainMetastases.rawValue))")
        out += "  Sites      " + siteText.wrapped(to: Self.width - 13, indent: "             ") + "\n"
        let toxicities = state.toxicities.present
        let toxicityText =
            toxicities.isEmpty
            ? "none"
            : toxicities.map { "\($0.toxicity.displayName) grade \($0.grade)" }.joined(separator: ", ")
        out += "  Toxicity   " + toxicityText.wrapped(to: Self.width - 13, indent: "             ") + "\n"
        let preferenceText =
            state.preferences.isEmpty
            ? "no stated preference"
            : state.preferences.map { EventNarration.preferenceText($0) }.joined(separator: "; ")
        out += "  Prefers    " + preferenceText.wrapped(to: Self.width - 13, indent: "             ") + "\n"
        out +=
            "  Trial      " + (state.trialAvailable ? "a suitable clinical trial is open" : "no suitable trial open")
            + "\n"
        if let findings = Optional(session.findings), !findings.labs.isEmpty {
            out +=
                "  Labs       "
                + findings.labs.map { "\($0.lab.displayName) \(Self.number($0.value)) \($0.lab.unit)" }
                .joined(separator: " · ").wrapped(to: Self.width - 13, indent: "             ") + "\n"
        }
        out += "\n" + heading("History") + "\n"
        if state.history.isEmpty { out += "  none\n" }
        var line = 0
        // Ids up to 24 columns are aligned; a longer one puts its row's detail on the next line.
        let regimenWidth = max(8, state.history.map(\.regimen.rawValue.count).filter { $0 <= 24 }.max() ?? 0) + 1
        for entry in state.history {
            let label: String
            if entry.setting == .early {
                label = "early"
            } else {
                line += 1
                label = "L\(line)"
            }
            var detail =
                "\(EventNarration.months(entry.months)), \(entry.response?.rawValue ?? "response unknown"), stopped: \(entry.stopped.rawValue)"
            if let toxicity = entry.toxicity { detail += " (\(toxicity.toxicity.displayName) grade \(toxicity.grade))" }
            if let relapse = entry.relapseMonths { detail += "; relapse \(EventNarration.months(relapse)) after" }
            let prefix = "  \(label.padded(to: 6))\(entry.regimen.rawValue.padded(to: regimenWidth)) "
            if entry.regimen.rawValue.count < regimenWidth, prefix.count + detail.count <= Self.width {
                out += prefix + style.dim(detail) + "\n"
            } else {
                // A long id, or a long detail: the detail goes on its own line(s) below.
                let indent = String(repeating: " ", count: 8)
                out +=
                    "  \(label.padded(to: 6))\(entry.regimen)\n" + indent
                    + detail.wrapped(to: Self.width - indent.count, indent: "").split(separator: "\n")
                    .map { style.dim(String($0)) }.joined(separator: "\n" + indent) + "\n"
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        ClinicalWording.number(value)
    }
}
