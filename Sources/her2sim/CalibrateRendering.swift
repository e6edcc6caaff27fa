import Foundation
import Her2SimCore
import Her2SimText

/// Renders calibration results as the documented JSON or as an aligned table.
struct CalibrateRendering {
    let knowledge: Knowledge
    let patients: Int
    let seed: UInt64

    // MARK: - JSON

    /// `{"arms": [{"trial", "regimen", "published", "simulated", "within-tolerance", …}], …}`.
    func json(_ results: [ArmCalibration]) -> JSONValue {
        .object([
            ("arms", .array(results.map(arm))),
            ("patients", .int(patients)),
            // Seeds past 2^53 would lose digits as JSON numbers: those are written as strings.
            ("seed", ReportRendering.seed(seed)),
            (
                "tolerance",
                .object([
                    ("median-relative", .double(CalibrationTolerance.standard.medianRelative)),
                    ("rate-points", .double(CalibrationTolerance.standard.ratePoints)),
                ])
            ),
            ("within-tolerance", .bool(results.allSatisfy(\.withinTolerance))),
        ])
    }

    private func arm(_ result: ArmCalibration) -> JSONValue {
        let medianKey = result.arm.endpoint == "median-ttp" ? "median-ttp" : "median-pfs"
        return .object([
            ("trial", .string(result.arm.trial)),
            ("regimen", .string(result.arm.regimen)),
            ("published", figures(result.published, medianKey: medianKey, simulated: false)),
            ("simulated", figures(result.simulated, medianKey: medianKey, simulated: true)),
            ("within-tolerance", .bool(result.withinTolerance)),
            ("arm", .string(result.arm.armLabel)),
            ("line", .int(result.arm.line)),
            ("brain-metastases", .bool(result.arm.brainMetastases)),
            ("patients", .int(result.patients)),
            ("toxicity-source", result.toxicityTrial.map(JSONValue.string) ?? .null),
            (
                "checks",
                .array(
                    result.checks.map { check in
                        .object([
                            ("figure", .string(check.figure)),
                            ("published", .double(check.published)),
                            ("simulated", check.simulated.map { .double(Self.rounded($0)) } ?? .null),
                            ("error", check.error.map { .double(Self.rounded($0, places: 4)) } ?? .null),
                            ("measure", .string(check.measure.rawValue)),
                            ("tolerance", .double(check.tolerance)),
                            ("passed", .bool(check.passed)),
                        ])
                    })
            ),
        ])
    }

