import Foundation
import Her2SimCore
import Her2SimRecords
import Her2SimText

/// Renders a records report as text (for educators), CSV (one row per decision, regimen or
/// management) or JSON.
struct ReportRendering {
    let knowledge: Knowledge
    var style: TerminalStyle = .plain

    // MARK: - JSON

    /// `{"sessions": [{"id", "learner", "case", "seed", "started", "score", "decisions": [{"turn",
    /// "choice", "tier", "points", "reference", …}], …}], "cohort": {…}}`.
    func json(_ report: Report) -> JSONValue {
        .object([
            ("sessions", .array(report.sessions.map(json))),
            ("cohort", json(report.cohort)),
            (
                "calibration",
                .object([
                    ("cohort", json(report.calibration)),
                    (
                        "learners",
                        .array(
                            report.calibrationByLearner.map { learner, calibration in
                                .object([("learner", .string(learner))] + Self.fields(json(calibration)))
                            })
                    ),
                ])
            ),
        ])
    }

    private func json(_ session: SessionReport) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .int(Int(session.id.rawValue))),
            ("learner", .string(session.learnerName)),
            ("case", .string(session.caseID)),
            ("seed", Self.seed(session.seed)),
            ("started", .string(session.startedText)),
            ("score", .int(session.score)),
            ("decisions", .array(session.decisions.map(json))),
            ("maximum", .int(session.maximum)),
            ("finished", .bool(session.finished)),
            ("title", session.caseTitle.map(JSONValue.string) ?? .null),
            ("replayed", .bool(session.replayed)),
            ("managements", .array(session.managements.map(json))),
        ]
        if let note = session.note { fields.append(("note", .string(note))) }
        return .object(fields)
    }

    private func json(_ decision: DecisionReport) -> JSONValue {
        .object([
            ("turn", .int(decision.turn + 1)),
            ("choice", .string(decision.choice)),
            ("tier", .string(decision.tier.rawValue)),
            ("points", .int(decision.points)),
            ("reference", .string(decision.reference)),
            ("turn-id", decision.turnID.map(JSONValue.string) ?? .null),
            ("maximum", .int(decision.maximumPoints)),
            ("unsafe", .bool(decision.unsafe)),
            ("reference-tier", decision.referenceTier.map { .string($0.rawValue) } ?? .null),
            ("objectives", .array(decision.objectives.map { .string($0.id) })),
            ("missed-rules", .array(decision.missedRules.map { .string($0.rule) })),
            ("recorded", .bool(decision.recorded)),
            ("confidence", decision.confidence.map(JSONValue.int) ?? .null),
        ])
    }

    private func json(_ cohort: CohortReport) -> JSONValue {
        .object([
            ("sessions", .int(cohort.sessions)),
            ("finished", .int(cohort.finished)),
            ("learners", .int(cohort.learners)),
            ("decisions", .int(cohort.decisions)),
            ("not-replayed", .int(cohort.notReplayed)),
            (
                "cases",
                .array(
                    cohort.cases.map { figure in
                        .object([
                            ("case", .string(figure.caseID)),
                            ("title", figure.title.map(JSONValue.string) ?? .null),
                            ("sessions", .int(figure.sessions)),
                            ("finished", .int(figure.finished)),
                            ("mean-score", Self.number(figure.meanScore)),
                            ("mean-maximum", Self.number(figure.meanMaximum)),
                            ("mean-percent", Self.number(figure.meanPercent)),
                        ])
                    })
            ),
            (
                "objectives",
                .array(
                    cohort.objectives.map { figure in
                        .object([
                            ("case", .string(figure.objective.caseID)),
                            ("objective", .string(figure.objective.id)),
                            ("text", .string(figure.objective.text)),
                            ("decisions", .int(figure.decisions)),
                            ("mean-points", Self.number(figure.meanPoints)),
                            ("maximum-points", .int(figure.maximumPoints)),
                            ("mean-percent", Self.number(figure.meanPercent)),
                            ("full-marks", .int(figure.fullMarks)),
                        ])
                    })
            ),
            (
                "missed-rules",
                .array(
                    cohort.missedRules.map { figure in
                        .object([
                            ("rule", .string(figure.rule.rule)),
                            ("count", .int(figure.count)),
                            ("learners", .int(figure.learners)),
                            ("cases", .array(figure.cases.map(JSONValue.string))),
                            ("text", .string(figure.rule.text)),
                            ("sources", .array(figure.rule.sources.map(JSONValue.string))),
                        ])
                    })
            ),
            (
                "unsafe-choices",
                .array(
                    cohort.unsafeChoices.map { choice in
                        .object([
                            ("session", .int(Int(choice.session.rawValue))),
                            ("learner", .string(choice.learnerName)),
                            ("case", .string(choice.caseID)),
                            ("started", .string(RecordStore.timestamp(choice.started))),
                            ("turn", .int(choice.decision.turn + 1)),
                            ("choice", .string(choice.decision.choice)),
                            ("tier", .string(choice.decision.tier.rawValue)),
                            ("reference", .string(choice.decision.reference)),
                            ("rules", .array(choice.decision.choiceRules.map { .string($0.rule) })),
                        ])
                    })
            ),
            (
                "progress",
                .array(
                    cohort.progress.map { learner in
                        .object([
                            ("learner", .string(learner.learnerName)),
                            (
                                "sessions",
                                .array(
                                    learner.sessions.map { entry in
                                        .object([
                                            ("session", .int(Int(entry.session.rawValue))),
                                            ("case", .string(entry.caseID)),
                                            ("started", .string(RecordStore.timestamp(entry.started))),
                                            ("score", .int(entry.score)),
                                            ("maximum", .int(entry.maximum)),
                                            ("percent", Self.number(entry.percent)),
                                            ("finished", .bool(entry.finished)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
            ("management", json(cohort.management)),
        ])
    }

    /// Always a string of digits: seeds are 64-bit, and JSON readers that hold numbers as
    /// doubles (JavaScript, jq) would change the digits of seeds above 2^53.
    static func seed(_ seed: UInt64) -> JSONValue {
        .string(String(seed))
    }

    /// Two decimals are plenty for means and percentages.
    private static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .double((value * 100).rounded() / 100)
    }

    // MARK: - CSV

    /// The columns of `--format csv`, documented in the README. New columns go at the end, so
    /// a reader of an older export finds every column where it was.
    static let csvHeader = [
        "session", "learner", "case", "seed", "started", "finished", "score", "maximum",
        "turn", "turn_id", "choice", "tier", "points", "max_points", "unsafe", "reference",
        "reference_tier", "missed_rules", "objectives", "kind", "action", "confidence",
    ]

    /// One row per decision, regimen or management, in the order they were made (a session
    /// without decisions has one row with the decision columns empty); RFC 4180 quoting; lists
    /// joined with `;`. A management row leaves `choice` empty and names the action in `action`;
    /// its `reference` is the label's action and `missed_rules` the label row it missed.
    func csv(_ report: Report) -> String {
        var out = Self.csvHeader.joined(separator: ",") + "\r\n"
        for session in report.sessions {
            let head = [
                String(session.id.rawValue), Self.cell(session.learnerName), Self.cell(session.caseID),
                String(session.seed),
                session.startedText, session.finished ? "true" : "false", String(session.score),
                String(session.maximum),
            ]
            if session.decisions.isEmpty, session.managements.isEmpty {
                out += Self.csvRow(head + Array(repeating: "", count: Self.csvHeader.count - head.count))
            }
            // A management decision the timeline raised comes before the regimen choice of its turn.
            var rows: [(turn: Int, order: Int, fields: [String])] = []
            for decision in session.decisions {
                rows.append(
                    (
                        decision.turn, 1,
                        [
                            String(decision.turn + 1), Self.cell(decision.turnID ?? ""), Self.cell(decision.choice),
                            decision.tier.rawValue,
                            String(decision.points), String(decision.maximumPoints), decision.unsafe ? "true" : "false",
                            Self.cell(decision.reference), decision.referenceTier?.rawValue ?? "",
                            Self.cell(decision.missedRules.map(\.rule).joined(separator: ";")),
                            Self.cell(decision.objectives.map(\.id).joined(separator: ";")),
                            "regimen", "", decision.confidence.map(String.init) ?? "",
                        ]
                    ))
            }
            for management in session.managements {
                let missed = management.referenceTier.map { management.tier > $0 } ?? management.missed
                rows.append(
                    (
                        management.turn, 0,
                        [
                            String(management.turn + 1), Self.cell(management.turnID ?? ""), "",
                            management.tier.rawValue,
                            String(management.points), String(management.maximumPoints),
                            management.unsafe ? "true" : "false",
                            Self.cell(management.reference), management.referenceTier?.rawValue ?? "",
                            Self.cell(missed ? management.row ?? "" : ""),
                            Self.cell(management.objectives.map(\.id).joined(separator: ";")),
                            "management", Self.cell(management.action), management.confidence.map(String.init) ?? "",
                        ]
                    ))
            }
            for row in rows.enumerated().sorted(by: {
                ($0.element.turn, $0.element.order, $0.offset)
                    < ($1.element.turn, $1.element.order, $1.offset)
            }) {
                out += Self.csvRow(head + row.element.fields)
            }
        }
        return out
    }

    /// A text cell from the records (names, ids, choices): control characters escaped and a
    /// formula prefix neutralised (`TerminalText.csvCell`); numbers and fixed words go as they are.
    private static func cell(_ text: String) -> String { TerminalText.csvCell(text) }

    private static func csvRow(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }

    // MARK: - Text

    func text(_ report: Report) -> String {
        var out = ""
        let cohort = report.cohort
        if report.sessions.isEmpty {
            return "No sessions recorded\(filterDescription(report.filter)).\n"
        }
        out += style.bold("Sessions\(filterDescription(report.filter))") + "\n"
        // One learner per identity (`LearnerName`), shown with the first spelling met.
        var learnerOrder: [String] = []
        var byLearner: [String: [SessionReport]] = [:]
        var shownName: [String: String] = [:]
        for session in report.sessions {
            let key = LearnerName.identity(session.learnerName)
            if byLearner[key] == nil {
                learnerOrder.append(key)
                shownName[key] = session.learnerName
            }
            byLearner[key, default: []].append(session)
        }
        for key in learnerOrder.sorted(by: { Self.learnerOrder(shownName[$0]!, shownName[$1]!) }) {
            let sessions = byLearner[key]!
            out +=
                "\n" + style.bold(Self.safe(shownName[key]!)) + style.dim(" — \(Self.count(sessions.count, "session"))")
                + "\n"
            for session in sessions { out += sessionText(session) }
        }

        out +=
            "\n" + style.bold("Cohort")
            + style.dim(
                " — \(Self.count(cohort.sessions, "session")) (\(cohort.finished) finished), \(Self.count(cohort.learners, "learner")), \(Self.count(cohort.decisions, "decision"))"
            ) + "\n"
        if cohort.notReplayed > 0 {
            out +=
                style.dim(
                    "  \(Self.count(cohort.notReplayed, "session")) could not be replayed (case missing or changed): no rules for them"
                ) + "\n"
        }

        out += "\n" + style.bold("Mean score per case") + style.dim(" (finished sessions)") + "\n"
        let caseWidth = max(4, cohort.cases.map { Self.safe($0.caseID).count }.max() ?? 0)
        for figure in cohort.cases {
            let mean: String
            if let score = figure.meanScore, let maximum = figure.meanMaximum {
                mean =
                    "\(Self.decimal(score))/\(Self.decimal(maximum))"
                    + (figure.meanPercent.map { " (\(Self.percent($0)))" } ?? "")
            } else {
                mean = "none finished"
            }
            out +=
                "  \(Self.safe(figure.caseID).padded(to: caseWidth))  \(mean.padded(to: 16))  \(style.dim("\(Self.count(figure.sessions, "session")), \(figure.finished) finished"))\n"
        }

        if !cohort.objectives.isEmpty {
            out += "\n" + style.bold("Mean score per objective") + "\n"
            for figure in cohort.objectives {
                let mean =
                    "\(Self.decimal(figure.meanPoints))/\(figure.maximumPoints)"
                    + (figure.meanPercent.map { " (\(Self.percent($0)))" } ?? "")
                out +=
                    "  \(Self.safe(figure.objective.caseID).padded(to: caseWidth))  \(mean.padded(to: 16))  \(style.dim("\(Self.count(figure.decisions, "decision")), \(figure.fullMarks) at full marks"))\n"
                out +=
                    "  " + String(repeating: " ", count: caseWidth + 2)
                    + figure.objective.text.wrapped(to: 70, indent: String(repeating: " ", count: caseWidth + 4)) + "\n"
            }
        }

        out += "\n" + style.bold("Rules most often missed") + "\n"
        if cohort.missedRules.isEmpty {
            out +=
                style.dim(
                    cohort.decisions == 0
                        ? "  no decisions yet" : "  none: every regimen choice matched the reference's tier")
                + "\n"
        }
        for figure in cohort.missedRules.prefix(10) {
            let cases = figure.cases.prefix(6).joined(separator: ", ") + (figure.cases.count > 6 ? ", …" : "")
            let count = String(figure.count)
            out +=
                "  " + String(repeating: " ", count: max(0, 4 - count.count))
                + "\(count)× \(style.bold(figure.rule.rule))"
                + style.dim(" — \(Self.count(figure.learners, "learner")); \(cases)") + "\n"
            out += "        " + figure.rule.text.wrapped(to: 70, indent: "        ") + "\n"
        }
        if cohort.missedRules.count > 10 {
            out += style.dim("  … and \(cohort.missedRules.count - 10) more (--format json lists them all)") + "\n"
        }

        out += managementText(cohort.management)

        out += "\n" + style.bold("Unsafe choices") + "\n"
        if cohort.unsafeChoices.isEmpty { out += style.dim("  none") + "\n" }
        for choice in cohort.unsafeChoices {
            let rules = choice.decision.choiceRules.map(\.rule).joined(separator: ", ")
            out +=
                "  \(Self.safe(choice.learnerName)) \(choice.session) \(Self.safe(choice.caseID)) t\(choice.decision.turn + 1): "
                + "\(style.bold(Self.safe(choice.decision.choice))) \(style.tier(choice.decision.tier))"
                + (rules.isEmpty ? "" : style.dim(" (\(rules))")) + "\n"
        }

        out += "\n" + style.bold("Progress") + style.dim(" (score per session, oldest first)") + "\n"
        let nameWidth = max(4, cohort.progress.map { Self.safe($0.learnerName).count }.max() ?? 0)
        for learner in cohort.progress {
            let shown = learner.sessions.suffix(Self.progressShown)
            let earlier = learner.sessions.count - shown.count
            let entries = shown.map { entry in
                let day = String(RecordStore.timestamp(entry.started).prefix(10))
                let value = entry.percent.map(Self.percent) ?? "–"
                return "\(day) \(entry.caseID) \(value)\(entry.finished ? "" : "*")"
            }
            // Each entry keeps its line: day, case and score wrap together, under one another.
            let indent = String(repeating: " ", count: nameWidth + 4)
            var line =
                "  \(Self.safe(learner.learnerName).padded(to: nameWidth))  "
                + (earlier > 0 ? style.dim("(\(earlier) earlier) … ") : "")
            for (index, entry) in entries.enumerated() {
                let piece = entry + (index == entries.count - 1 ? "" : " ·")
                let current = line.split(separator: "\n").last.map(String.init) ?? line
                if current.count + piece.count + 1 > 80, current.count > indent.count {
                    line += "\n" + indent + piece
                } else {
                    line += (current.hasSuffix(" ") ? "" : " ") + piece
                }
            }
            out += line + "\n"
        }
        if cohort.progress.contains(where: { $0.sessions.contains { !$0.finished } }) {
            out += style.dim("  * unfinished: the score so far") + "\n"
        }
        return out
    }

    private func sessionText(_ session: SessionReport) -> String {
        let when = session.startedText.replacingOccurrences(of: "T", with: " ").replacingOccurrences(
            of: "Z", with: " UTC")
        let score = "\(session.score)/\(session.maximum)" + (session.percent.map { " (\(Self.percent($0)))" } ?? "")
        var out = "  \(style.bold(session.id.description))  \(Self.safe(session.caseID))  \(when)  score \(score)"
        out += style.dim(session.finished ? "" : "  unfinished") + style.dim("  seed \(session.seed)") + "\n"
        if let note = session.note { out += style.dim("      (\(Self.safe(note, limit: 400)))") + "\n" }
        let width = max(
            6,
            (session.decisions.map { Self.safe($0.choice).count }
                + session.managements.map { Self.safe("manage " + $0.action).count }).max() ?? 0)
        var lines: [(turn: Int, order: Int, text: String)] = []
        for decision in session.decisions {
            var line = "      t\(decision.turn + 1)  \(Self.safe(decision.choice).padded(to: width))  "
            line += style.tier(decision.tier, decision.tier.rawValue.padded(to: 16))
            line += " \(decision.points)/\(decision.maximumPoints)"
            if decision.unsafe { line += "  " + style.tier(.contraindicated, "UNSAFE") }
            // The reference and the missed rules on lines of their own: beside a long regimen id
            // they ran past the 80 columns of a screen.
            var detail: [String] = []
            if decision.choice != decision.reference { detail.append("reference: \(Self.safe(decision.reference))") }
            if !decision.missedRules.isEmpty {
                let rules = decision.missedRules.map(\.rule).joined(separator: ", ")
                detail.append("missed: \(Self.safe(rules, limit: 400))")
            }
            if !detail.isEmpty {
                let indent = String(repeating: " ", count: 10)
                let text = detail.joined(separator: " · ").wrapped(
                    to: ScreenWidth.columns - indent.count, indent: indent)
                line += "\n" + indent + style.dim(text)
            }
            lines.append((decision.turn, 1, line))
        }
        // Management decisions read as the command that made them, beside the label's action.
        for management in session.managements {
            let turn = "      t\(management.turn + 1)  "
            let action = Self.safe("manage " + management.action)
            let points = " \(management.points)/\(management.maximumPoints)"
            let label = management.missed ? "  label: \(Self.safe(management.reference))" : ""
            let unsafe = management.unsafe ? "  UNSAFE" : ""
            // Aligned with the regimen lines where that fits the screen's 80 columns.
            let rest = 2 + 16 + points.count + label.count + unsafe.count
            let column = max(action.count, min(width, 80 - turn.count - rest))
            var line = turn + action.padded(to: column) + "  "
            line += style.tier(management.tier, management.tier.rawValue.padded(to: 16)) + points
            if !label.isEmpty { line += style.dim(label) }
            if management.unsafe { line += "  " + style.tier(.contraindicated, "UNSAFE") }
            lines.append((management.turn, 0, line))
        }
        for line in lines.enumerated().sorted(by: {
            ($0.element.turn, $0.element.order, $0.offset)
                < ($1.element.turn, $1.element.order, $1.offset)
        }) {
            out += line.element.text + "\n"
        }
        if lines.isEmpty { out += style.dim("      no decision yet") + "\n" }
        return out
    }

    private func filterDescription(_ filter: ReportFilter) -> String {
        var parts: [String] = []
        if let learner = filter.learner { parts.append("learner \(Self.safe(learner))") }
        if let caseID = filter.caseID { parts.append("case \(Self.safe(caseID))") }
        if let since = filter.since {
            let day = Calendar.current.dateComponents([.year, .month, .day], from: since)
            parts.append(String(format: "since %04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0))
        }
        return parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))"
    }

    /// Text from the records or the command line as the terminal shows it: control characters
    /// escaped (a name cannot clear or retitle the screen, or forge a line), and cut to `limit`
    /// characters (a 120 KB name must not pad every row).
    static func safe(_ text: String, limit: Int = 40) -> String {
        TerminalText.escaped(text, limit: limit)
    }

    /// Sessions per learner in the progress lines (the most recent).
    static let progressShown = 8

    /// Learners alphabetically (fellow-2 before fellow-10), anonymous last.
    static func learnerOrder(_ a: String, _ b: String) -> Bool {
        let anonymous = (a == RecordStore.anonymous, b == RecordStore.anonymous)
        if anonymous.0 != anonymous.1 { return anonymous.1 }
        return a.compare(b, options: [.caseInsensitive, .numeric]) == .orderedAscending
    }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    private static func decimal(_ value: Double) -> String {
        NumberFormat.decimal(value)
    }

    private static func percent(_ value: Double) -> String { NumberFormat.rounded(value) + "%" }
}
