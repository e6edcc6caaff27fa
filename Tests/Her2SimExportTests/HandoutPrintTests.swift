import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport

/// Prints the CME handout with headless Chromium (Debian's `chromium`, installed by
/// `make test-deps` with poppler-utils) on A4 and Letter, and checks the PDF with poppler:
/// the paper size, one page break before every question, a page count in the expected range,
/// no near-empty page, no word outside the printable area, every stem, reference title and
/// CME statement present in the text; and that a PNG of it is not blank.
@Suite("Handout printing: headless Chromium to PDF and PNG")
struct HandoutPrintTests {
    static let tools = ["chromium", "pdfinfo", "pdftotext", "pdftoppm"]

    static func which(_ tool: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// On Linux the tools are required (`make test-deps` installs them); elsewhere the test is skipped.
    static var available: Bool {
        #if os(Linux)
            return true
        #else
            return tools.allSatisfy { which($0) != nil }
        #endif
    }

    struct Paper {
        var name: String
        var css: String
        var width: Double
        var height: Double
    }

    static let papers = [
        Paper(name: "A4", css: "A4", width: 595.28, height: 841.89),
        Paper(name: "Letter", css: "letter", width: 612, height: 792),
    ]

    /// Runs a tool with a private HOME and XDG folders; returns its standard output.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], home: URL) throws -> Data {
        let path = try #require(
            which(tool), "\(tool) is not installed: run 'make test-deps' (Debian packages chromium, poppler-utils)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home.path
        environment["XDG_CONFIG_HOME"] = home.appendingPathComponent("config").path
        environment["XDG_CACHE_HOME"] = home.appendingPathComponent("cache").path
        environment["XDG_DATA_HOME"] = home.appendingPathComponent("data").path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments.joined(separator: " ")) failed")
        return data
    }

    static func chromium(_ arguments: [String], home: URL) throws {
        try run(
            "chromium",
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--user-data-dir=" + home.appendingPathComponent("chromium").path,
            ] + arguments, home: home)
    }

    /// Letters and digits only, lowercased: what survives line breaks, hyphen breaks and ligatures.
    static func squeeze(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    @Test(
        "the handout prints on A4 and Letter: page breaks, page count, nothing cut, every text present",
        .timeLimit(.minutes(10)))
    func printsCleanly() throws {
        // Not skipped when the tools are missing: `make test` installs them, and a skip would
        // hide that the handout was never printed.
        try #require(Self.available, "needs chromium and poppler-utils: run 'make test-deps'")
        let bank = Fixtures.cmeBank
        let html = HTMLHandout.document(bank)
        let scratch = try OutputFileTests.Scratch()
        let items = bank.items
        try #require(!items.isEmpty)
        for paper in Self.papers {
            // The handout leaves the paper to the printer; pin it the way a print dialog would.
            let pinned = html.replacingOccurrences(
                of: "</head>", with: "<style>@page { size: \(paper.css); }</style></head>")
            let page = scratch.url.appendingPathComponent("handout-\(paper.name).html")
            try Data(pinned.utf8).write(to: page)
            let pdf = scratch.url.appendingPathComponent("handout-\(paper.name).pdf")
            try Self.chromium(
                ["--no-pdf-header-footer", "--print-to-pdf=" + pdf.path, page.absoluteString], home: scratch.url)
            try #require(FileManager.default.fileExists(atPath: pdf.path), "chromium wrote no PDF for \(paper.name)")

            // Paper size and page count.
            let info = String(decoding: try Self.run("pdfinfo", [pdf.path], home: scratch.url), as: UTF8.self)
            let pages =
                Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0
            let size = info.split(separator: "\n").first { $0.hasPrefix("Page size:") }.map(String.init) ?? ""
            let numbers = size.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
            #expect(
                numbers.count >= 2 && abs(numbers[0] - paper.width) < 1 && abs(numbers[1] - paper.height) < 1,
                "\(paper.name): \(size)")
            // Cover, CME front matter and contents; one page or more per question; the key, the
            // evaluation and the references.
            let minimum = items.count + 4
            let maximum = 3 * items.count + 30
            #expect(
                (minimum...maximum).contains(pages), "\(paper.name): \(pages) pages, expected \(minimum)–\(maximum)")

            // Text per page (form feeds separate pages).
            let text = String(
                decoding: try Self.run("pdftotext", ["-enc", "UTF-8", pdf.path, "-"], home: scratch.url), as: UTF8.self)
            var pageTexts = text.components(separatedBy: "\u{0C}")
            if pageTexts.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true {
                pageTexts.removeLast()
            }
            #expect(pageTexts.count == pages)
            for (index, pageText) in pageTexts.enumerated() {
                let lines = pageText.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                #expect(lines.count >= 4, "\(paper.name): page \(index + 1) of \(pages) is nearly empty: \(lines)")
            }
            // Every question starts a page of its own, in order: its heading's page holds no
            // other question's heading.
            func headingPage(_ number: Int) -> Int? {
                pageTexts.firstIndex {
                    $0.range(of: "Question \(number)\\s+decision", options: .regularExpression) != nil
                }
            }
            var lastPage = -1
            for number in 1...items.count {
                let page = headingPage(number)
                #expect(
                    page != nil && page! > lastPage,
                    "\(paper.name): question \(number) does not start on a page after question \(number - 1)")
                lastPage = page ?? lastPage
            }

            // Every stem, reference and CME statement is printed.
            let all = Self.squeeze(text)
            for item in items {
                for paragraph in item.stem.narrative + [item.prompt] {
                    #expect(
                        all.contains(Self.squeeze(paragraph)),
                        "\(paper.name): \(item.identifier) stem text missing: \(paragraph.prefix(60))")
                }
                for option in item.options { #expect(all.contains(Self.squeeze(option.text))) }
            }
            for source in bank.sources {
                #expect(
                    all.contains(Self.squeeze(source.title ?? source.citation)),
                    "\(paper.name): reference \(source.id) missing")
            }
            let activity = try #require(bank.activity)
            for statement in [
                activity.accreditation, activity.creditDesignation, activity.commercialSupport,
                activity.releaseDate.longText, activity.expiryDate.longText,
            ] + activity.faculty.map(\.displayName) {
                #expect(
                    all.contains(Self.squeeze(statement)), "\(paper.name): CME text missing: \(statement.prefix(60))")
            }

            // Nothing outside the printable area: every word box lies on the page, inside the margins.
            let boxes = String(
                decoding: try Self.run("pdftotext", ["-bbox", pdf.path, "-"], home: scratch.url), as: UTF8.self)
            let pattern = try NSRegularExpression(
                pattern: #"xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)""#)
            var words = 0
            var outside: [String] = []
            for match in pattern.matches(in: boxes, range: NSRange(boxes.startIndex..., in: boxes)) {
                let values = (1...4).compactMap { Range(match.range(at: $0), in: boxes).flatMap { Double(boxes[$0]) } }
                guard values.count == 4 else { continue }
                words += 1
                let margin = 20.0
                if values[0] < margin || values[1] < margin || values[2] > paper.width - margin
                    || values[3] > paper.height - margin
                {
                    outside.append("\(values)")
                }
            }
            #expect(words > 1_000, "\(paper.name): \(words) words")
            #expect(
                outside.isEmpty,
                "\(paper.name): \(outside.count) words outside the printable area, e.g. \(outside.prefix(3))")

            // The first page as pixels is not blank.
            let prefix = scratch.url.appendingPathComponent("page-\(paper.name)").path
            try Self.run(
                "pdftoppm", ["-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", pdf.path, prefix],
                home: scratch.url)
            let ink = try Self.inkFraction(pgm: URL(fileURLWithPath: prefix + ".pgm"))
            #expect(ink > 0.01, "\(paper.name): the first page is blank (\(ink))")
        }

        // A PNG straight from Chromium, as a coordinator's preview would be: not blank.
        let png = scratch.url.appendingPathComponent("handout.png")
        try Self.chromium(
            [
                "--hide-scrollbars", "--window-size=900,1200", "--screenshot=" + png.path,
                scratch.url.appendingPathComponent("handout-A4.html").absoluteString,
            ], home: scratch.url)
        let data = try Data(contentsOf: png)
        #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "not a PNG")
        #expect(data.count > 20_000, "the PNG is \(data.count) bytes: blank?")
    }

    /// Share of pixels darker than light grey in a binary PGM (P5).
    static func inkFraction(pgm url: URL) throws -> Double {
        let bytes = [UInt8](try Data(contentsOf: url))
        // Header: "P5" width height maxval, separated by white space, then one byte per pixel.
        var fields: [String] = []
        var index = 0
        var current = ""
        while fields.count < 4, index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                if !current.isEmpty {
                    fields.append(current)
                    current = ""
                }
            } else {
                current.append(Character(UnicodeScalar(byte)))
            }
        }
        guard fields.first == "P5", let width = Int(fields[1]), let height = Int(fields[2]) else { return 0 }
        let pixels = bytes[index...].prefix(width * height)
        guard !pixels.isEmpty else { return 0 }
        return Double(pixels.filter { $0 < 200 }.count) / Double(pixels.count)
    }
}
