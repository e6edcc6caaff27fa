import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

/// The HTML cohort report in a real browser: headless Chromium (Debian's `chromium`, installed
/// with poppler-utils and python3 by `make test-deps`) renders the report of a seeded cohort.
///
/// - Not blank: a screenshot (PNG) has a fair share of non-white pixels. The PNG is inflated with
///   python3's zlib and unfiltered here; a blank page, rendered the same way, has none.
/// - No console errors: `chromium --headless --enable-logging=stderr --v=0 --dump-dom` writes every
///   console message — `console.error`, an uncaught exception, a blocked or failed load — to
///   standard error as a `…:INFO:CONSOLE:…] "message", source: …` line. The report must give none
///   (it has no script at all); a control page with a script error gives one, so the check works.
/// - Print: printed to PDF on A4 and on Letter, every learner name and case id is in the text
///   (pdftotext), no word is outside the printable area and the page count stays sane.
@Suite("Records: the HTML cohort report in headless Chromium")
struct HTMLReportBrowserTests {
    typealias Support = RecordsTestSupport

    static func which(_ tool: String) -> URL? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }

    static func tool(_ name: String) throws -> URL {
        try #require(
            which(name),
            "\(name) is not installed: run 'make test-deps' (Debian packages chromium, poppler-utils, python3)")
    }

    /// Runs headless Chromium with a profile of its own in `scratch`.
    static func chromium(_ arguments: [String], scratch: URL) throws -> Support.Output {
        let output = try Support.run(
            try tool("chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + scratch.appendingPathComponent("chromium-profile").path,
            ] + arguments)
        #expect(
            output.status == 0, "chromium \(arguments.joined(separator: " ")) failed: \(output.stderr.suffix(2_000))")
        return output
    }

    /// The report of a seeded cohort, written by the binary (`report --format html --out`).
    static func page(scratch: URL) throws -> (url: URL, learners: [String]) {
        let (database, learners) = try CohortFixture.database(learners: 5, sessionsEach: 4)
        let binary = try #require(Support.product("her2sim"), "the her2sim binary is not beside the test bundle")
        let root = Support.repositoryRoot
        let file = scratch.appendingPathComponent("cohort.html")
        let written = try Support.run(
            binary,
            [
                "report", "--format", "html", "--out", file.path, "--db", database.path,
                "--scoring", root.appendingPathComponent("Scoring").path, "--cases",
                root.appendingPathComponent("Cases").path,
            ])
        #expect(written.status == 0, "\(written.stderr)")
        return (file, learners)
    }

    /// Console messages in Chromium's log (see the suite's comment).
    static func consoleMessages(_ page: URL, scratch: URL) throws -> (messages: [String], dom: String) {
        let output = try chromium(
            [
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", "--dump-dom",
                page.absoluteString,
            ], scratch: scratch)
        let messages = output.stderr.split(separator: "\n").map(String.init)
            .filter { $0.contains(":CONSOLE") || $0.contains("Uncaught") }
        return (messages, output.stdout)
    }

    @Test("the page renders with no console message; a page with a script error is caught", .timeLimit(.minutes(5)))
    func noConsoleErrors() throws {
        let scratch = Support.scratchDirectory()
        let (page, _) = try Self.page(scratch: scratch)
        let report = try Self.consoleMessages(page, scratch: scratch)
        #expect(report.messages.isEmpty, "console: \(report.messages)")
        #expect(report.dom.contains("<h1>her2sim cohort report</h1>"), "chromium did not render the page")
        #expect(!report.dom.contains("<script"), "a script element in the rendered DOM")

        let control = scratch.appendingPathComponent("control.html")
        try Data("<!DOCTYPE html><html><body><p>x</p><script>notDefined();</script></body></html>".utf8).write(
            to: control)
        let caught = try Self.consoleMessages(control, scratch: scratch)
        #expect(
            caught.messages.contains { $0.contains("notDefined") }, "the console check does not see errors: \(caught)")
    }

    @Test("a screenshot is not blank", .timeLimit(.minutes(5)))
    func screenshot() throws {
        let scratch = Support.scratchDirectory()
        let (page, _) = try Self.page(scratch: scratch)
        let blank = scratch.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)
        var ink: [String: Double] = [:]
        for (name, url) in [("report", page), ("blank", blank)] {
            let png = scratch.appendingPathComponent("\(name).png")
            _ = try Self.chromium(
                ["--hide-scrollbars", "--window-size=1000,1400", "--screenshot=" + png.path, url.absoluteString],
                scratch: scratch)
            ink[name] = try Self.nonWhiteFraction(png: png, scratch: scratch)
        }
        #expect((ink["report"] ?? 0) > 0.04, "the report's screenshot is nearly blank: \(ink)")
        #expect((ink["blank"] ?? 1) < 0.001, "the blank control is not blank: \(ink)")
    }

    struct Paper {
        var name: String
        var css: String
        var width: Double
        var height: Double
    }

    @Test(
        "printed to PDF on A4 and Letter: every learner and case in the text, nothing off the page",
        .timeLimit(.minutes(5)))
    func prints() throws {
        let scratch = Support.scratchDirectory()
        let (page, learners) = try Self.page(scratch: scratch)
        let html = try String(contentsOf: page, encoding: .utf8)
        for paper in [
            Paper(name: "A4", css: "A4", width: 595.28, height: 841.89),
            Paper(name: "Letter", css: "letter", width: 612, height: 792),
        ] {
            // The page leaves the paper to the printer; pin it the way a print dialog would.
            let pinned = scratch.appendingPathComponent("cohort-\(paper.name).html")
            try Data(
                html.replacingOccurrences(of: "</head>", with: "<style>@page { size: \(paper.css); }</style></head>")
                    .utf8
            )
            .write(to: pinned)
            let pdf = scratch.appendingPathComponent("cohort-\(paper.name).pdf")
            _ = try Self.chromium(
                ["--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, pinned.absoluteString], scratch: scratch)
            let info = try Support.run(try Self.tool("pdfinfo"), [pdf.path]).stdout
            let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
            let numbers = size.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
            #expect(
                numbers.count >= 2 && abs(numbers[0] - paper.width) < 1 && abs(numbers[1] - paper.height) < 1,
                "\(paper.name): \(size)")
            let pages =
                Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            #expect((2...12).contains(pages), "\(paper.name): \(pages) pages")

            let text = try Support.run(try Self.tool("pdftotext"), ["-enc", "UTF-8", pdf.path, "-"]).stdout
            for learner in learners {
                #expect(text.contains(learner), "\(paper.name): learner \(learner) is not in the PDF")
            }
            for caseID in CohortFixture.caseIDs {
                #expect(text.contains(caseID), "\(paper.name): case \(caseID) is not in the PDF")
            }
            #expect(text.contains("Brier score"))

            // Every word box inside the page, off its edges.
            let boxes = try Support.run(try Self.tool("pdftotext"), ["-bbox", pdf.path, "-"]).stdout
            let pattern = try NSRegularExpression(
                pattern: #"xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)""#)
            var words = 0
            var outside: [String] = []
            for match in pattern.matches(in: boxes, range: NSRange(boxes.startIndex..., in: boxes)) {
                let values = (1...4).compactMap { Range(match.range(at: $0), in: boxes).flatMap { Double(boxes[$0]) } }
                guard values.count == 4 else { continue }
                words += 1
                if values[0] < 20 || values[1] < 20 || values[2] > paper.width - 20 || values[3] > paper.height - 20 {
                    outside.append("\(values)")
                }
            }
            #expect(words > 300, "\(paper.name): \(words) words")
            #expect(
                outside.isEmpty,
                "\(paper.name): \(outside.count) words outside the printable area, e.g. \(outside.prefix(3))")
        }
    }

    // MARK: - PNG

    /// The share of pixels darker than light grey in an 8-bit RGB or RGBA PNG (what Chromium
    /// writes). python3's zlib inflates the image data; the scanline filters are undone here.
    static func nonWhiteFraction(png: URL, scratch: URL) throws -> Double {
        let bytes = [UInt8](try Data(contentsOf: png))
        try #require(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        var position = 8
        var width = 0
        var height = 0
        var channels = 0
        var compressed = Data()
        while position + 8 <= bytes.count {
            let length = integer(position)
            let kind = String(decoding: bytes[position + 4..<position + 8], as: UTF8.self)
            let body = position + 8
            if kind == "IHDR" {
                width = integer(body)
                height = integer(body + 4)
                try #require(bytes[body + 8] == 8, "PNG bit depth \(bytes[body + 8])")
                channels = [2: 3, 6: 4, 0: 1, 4: 2][Int(bytes[body + 9])] ?? 0
            } else if kind == "IDAT" {
                compressed.append(contentsOf: bytes[body..<body + length])
            }
            position = body + length + 4
        }
        try #require(width > 0 && height > 0 && channels > 0, "unreadable PNG header")
        let packed = scratch.appendingPathComponent(png.lastPathComponent + ".zlib")
        try compressed.write(to: packed)
        let rawFile = scratch.appendingPathComponent(png.lastPathComponent + ".raw")
        let written = try Support.run(
            try tool("python3"),
            [
                "-c",
                "import sys, zlib; open(sys.argv[2], 'wb').write(zlib.decompress(open(sys.argv[1], 'rb').read()))",
                packed.path, rawFile.path,
            ])
        #expect(written.status == 0, "\(written.stderr)")
        let data = [UInt8](try Data(contentsOf: rawFile))
        let stride = width * channels
        try #require(data.count >= height * (stride + 1), "inflated \(data.count) bytes for \(width)×\(height)")
        var previous = [UInt8](repeating: 0, count: stride)
        var line = [UInt8](repeating: 0, count: stride)
        var dark = 0
        for row in 0..<height {
            let start = row * (stride + 1)
            let filter = data[start]
            for x in 0..<stride {
                let value = Int(data[start + 1 + x])
                let a = x >= channels ? Int(line[x - channels]) : 0
                let b = Int(previous[x])
                let c = x >= channels ? Int(previous[x - channels]) : 0
                let predictor: Int
                switch filter {
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4:
                    let p = a + b - c
                    let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
                    predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: predictor = 0
                }
                line[x] = UInt8((value + predictor) & 0xFF)
            }
            for pixel in 0..<width {
                let colour = line[(pixel * channels)..<(pixel * channels + min(channels, 3))]
                if colour.contains(where: { $0 < 200 }) { dark += 1 }
            }
            swap(&previous, &line)
        }
        return Double(dark) / Double(width * height)
    }
}