    /// Published figures list what was published; simulated ones list everything measured.
    private func figures(_ figures: CalibrationFigures, medianKey: String, simulated: Bool) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        func add(_ key: String, _ value: Double?) {
            if let value {
                pairs.append((key, .double(Self.rounded(value))))
            } else if simulated {
                pairs.append((key, .null))
            }
        }
        add(medianKey, figures.median)
        add("pfs-12-month", figures.pfs12Month)
        add("orr", figures.orr)
        let toxicities: [(String, JSONValue)] = figures.toxicities.map { figure in
            var rates: [(String, JSONValue)] = []
            if let any = figure.anyGrade { rates.append(("any", .double(Self.rounded(any)))) }
            if let severe = figure.grade3OrHigher { rates.append(("grade3", .double(Self.rounded(severe)))) }
            return (figure.toxicity.rawValue, .object(rates))
        }
        if !toxicities.isEmpty || simulated { pairs.append(("toxicities", .object(toxicities))) }
        return .object(pairs)
    }

    static func rounded(_ value: Double, places: Int = 2) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    // MARK: - Text

    func text(_ results: [ArmCalibration], style: TerminalStyle) -> String {
        let tolerance = CalibrationTolerance.standard
        var out = style.bold("Calibration — \(patients) simulated patients per arm, seed \(seed)") + "\n"
        out +=
            style.dim(
                "Tolerance: median within ±\(Int(tolerance.medianRelative * 100)) % (relative); 12-month PFS, ORR and toxicity rates within ±\(Int(tolerance.ratePoints)) points."
            ) + "\n\n"
        let trialWidth = max(5, results.map(\.arm.trial.count).max() ?? 0)
        let regimenWidth = max(7, results.map(\.arm.regimen.count).max() ?? 0)
        let allRows = results.map(rows)
        let figureWidth = (allRows.joined().map(\.label.count).max() ?? 6) + 2
        let header =
            "Trial".padded(to: trialWidth) + "  " + "Regimen".padded(to: regimenWidth) + "  "
            + "Figure".padded(to: figureWidth) + "Published".leftPadded(to: 10) + "Simulated".leftPadded(to: 11)
            + "Error".leftPadded(to: 10)
        out += style.dim(header) + "\n"
        for (result, rows) in zip(results, allRows) {
            var first = true
            for row in rows {
                let trial = first ? result.arm.trial : ""
                let regimen = first ? result.arm.regimen : ""
                first = false
                var line = trial.padded(to: trialWidth) + "  " + regimen.padded(to: regimenWidth) + "  "
                line += row.label.padded(to: figureWidth)
                line += row.published.map { Self.number($0) }.orDash.leftPadded(to: 10)
                line += row.simulated.map { Self.number($0) }.orDash.leftPadded(to: 11)
                if let check = row.check {
                    line += Self.error(check).leftPadded(to: 10) + "  "
                    line += check.passed ? style.wrap("ok", "32") : style.wrap("OUTSIDE", "1;31")
                }
                out += line.trimmingTrailingSpaces() + "\n"
            }
        }
        let failed = results.filter { !$0.withinTolerance }
        out += "\n"
        if failed.isEmpty {
            out += style.wrap("All \(results.count) arms within tolerance.", "32") + "\n"
        } else {
            out +=
                style.wrap("\(failed.count) of \(results.count) arms outside tolerance: ", "1;31")
                + failed.map { "\($0.arm.trial) \($0.arm.regimen)" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    private struct Row {
        var label: String
        var published: Double?
        var simulated: Double?
        var check: CalibrationCheck?
    }

    /// Median and 12-month PFS always (so NALA shows its simulated median), then what was published.
    private func rows(_ result: ArmCalibration) -> [Row] {
        func check(_ figure: String) -> CalibrationCheck? { result.checks.first { $0.figure == figure } }
        let medianKey = result.arm.endpoint == "median-ttp" ? "median-ttp" : "median-pfs"
        var rows = [
            Row(
                label: medianKey == "median-ttp" ? "median TTP (months)" : "median PFS (months)",
                published: result.published.median, simulated: result.simulated.median, check: check(medianKey)),
            Row(
                label: "12-month PFS (%)", published: result.published.pfs12Month,
                simulated: result.simulated.pfs12Month,
                check: check("pfs-12-month")),
        ]
        if let published = result.published.orr {
            rows.append(
                Row(label: "ORR (%)", published: published, simulated: result.simulated.orr, check: check("orr")))
        }
        for figure in result.published.toxicities {
            let simulated = result.simulated.toxicities.first { $0.toxicity == figure.toxicity }
            let name = figure.toxicity.displayName
            if let any = figure.anyGrade {
                rows.append(
                    Row(
                        label: "\(name), any grade (%)", published: any, simulated: simulated?.anyGrade,
                        check: check("\(figure.toxicity.rawValue)-any")))
            }
            if let severe = figure.grade3OrHigher {
                rows.append(
                    Row(
                        label: "\(name), grade ≥3 (%)", published: severe, simulated: simulated?.grade3OrHigher,
                        check: check("\(figure.toxicity.rawValue)-grade3")))
            }
        }
        return rows
    }

    static func number(_ value: Double) -> String { NumberFormat.fixed(value, 1) }

    /// `+1.3 %` (relative, medians) or `−0.4 pt` (points, rates); `—` when not simulated.
    static func error(_ check: CalibrationCheck) -> String {
        guard let error = check.error else { return "—" }
        switch check.measure {
        case .relative: return String(format: "%+.1f %%", error * 100)
        case .points: return String(format: "%+.1f pt", error)
        }
    }
}

extension Optional where Wrapped == String {
    fileprivate var orDash: String { self ?? "—" }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
