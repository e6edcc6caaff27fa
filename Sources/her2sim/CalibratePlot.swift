import Foundation
import Her2SimCore
import Her2SimText

/// A tiny XML writer: elements with ordered attributes, children and escaped text — all an SVG
/// needs, with nothing to get wrong about escaping.
struct XMLNode {
    var name: String
    var attributes: [(String, String)]
    var children: [XMLNode]
    var text: String?

    init(_ name: String, _ attributes: [(String, String)] = [], text: String? = nil, children: [XMLNode] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The element as XML, children indented by two spaces per level.
    func rendered(indent: Int = 0) -> String {
        var out = String(repeating: " ", count: indent) + "<" + name
        for (key, value) in attributes { out += " \(key)=\"\(Self.escaped(value))\"" }
        if children.isEmpty, text == nil { return out + "/>\n" }
        out += ">"
        if let text { out += Self.escaped(text) }
        if children.isEmpty { return out + "</\(name)>\n" }
        out += "\n"
        for child in children { out += child.rendered(indent: indent + 2) }
        return out + String(repeating: " ", count: indent) + "</\(name)>\n"
    }

    /// Escapes the five XML special characters (safe in text and in quoted attributes) and
    /// drops characters XML 1.0 forbids.
    static func escaped(_ text: String) -> String {
        HTMLEscaping.escape(text, controls: .dropUnlessXML)
    }
}

/// Small multiples of the simulated Kaplan–Meier curves, one panel per arm, with the published
/// median (and 12-month PFS where published) marked in red.
struct CalibratePlot {
    let results: [ArmCalibration]
    let followUp: Double
    let patients: Int
    let seed: UInt64

    private let panelWidth = 270.0
    private let panelHeight = 200.0
    private let margin = (left: 42.0, right: 14.0, top: 40.0, bottom: 30.0)
    private let header = 56.0

    init(results: [ArmCalibration], followUp: Double, patients: Int, seed: UInt64) {
        self.results = results
        self.followUp = followUp
        self.patients = patients
        self.seed = seed
    }

    func svg() -> String {
        let columns = max(1, min(4, results.count))
        let rows = (results.count + columns - 1) / columns
        let width = Double(columns) * panelWidth
        let height = header + Double(max(1, rows)) * panelHeight
        var children: [XMLNode] = [
            XMLNode(
                "style",
                text: """
                    text { font-family: Helvetica, Arial, sans-serif; fill: #222; }
                    .title { font-size: 12px; font-weight: bold; }
                    .small { font-size: 10px; fill: #555; }
                    .axis { stroke: #999; stroke-width: 1; fill: none; }
                    .grid { stroke: #e5e5e5; stroke-width: 1; }
                    .curve { stroke: #1f5fbf; stroke-width: 1.6; fill: none; }
                    .published { stroke: #c62828; stroke-width: 1.2; stroke-dasharray: 4 3; }
                    .mark { fill: #c62828; }
                    """),
            XMLNode("rect", [("width", fmt(width)), ("height", fmt(height)), ("fill", "white")]),
            XMLNode(
                "text", [("x", "12"), ("y", "22"), ("class", "title")],
                text: "her2sim calibrate — simulated Kaplan–Meier PFS, \(patients) patients per arm, seed \(seed)"),
            XMLNode("line", [("x1", "12"), ("y1", "38"), ("x2", "36"), ("y2", "38"), ("class", "curve")]),
            XMLNode("text", [("x", "42"), ("y", "42"), ("class", "small")], text: "simulated"),
            XMLNode("circle", [("cx", "112"), ("cy", "38"), ("r", "3.5"), ("class", "mark")]),
            XMLNode(
                "text", [("x", "120"), ("y", "42"), ("class", "small")],
                text: "published median (dashed) and 12-month PFS; x: months, y: PFS"),
        ]
        for (index, result) in results.enumerated() {
            let x = Double(index % columns) * panelWidth
            let y = header + Double(index / columns) * panelHeight
            children.append(panel(result, at: (x, y)))
        }
        let root = XMLNode(
            "svg",
            [
                ("xmlns", "http://www.w3.org/2000/svg"), ("width", fmt(width)), ("height", fmt(height)),
                ("viewBox", "0 0 \(fmt(width)) \(fmt(height))"),
            ], children: children)
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.rendered()
    }

