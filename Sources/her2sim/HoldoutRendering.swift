import Foundation
import Her2SimCore
import Her2SimText

/// Renders `calibrate --holdout`: predicted against published figures of the held-out arms.
struct HoldoutRendering {
    /// `--max-error` in percent, when the check gates the exit status.
    let maxError: Double?

    /// False when `--max-error` is given and a predicted arm is off by more than it.
    func withinMaxError(_ result: HoldoutResult) -> Bool {
        guard let maxError else { return true }
        return result.predictions.allSatisfy { prediction in
            prediction.relativeError.map { abs($0) * 100 <= maxError + 1e-9 } ?? true
        }
    }

    // MARK: - JSON

    func json(_ result: HoldoutResult) -> JSONValue {
        .object([
            ("holdout", .string(result.trial)),
            ("held-out-trials", .array(result.heldOut.map(JSONValue.string))),
            ("arms", .array(result.predictions.map(arm))),
            ("max-error", maxError.map(JSONValue.double) ?? .null),
            ("within-max-error", .bool(withinMaxError(result))),
        ])
    }

    /// `--holdout all`: every trial held out in turn.
    func json(all results: [HoldoutResult]) -> JSONValue {
        .object([
            (
                "holdouts",
                .array(
                    results.map { result in
                        .object([
                            ("holdout", .string(result.trial)),
                            ("held-out-trials", .array(result.heldOut.map(JSONValue.string))),
                            ("arms", .array(result.predictions.map(arm))),
                        ])
                    })
            ),
            ("max-error", maxError.map(JSONValue.double) ?? .null),
            ("within-max-error", .bool(results.allSatisfy(withinMaxError))),
        ])
    }

    private func arm(_ prediction: HoldoutPrediction) -> JSONValue {
        func number(_ value: Double?, places: Int = 2) -> JSONValue {
            value.map { .double(CalibrateRendering.rounded($0, places: places)) } ?? .null
        }
        return .object([
            ("trial", .string(prediction.arm.trial)),
            ("arm", .string(prediction.arm.armLabel)),
            ("regimen", .string(prediction.arm.regimen)),
            ("line", .int(prediction.arm.line)),
            ("brain-metastases", .bool(prediction.arm.brainMetastases)),
            ("figure", .string(prediction.arm.endpoint)),
            ("published", number(prediction.published)),
            ("predicted", number(prediction.predicted)),
            ("error", number(prediction.relativeError, places: 4)),
            ("predicted-median-pfs", number(prediction.predictedMedian)),
            ("predicted-pfs-12-month", number(prediction.predictedPFS12Month)),
            (
                "from",
                .array(
                    prediction.contributions.map { source in
                        .object([
                            ("trial", .string(source.trial)),
                            ("arm", .string(source.armLabel)),
                            ("line", .int(source.line)),
                            ("brain-metastases", .bool(source.brainMetastases)),
                            ("median", number(source.median)),
                            ("hazard-ratio", number(source.hazardRatio, places: 4)),
                            ("adjusted-median", number(source.adjustedMedian)),
                        ])
                    })
            ),
        ])
    }

    // MARK: - Text

