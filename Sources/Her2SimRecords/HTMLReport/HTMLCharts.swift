import Foundation

/// The report's figures as inline SVG: no script, no font or image fetched, a `<title>` and
/// `<desc>` for screen readers (each figure also has a table with its numbers beside it).
enum HTMLCharts {
    static let ink = "#1a1a1a"
    static let accent = "#1f4e79"
    static let accentLight = "#dbe7f3"
    static let mean = "#9a4300"
    static let grid = "#b8b8b8"
    static let muted = "#555555"

    /// One row of the score distribution: a case and its finished sessions' percentages.
    struct Row {
        var label: String
        var values: [(id: Int64, percent: Double)]
        var mean: Double?
    }

    /// Quartiles by linear interpolation between order statistics (type 7, as R and NumPy).
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard let first = sorted.first else { return .nan }
        guard sorted.count > 1 else { return first }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }

    /// A deterministic vertical offset in −1…1 for a session's dot, so dots of equal scores
    /// spread out the same way on every render.
    static func jitter(_ id: Int64) -> Double {
        var x = UInt64(bitPattern: id) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        x = x &* 0xBF58_476D_1CE4_E5B9
        x ^= x >> 32
        return Double(x % 2001) / 1000 - 1
    }

    static func open(_ id: String, width: Int, height: Int, title: String, description: String) -> String {
        "<svg id=\"\(id)\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" role=\"img\" "
            + "aria-labelledby=\"\(id)-title \(id)-desc\" focusable=\"false\">"
            + "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
            + "<desc id=\"\(id)-desc\">\(HTMLText.escape(description))</desc>"
    }

    /// Box and strip plot: per case, every finished session's score as a dot, the box from the
    /// first to the third quartile with the median, whiskers to the extremes and the mean as a
    /// diamond — on one 0–100 % scale so the cases compare at a glance.
    static func distribution(_ rows: [Row]) -> String {
        let width = 720
        let left = 130.0
        let right = 700.0
        let top = 30.0
        let rowHeight = 36.0
        let height = Int(top + rowHeight * Double(max(rows.count, 1)) + 34)
        func x(_ percent: Double) -> Double { left + (right - left) * min(max(percent, 0), 100) / 100 }
        let description = rows.map { row in
            "\(row.label): \(HTMLText.count(row.values.count, "finished session")), mean \(HTMLText.percent(row.mean))"
        }.joined(separator: "; ")
        var svg = open(
            "score-distribution", width: width, height: height,
            title: "Score per case (finished sessions, percent of the maximum)", description: description)
        let bottom = top + rowHeight * Double(max(rows.count, 1))
        for tick in stride(from: 0, through: 100, by: 25) {
            let tx = HTMLText.coordinate(x(Double(tick)))
            svg +=
                "<line x1=\"\(tx)\" y1=\"\(HTMLText.coordinate(top - 6))\" x2=\"\(tx)\" y2=\"\(HTMLText.coordinate(bottom))\" "
                + "stroke=\"\(grid)\" stroke-width=\"1\"/>"
            svg +=
                "<text x=\"\(tx)\" y=\"\(HTMLText.coordinate(top - 12))\" text-anchor=\"middle\" class=\"axis\">\(tick)%</text>"
            svg +=
                "<text x=\"\(tx)\" y=\"\(HTMLText.coordinate(bottom + 16))\" text-anchor=\"middle\" class=\"axis\">\(tick)%</text>"
        }
        for (index, row) in rows.enumerated() {
            let cy = top + rowHeight * (Double(index) + 0.5)
            let label = row.label.count > 18 ? String(row.label.prefix(17)) + "…" : row.label
            svg +=
                "<text x=\"\(HTMLText.coordinate(left - 10))\" y=\"\(HTMLText.coordinate(cy + 4))\" text-anchor=\"end\" "
                + "class=\"label\">\(HTMLText.escape(label))</text>"
            let sorted = row.values.map(\.percent).sorted()
            if let low = sorted.first, let high = sorted.last {
                let q1 = quantile(sorted, 0.25)
                let median = quantile(sorted, 0.5)
                let q3 = quantile(sorted, 0.75)
                let y = HTMLText.coordinate(cy)
                svg +=
                    "<line x1=\"\(HTMLText.coordinate(x(low)))\" y1=\"\(y)\" x2=\"\(HTMLText.coordinate(x(high)))\" y2=\"\(y)\" "
                    + "stroke=\"\(accent)\" stroke-width=\"1.5\"/>"
                svg +=
                    "<rect x=\"\(HTMLText.coordinate(x(q1)))\" y=\"\(HTMLText.coordinate(cy - 11))\" "
                    + "width=\"\(HTMLText.coordinate(max(x(q3) - x(q1), 1)))\" height=\"22\" fill=\"\(accentLight)\" "
                    + "stroke=\"\(accent)\" stroke-width=\"1.5\"/>"
                svg +=
                    "<line x1=\"\(HTMLText.coordinate(x(median)))\" y1=\"\(HTMLText.coordinate(cy - 11))\" "
                    + "x2=\"\(HTMLText.coordinate(x(median)))\" y2=\"\(HTMLText.coordinate(cy + 11))\" stroke=\"\(accent)\" stroke-width=\"3\"/>"
                for value in row.values {
                    svg +=
                        "<circle cx=\"\(HTMLText.coordinate(x(value.percent)))\" cy=\"\(HTMLText.coordinate(cy + 8 * jitter(value.id)))\" "
                        + "r=\"3.5\" fill=\"\(ink)\" fill-opacity=\"0.7\"/>"
                }
            } else {
                svg +=
                    "<text x=\"\(HTMLText.coordinate(left + 4))\" y=\"\(HTMLText.coordinate(cy + 4))\" class=\"note\">none finished</text>"
            }
            if let mean = row.mean {
                let mx = x(mean)
                svg +=
                    "<path d=\"M\(HTMLText.coordinate(mx)) \(HTMLText.coordinate(cy - 7))l6 7l-6 7l-6-7z\" fill=\"\(Self.mean)\" "
                    + "stroke=\"#ffffff\" stroke-width=\"1\"/>"
            }
        }
        return svg + "</svg>"
    }

    /// Reliability diagram: mean confidence against the share of correct decisions per band;
    /// the dashed diagonal is perfect calibration, dots below it are over-confidence. Dot area
    /// grows with the band's number of decisions.
    static func reliability(_ calibration: CalibrationReport) -> String {
        let size = 440
        let left = 60.0
        let top = 20.0
        let plot = 340.0
        func x(_ value: Double) -> Double { left + plot * value / 100 }
        func y(_ value: Double) -> Double { top + plot - plot * value / 100 }
        let bands = calibration.bands.filter {
            $0.decisions > 0 && $0.meanConfidence != nil && $0.fractionCorrect != nil
        }
        let largest = Double(bands.map(\.decisions).max() ?? 1)
        let description = bands.map { band in
            "confidence \(band.lower)–\(band.upper): \(HTMLText.count(band.decisions, "decision")), "
                + "mean confidence \(HTMLText.percent(band.meanConfidence)), correct \(HTMLText.percent(band.fractionCorrect.map { $0 * 100 }))"
        }.joined(separator: "; ")
        var svg = open(
            "reliability", width: size, height: size,
            title: "Calibration: how sure against how often right",
            description: description.isEmpty ? "no rated decisions" : description)
        for tick in stride(from: 0, through: 100, by: 20) {
            let tx = HTMLText.coordinate(x(Double(tick)))
            let ty = HTMLText.coordinate(y(Double(tick)))
            svg +=
                "<line x1=\"\(tx)\" y1=\"\(HTMLText.coordinate(top))\" x2=\"\(tx)\" y2=\"\(HTMLText.coordinate(top + plot))\" stroke=\"\(grid)\"/>"
            svg +=
                "<line x1=\"\(HTMLText.coordinate(left))\" y1=\"\(ty)\" x2=\"\(HTMLText.coordinate(left + plot))\" y2=\"\(ty)\" stroke=\"\(grid)\"/>"
            svg +=
                "<text x=\"\(tx)\" y=\"\(HTMLText.coordinate(top + plot + 16))\" text-anchor=\"middle\" class=\"axis\">\(tick)</text>"
            svg +=
                "<text x=\"\(HTMLText.coordinate(left - 8))\" y=\"\(HTMLText.coordinate(y(Double(tick)) + 4))\" text-anchor=\"end\" class=\"axis\">\(tick)</text>"
        }
        svg +=
            "<rect x=\"\(HTMLText.coordinate(left))\" y=\"\(HTMLText.coordinate(top))\" width=\"\(HTMLText.coordinate(plot))\" "
            + "height=\"\(HTMLText.coordinate(plot))\" fill=\"none\" stroke=\"\(muted)\"/>"
        svg +=
            "<line x1=\"\(HTMLText.coordinate(x(0)))\" y1=\"\(HTMLText.coordinate(y(0)))\" x2=\"\(HTMLText.coordinate(x(100)))\" "
            + "y2=\"\(HTMLText.coordinate(y(100)))\" stroke=\"\(muted)\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
        svg +=
            "<text x=\"\(HTMLText.coordinate(left + plot / 2))\" y=\"\(HTMLText.coordinate(top + plot + 38))\" text-anchor=\"middle\" "
            + "class=\"label\">How sure (mean confidence, %)</text>"
        svg +=
            "<text transform=\"translate(16 \(HTMLText.coordinate(top + plot / 2))) rotate(-90)\" text-anchor=\"middle\" "
            + "class=\"label\">Right (in the reference's best tier, %)</text>"
        let points = bands.map { (x($0.meanConfidence!), y($0.fractionCorrect! * 100), $0.decisions) }
        if points.count > 1 {
            svg +=
                "<polyline points=\""
                + points.map { "\(HTMLText.coordinate($0.0)),\(HTMLText.coordinate($0.1))" }.joined(separator: " ")
                + "\" fill=\"none\" stroke=\"\(accent)\" stroke-width=\"2\"/>"
        }
        for point in points {
            let radius = 4 + 8 * (Double(point.2) / largest).squareRoot()
            svg +=
                "<circle cx=\"\(HTMLText.coordinate(point.0))\" cy=\"\(HTMLText.coordinate(point.1))\" r=\"\(HTMLText.coordinate(radius))\" "
                + "fill=\"\(accent)\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
            svg +=
                "<text x=\"\(HTMLText.coordinate(point.0 + radius + 3))\" y=\"\(HTMLText.coordinate(point.1 - radius - 1))\" "
                + "class=\"axis\">n=\(point.2)</text>"
        }
        return svg + "</svg>"
    }

    /// A learner's scores over time, oldest first, on a fixed 0–100 % scale (so small multiples
    /// compare); unfinished sessions as hollow dots.
    static func sparkline(id: String, learner: String, entries: [CohortReport.ProgressEntry]) -> String {
        let width = 180.0
        let height = 40.0
        let pad = 4.0
        let points = entries.compactMap { entry in entry.percent.map { (percent: $0, finished: entry.finished) } }
        let step = points.count > 1 ? (width - 2 * pad) / Double(points.count - 1) : 0
        func px(_ index: Int) -> Double { points.count > 1 ? pad + step * Double(index) : width / 2 }
        func py(_ percent: Double) -> Double { height - pad - (height - 2 * pad) * min(max(percent, 0), 100) / 100 }
        let values = points.map { HTMLText.fixed($0.percent, 0) + "%" + ($0.finished ? "" : " (unfinished)") }
        var svg = open(
            id, width: Int(width), height: Int(height), title: "Scores of \(learner), oldest first",
            description: values.isEmpty ? "no scored session" : values.joined(separator: ", "))
        svg +=
            "<line x1=\"0\" y1=\"\(HTMLText.coordinate(py(50)))\" x2=\"\(HTMLText.coordinate(width))\" y2=\"\(HTMLText.coordinate(py(50)))\" "
            + "stroke=\"\(grid)\" stroke-dasharray=\"2 3\"/>"
        if points.count > 1 {
            svg +=
                "<polyline points=\""
                + points.indices.map { "\(HTMLText.coordinate(px($0))),\(HTMLText.coordinate(py(points[$0].percent)))" }
                .joined(separator: " ")
                + "\" fill=\"none\" stroke=\"\(accent)\" stroke-width=\"1.5\"/>"
        }
        for (index, point) in points.enumerated() {
            svg +=
                "<circle cx=\"\(HTMLText.coordinate(px(index)))\" cy=\"\(HTMLText.coordinate(py(point.percent)))\" r=\"2.5\" "
                + (point.finished ? "fill=\"\(accent)\"" : "fill=\"#ffffff\" stroke=\"\(accent)\"") + "/>"
        }
        return svg + "</svg>"
    }
}
