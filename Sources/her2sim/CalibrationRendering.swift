import Foundation
import Her2SimRecords
import Her2SimText

extension ReportRendering {
    static func fields(_ value: JSONValue) -> [(String, JSONValue)] {
        if case .object(let pairs) = value { return pairs }
        return []
    }

    func json(_ calibration: CalibrationReport) -> JSONValue {
        .object([
            ("decisions", .int(calibration.decisions)),
            ("brier", calibration.brier.map(JSONValue.double) ?? .null),
            (
                "bands",
                .array(
                    calibration.bands.map { band in
                        .object([
                            ("from", .int(band.lower)), ("to", .int(band.upper)), ("decisions", .int(band.decisions)),
                            ("mean-confidence", band.meanConfidence.map(JSONValue.double) ?? .null),
                            ("fraction-correct", band.fractionCorrect.map(JSONValue.double) ?? .null),
                        ])
                    })
            ),
            (
                "confidently-wrong",
                .array(
                    calibration.confidentlyWrong.map { entry in
                        .object([
                            ("session", .int(Int(entry.session.rawValue))), ("learner", .string(entry.learner)),
                            ("case", .string(entry.caseID)), ("turn", .int(entry.turn + 1)),
                            ("choice", .string(entry.choice)),
                            ("tier", .string(entry.tier.rawValue)), ("confidence", .int(entry.confidence)),
                        ])
                    })
            ),
        ])
    }

    /// The calibration section of the text report; empty when no decision has a confidence.
    func calibrationText(_ report: Report) -> String {
        let cohort = report.calibration
        guard cohort.decisions > 0 else { return "" }
        var out =
            "\n" + style.bold("Calibration")
            + style.dim(" — how sure against how right (\(cohort.decisions) rated decisions)") + "\n"
        for (learner, calibration) in [("cohort", cohort)] + report.calibrationByLearner where calibration.decisions > 0
        {
            let brier = calibration.brier.map { String(format: "%.3f", $0) } ?? "–"
            out +=
                "  \(Self.safe(learner).padded(to: 20)) Brier \(brier)  (\(calibration.decisions) decisions; 0 is perfect)\n"
        }
        out += "  sure      decisions  right\n"
        for band in cohort.bands {
            let right = band.fractionCorrect.map { String(format: "%3.0f%%", $0 * 100) } ?? "   –"
            out +=
                "  \("\(band.lower)–\(band.upper)".padded(to: 8))  \(String(band.decisions).padded(to: 9))  \(right)\n"
        }
        if !cohort.confidentlyWrong.isEmpty {
            out += "  Confidently wrong (≥ \(CalibrationReport.confidentlyWrongThreshold), not recommended or worse):\n"
            for entry in cohort.confidentlyWrong {
                out +=
                    "    \(Self.safe(entry.learner)) \(entry.caseID) t\(entry.turn + 1): \(entry.choice) "
                    + "(\(entry.tier.rawValue)) at \(entry.confidence)\n"
            }
        }
        return out
    }
}