    func text(_ result: HoldoutResult, style: TerminalStyle) -> String {
        var out = style.bold("Leave-one-trial-out check: \(result.heldOut.joined(separator: " and ")) held out") + "\n"
        out += style.dim("Each arm is predicted from its regimen's arms in the other trials, moved to its") + "\n"
        out += style.dim("population by the model's adjustments (model.yaml: leave-one-trial-out).") + "\n"
        for prediction in result.predictions {
            let arm = prediction.arm
            out +=
                "\n" + style.bold(arm.armLabel) + ", line \(arm.line)"
                + (arm.brainMetastases ? ", brain metastases" : "") + "\n"
            out += "  regimen \(arm.regimen)\n"
            let figure = Self.label(arm.endpoint)
            guard let predicted = prediction.predicted, let error = prediction.relativeError else {
                out += "  \(figure): published \(CalibrateRendering.number(prediction.published)); not predicted:\n"
                out += "  no other trial has an arm of \(arm.regimen).\n"
                continue
            }
            var line =
                "  \(figure): published \(CalibrateRendering.number(prediction.published)), predicted "
                + CalibrateRendering.number(predicted) + ", error " + String(format: "%+.1f %%", error * 100)
            if let maxError {
                line +=
                    "  "
                    + (abs(error) * 100 <= maxError + 1e-9 ? style.wrap("ok", "32") : style.wrap("OUTSIDE", "1;31"))
            }
            out += line + "\n"
            if arm.endpoint == "pfs-12-month", let median = prediction.predictedMedian {
                out += "  predicted median PFS: \(CalibrateRendering.number(median)) months\n"
            }
            for (index, source) in prediction.contributions.enumerated() {
                let lead = index == 0 ? "  from " : "       "
                var text =
                    "\(source.trial) (line \(source.line)\(source.brainMetastases ? ", brain" : "")): "
                    + "\(CalibrateRendering.number(source.median)) months"
                if abs(source.hazardRatio - 1) > 1e-9 {
                    text +=
                        String(format: ", hazard ×%.2f", source.hazardRatio)
                        + " → \(CalibrateRendering.number(source.adjustedMedian))"
                }
                out += lead + text + "\n"
            }
        }
        let predicted = result.predictions.compactMap(\.relativeError)
        out += "\n"
        if result.predictions.isEmpty {
            out += "No calibrated arm to predict.\n"
        } else if let worst = predicted.max(by: { abs($0) < abs($1) }) {
            var summary =
                "\(predicted.count) of \(result.predictions.count) arms predicted; largest error "
                + String(format: "%+.1f %%", worst * 100) + "."
            if let maxError {
                summary +=
                    withinMaxError(result)
                    ? " All within \(Self.percent(maxError))."
                    : " Outside \(Self.percent(maxError)): exit status 1."
            }
            out += summary + "\n"
        } else {
            out += "No arm could be predicted.\n"
        }
        return out
    }

    /// `--holdout all` as one table: a row per held-out arm.
    func table(_ results: [HoldoutResult], style: TerminalStyle) -> String {
        var out = style.bold("Leave-one-trial-out check: every trial held out in turn") + "\n"
        out +=
            style.dim("Predicted from the regimen's arms in the other trials (model.yaml: leave-one-trial-out).")
            + "\n\n"
        let rows = results.flatMap { result in result.predictions.map { (result.trial, $0) } }
        let trialWidth = max(5, rows.map(\.0.count).max() ?? 0)
        let regimenWidth = max(7, rows.map(\.1.arm.regimen.count).max() ?? 0)
        out +=
            style.dim(
                "Trial".padded(to: trialWidth) + "  " + "Regimen".padded(to: regimenWidth) + "  "
                    + "Figure".padded(to: 14) + "Published".leftPadded(to: 10) + "Predicted".leftPadded(to: 10)
                    + "Error".leftPadded(to: 9)) + "\n"
        for (trial, prediction) in rows {
            var line = trial.padded(to: trialWidth) + "  " + prediction.arm.regimen.padded(to: regimenWidth) + "  "
            line +=
                prediction.arm.endpoint.padded(to: 14)
                + CalibrateRendering.number(prediction.published).leftPadded(to: 10)
            line += (prediction.predicted.map(CalibrateRendering.number) ?? "—").leftPadded(to: 10)
            line += (prediction.relativeError.map { String(format: "%+.1f %%", $0 * 100) } ?? "—").leftPadded(to: 9)
            if let maxError, let error = prediction.relativeError {
                line +=
                    "  "
                    + (abs(error) * 100 <= maxError + 1e-9 ? style.wrap("ok", "32") : style.wrap("OUTSIDE", "1;31"))
            }
            out += line + "\n"
        }
        let errors = rows.compactMap(\.1.relativeError).map(abs)
        out += "\n\(errors.count) of \(rows.count) arms predicted (— : no other trial has an arm of the regimen)"
        if !errors.isEmpty {
            let within = errors.filter { $0 <= 0.2 }.count
            out += "; \(within) within 20 %"
        }
        out += ".\n"
        return out
    }

    static func label(_ endpoint: String) -> String {
        switch endpoint {
        case "median-ttp": "median TTP (months)"
        case "pfs-12-month": "12-month PFS (%)"
        default: "median PFS (months)"
        }
    }

    static func percent(_ value: Double) -> String {
        NumberFormat.decimal(value) + " %"
    }
}