    private func panel(_ result: ArmCalibration, at origin: (x: Double, y: Double)) -> XMLNode {
        let plotWidth = panelWidth - margin.left - margin.right
        let plotHeight = panelHeight - margin.top - margin.bottom
        let left = origin.x + margin.left
        let top = origin.y + margin.top
        func px(_ months: Double) -> Double { left + min(months, followUp) / followUp * plotWidth }
        func py(_ survival: Double) -> Double { top + (1 - survival) * plotHeight }

        var nodes: [XMLNode] = [
            XMLNode("title", text: "\(result.arm.trial): \(result.arm.armLabel) (\(result.arm.regimen))"),
            XMLNode(
                "text", [("x", fmt(origin.x + 10)), ("y", fmt(origin.y + 16)), ("class", "title")],
                text: "\(result.arm.trial) · \(result.arm.regimen)".truncated(to: 37)),
        ]
        let endpoint = result.arm.endpoint == "median-ttp" ? "TTP" : "PFS"
        var summary =
            "median \(endpoint): published \(result.published.median.map(number) ?? "—"), simulated \(result.simulated.median.map(number) ?? "—")"
        if !result.withinTolerance { summary += " — outside tolerance" }
        nodes.append(
            XMLNode("text", [("x", fmt(origin.x + 10)), ("y", fmt(origin.y + 30)), ("class", "small")], text: summary))
        // Grid and axes: months every 12, survival 0, 0.5, 1.
        var tick = 0.0
        while tick <= followUp + 1e-9 {
            nodes.append(
                XMLNode(
                    "line",
                    [
                        ("x1", fmt(px(tick))), ("y1", fmt(top)), ("x2", fmt(px(tick))),
                        ("y2", fmt(top + plotHeight)), ("class", "grid"),
                    ]))
            nodes.append(
                XMLNode(
                    "text",
                    [
                        ("x", fmt(px(tick))), ("y", fmt(top + plotHeight + 13)), ("class", "small"),
                        ("text-anchor", "middle"),
                    ], text: fmt(tick)))
            tick += 12
        }
        for level in [0.0, 0.5, 1.0] {
            nodes.append(
                XMLNode(
                    "line",
                    [
                        ("x1", fmt(left)), ("y1", fmt(py(level))), ("x2", fmt(left + plotWidth)),
                        ("y2", fmt(py(level))), ("class", "grid"),
                    ]))
            nodes.append(
                XMLNode(
                    "text",
                    [
                        ("x", fmt(left - 6)), ("y", fmt(py(level) + 3)), ("class", "small"),
                        ("text-anchor", "end"),
                    ], text: level == 0.5 ? "0.5" : fmt(level)))
        }
        nodes.append(
            XMLNode(
                "path",
                [
                    ("d", "M \(fmt(left)) \(fmt(top)) V \(fmt(top + plotHeight)) H \(fmt(left + plotWidth))"),
                    ("class", "axis"),
                ]))
        nodes.append(XMLNode("path", [("d", stepPath(result.kaplanMeier, px: px, py: py)), ("class", "curve")]))
        if let median = result.published.median {
            nodes.append(
                XMLNode(
                    "line",
                    [
                        ("x1", fmt(px(median))), ("y1", fmt(py(0.5))), ("x2", fmt(px(median))),
                        ("y2", fmt(top + plotHeight)), ("class", "published"),
                    ]))
            nodes.append(
                XMLNode("circle", [("cx", fmt(px(median))), ("cy", fmt(py(0.5))), ("r", "3.5"), ("class", "mark")]))
        }
        if let twelve = result.published.pfs12Month {
            nodes.append(
                XMLNode(
                    "circle", [("cx", fmt(px(12))), ("cy", fmt(py(twelve / 100))), ("r", "3.5"), ("class", "mark")]))
        }
        return XMLNode("g", children: nodes)
    }

    /// The curve as a step path sampled every quarter month (a few hundred points, not N).
    private func stepPath(_ curve: KaplanMeier, px: (Double) -> Double, py: (Double) -> Double) -> String {
        var path = "M \(fmt(px(0))) \(fmt(py(1)))"
        var previous = 1.0
        var month = 0.25
        while month <= followUp + 1e-9 {
            let value = curve.survival(at: month)
            if value != previous {
                path += " H \(fmt(px(month))) V \(fmt(py(value)))"
                previous = value
            }
            month += 0.25
        }
        return path + " H \(fmt(px(followUp)))"
    }

    private func number(_ value: Double) -> String { NumberFormat.fixed(value, 1) }

    private func fmt(_ value: Double) -> String {
        NumberFormat.decimal(value)
    }
}

extension String {
    fileprivate func truncated(to length: Int) -> String {
        count <= length ? self : String(prefix(length - 1)) + "…"
    }
}
