import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Random damage to valid case scripts: the loader must never crash or hang, and every
/// rejection must be an error the author can find (a position inside the file, or none).
@Suite("Case script fuzzing")
struct CaseFuzzTests {
    static let mutationCount = 5_000
    static let seed: UInt64 = 0x4845_5232_5349_4D01

    struct Source {
        var name: String
        var bytes: [UInt8]
    }

    /// The README's annotated example and every shipped case, read now (they may be new).
    static func sources() -> [Source] {
        var sources: [Source] = []
        if let example = CaseTestSupport.annotatedExample() {
            sources.append(Source(name: "README-example.yaml", bytes: Array(example.utf8)))
        }
        for file in CaseTestSupport.shippedCaseFiles() {
            if let data = try? Data(contentsOf: file.url) {
                sources.append(Source(name: file.displayName, bytes: Array(data)))
            }
        }
        return sources
    }

    enum Mutation: CaseIterable {
        case deleteLine, duplicateLine, swapLines, swapValues, truncate, insertBytes, reindent
    }

    /// Characters that mean something to YAML, to make inserted bytes bite.
    static let significant = Array(":-[]{}&*!|>'\"#%@`\t\n\r ?,~0123456789".utf8)

    /// Lines of `bytes` (split at LF, without it).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    static func joined(_ lines: [[UInt8]]) -> [UInt8] {
        Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    /// One random mutation of `bytes` and a description that replays it.
    static func mutate(_ bytes: [UInt8], using rng: inout SeededGenerator) -> (bytes: [UInt8], description: String) {
        var lines = lines(bytes)
        let kind = Mutation.allCases.randomElement(using: &rng)!
        switch kind {
        case .deleteLine:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            lines.remove(at: index)
            return (joined(lines), "delete line \(index + 1)")
        case .duplicateLine:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            lines.insert(lines[index], at: index)
            return (joined(lines), "duplicate line \(index + 1)")
        case .swapLines:
            let a = Int.random(in: 0..<lines.count, using: &rng)
            let b = Int.random(in: 0..<lines.count, using: &rng)
            lines.swapAt(a, b)
            return (joined(lines), "swap lines \(a + 1) and \(b + 1)")
        case .swapValues:
            // The text after the first ": " of two `key: value` lines trades places.
            let separator: [UInt8] = Array(": ".utf8)
            let candidates = lines.indices.filter { separatorIndex(lines[$0], separator) != nil }
            guard candidates.count >= 2 else { return (bytes, "no values to swap") }
            let a = candidates.randomElement(using: &rng)!
            let b = candidates.randomElement(using: &rng)!
            let splitA = separatorIndex(lines[a], separator)! + separator.count
            let splitB = separatorIndex(lines[b], separator)! + separator.count
            let valueA = Array(lines[a][splitA...])
            let valueB = Array(lines[b][splitB...])
            lines[a] = Array(lines[a][..<splitA]) + valueB
            lines[b] = Array(lines[b][..<splitB]) + valueA
            return (joined(lines), "swap the values of lines \(a + 1) and \(b + 1)")
        case .truncate:
            let length = Int.random(in: 0...bytes.count, using: &rng)
            return (Array(bytes.prefix(length)), "truncate at byte \(length)")
        case .insertBytes:
            let offset = Int.random(in: 0...bytes.count, using: &rng)
            let count = Int.random(in: 1...6, using: &rng)
            let wild = Bool.random(using: &rng)
            let inserted: [UInt8] = (0..<count).map { _ in
                wild ? UInt8.random(in: 0...255, using: &rng) : significant.randomElement(using: &rng)!
            }
            var result = bytes
            result.insert(contentsOf: inserted, at: offset)
            return (
                result, "insert \(inserted.map { String(format: "%02x", $0) }.joined(separator: " ")) at byte \(offset)"
            )
        case .reindent:
            let index = Int.random(in: 0..<lines.count, using: &rng)
            let indent = lines[index].prefix { $0 == UInt8(ascii: " ") }.count
            let change = Int.random(in: -4...4, using: &rng)
            let useTab = Int.random(in: 0..<8, using: &rng) == 0
            let newIndent =
                useTab ? [UInt8(ascii: "\t")] : Array(repeating: UInt8(ascii: " "), count: max(0, indent + change))
            lines[index] = newIndent + lines[index].dropFirst(indent)
            return (joined(lines), "indent line \(index + 1) by \(useTab ? "a tab" : String(max(0, indent + change)))")
        }
    }

    /// The index of the first `separator` in `line`.
    static func separatorIndex(_ line: [UInt8], _ separator: [UInt8]) -> Int? {
        guard line.count >= separator.count, let first = separator.first else { return nil }
        var index = 0
        while index <= line.count - separator.count {
            if line[index] == first, line[index..<(index + separator.count)].elementsEqual(separator) { return index }
            index += 1
        }
        return nil
    }

    /// Loads `bytes` as a case: as text when they are UTF-8, else through a file, as the CLI does.
    static func load(_ bytes: [UInt8], name: String, scratch: URL) -> (
        result: CaseLoader.Result, text: String, viaFile: Bool
    ) {
        let text = String(decoding: bytes, as: UTF8.self)
        if Array(text.utf8) == bytes {
            return (CaseTestSupport.load(text, file: name), text, false)
        }
        let url = scratch.appendingPathComponent("mutant.yaml")
        _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
        return (CaseLoader.load(contentsOf: url, displayName: name, knowledge: TestSupport.knowledge), text, true)
    }

    /// What one mutation did, and anything wrong with how it was reported.
    struct Outcome: Sendable {
        var what: String
        var loaded = false
        var viaFile = false
        var duration = Duration.zero
        var problems: [String] = []
        /// Errors on the line after the last of a text without a final newline.
        var pastEnd: [String] = []
    }

    /// Mutation `index`, replayable on its own: its generator is seeded from the index.
    static func run(_ index: Int, sources: [Source], scratch: URL) -> Outcome {
        let source = sources[index % sources.count]
        var rng = SeededGenerator(seed: seed &+ UInt64(index))
        let (bytes, description) = mutate(source.bytes, using: &rng)
        var outcome = Outcome(what: "mutation #\(index) of \(source.name): \(description)")
        let clock = ContinuousClock()
        let start = clock.now
        let (result, text, throughFile) = load(bytes, name: source.name, scratch: scratch)
        let warnings = result.script.map { CaseTestSupport.linter.lint($0) } ?? []
        outcome.duration = clock.now - start
        outcome.viaFile = throughFile
        outcome.loaded = result.script != nil

        let errors = result.diagnostics.filter { $0.severity == .error }
        if result.script != nil, !errors.isEmpty {
            outcome.problems.append("a script and errors \(errors)")
        }
        if result.script == nil, errors.isEmpty {
            outcome.problems.append("no script and no error: \(result.diagnostics)")
        }
        if warnings.contains(where: { $0.severity != .warning }) {
            outcome.problems.append("the linter returned a non-warning: \(warnings)")
        }
        var diagnostics = result.diagnostics + warnings
        if diagnostics.contains(where: { $0.location != nil }) {
            let lines = CaseTestSupport.LineTable(text)
            outcome.pastEnd = diagnostics.filter { CaseTestSupport.isPastEnd($0, lines: lines) }.map(\.description)
            diagnostics.removeAll { CaseTestSupport.isPastEnd($0, lines: lines) }
        }
        outcome.problems += CaseTestSupport.placementProblems(diagnostics, text: text, file: source.name)
        return outcome
    }

    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [Outcome] = []

        func add(_ outcomes: [Outcome]) {
            lock.lock()
            all += outcomes
            lock.unlock()
        }
    }

    @Test(
        "5,000 random mutations of the example and the shipped cases load or fail cleanly",
        .timeLimit(.minutes(10)))
    func mutationsNeverCrashOrHang() throws {
        let sources = Self.sources()
        try #require(!sources.isEmpty, "neither the README example nor any shipped case was found")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-case-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        _ = TestSupport.knowledge

        // Independent mutations, spread over the cores; each is replayable from its index.
        let clock = ContinuousClock()
        let started = clock.now
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let directory = scratch.appendingPathComponent("worker-\(worker)")
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            outcomes.add(
                stride(from: worker, to: Self.mutationCount, by: workers).map {
                    Self.run($0, sources: sources, scratch: directory)
                })
        }
        let total = clock.now - started
        let all = outcomes.all
        let loaded = all.filter(\.loaded).count
        let viaFile = all.filter(\.viaFile).count
        let slowest = try #require(all.max { $0.duration < $1.duration })
        print(
            "case fuzz: \(all.count) mutations of \(sources.count) sources (seed \(Self.seed)) in \(total) on \(workers) workers: \(loaded) loaded and linted, \(all.count - loaded) rejected, \(viaFile) through a file as invalid UTF-8; slowest \(slowest.duration): \(slowest.what)"
        )

        let problems = all.flatMap { outcome in outcome.problems.map { "\(outcome.what): \($0)" } }
        #expect(
            problems.isEmpty, "\(problems.count) problems, first ones:\n\(problems.prefix(15).joined(separator: "\n"))")
        #expect(all.count == Self.mutationCount)
        // The mutations must exercise both outcomes and the file path, or the test tests nothing.
        #expect(loaded > 0 && loaded < all.count)
        #expect(viaFile > 0, "no mutation produced invalid UTF-8")
        #expect(slowest.duration < .seconds(2), "slowest mutation took \(slowest.duration): \(slowest.what)")

        // An error at the end of a text without a final newline names its last line, not the next.
        let pastEnd = all.flatMap { outcome in outcome.pastEnd.map { "\(outcome.what): \($0)" } }
        #expect(
            pastEnd.isEmpty,
            "\(pastEnd.count) diagnostics past the end, e.g.:\n\(pastEnd.prefix(3).joined(separator: "\n"))")
        // Truncations must have produced such errors, or the check above checks nothing.
        #expect(all.contains { $0.what.contains("truncate") && !$0.loaded })
    }

    @Test("invalid UTF-8 is refused at the first bad byte, with its line and column, not a crash")
    func invalidUTF8() throws {
        let example = try #require(CaseTestSupport.annotatedExample())
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-utf8-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var bytes = Array(example.utf8)
        bytes.insert(contentsOf: [0xC3, 0x28, 0xFF], at: 40)
        try Data(bytes).write(to: scratch)
        let result = CaseLoader.load(contentsOf: scratch, displayName: "broken.yaml", knowledge: TestSupport.knowledge)
        #expect(result.script == nil)
        let prefix = String(decoding: bytes[..<40], as: UTF8.self)
        let line = prefix.filter { $0 == "\n" }.count + 1
        let column = (prefix.split(separator: "\n", omittingEmptySubsequences: false).last?.count ?? 0) + 1
        #expect(
            result.diagnostics.map(CaseTestSupport.rendered)
                == ["\(line):\(column): error: file is not valid UTF-8 text (byte 0xC3); save it as UTF-8"])
        #expect(result.diagnostics.first?.file == "broken.yaml")
    }

    /// `a: &a [x × 9]`, then each level a list of nine aliases of the one before: 9⁹ leaves.
    static func aliasBomb(levels: Int = 9) -> String {
        let names = (0..<levels).map { "l\($0)" }
        var lines = ["\(names[0]): &\(names[0]) [x, x, x, x, x, x, x, x, x]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [\(Array(repeating: "*\(previous)", count: 9).joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The 1-based line and column of the first `needle` in an ASCII `text`.
    static func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        return nil
    }

    @Test("a billion-laughs alias bomb is rejected quickly", .timeLimit(.minutes(10)))
    func aliasBombIsRejectedQuickly() throws {
        let example = try #require(CaseTestSupport.annotatedExample())
        let clock = ContinuousClock()
        // As a whole file; and inside a valid case, expanded where the decoder reads a list.
        let bombInSymptoms = example.replacingOccurrences(
            of: "      symptoms: [mild right upper quadrant discomfort]\n",
            with: "      symptoms:\n"
                + Self.aliasBomb().split(separator: "\n").map { line in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    return "        - \(parts[1].dropFirst())"
                }.joined(separator: "\n") + "\n        - *l8\n")
        try #require(bombInSymptoms != example)
        for (name, text) in [("bomb.yaml", Self.aliasBomb()), ("bomb-in-case.yaml", bombInSymptoms)] {
            var result: CaseLoader.Result?
            let elapsed = clock.measure { result = CaseTestSupport.load(text, file: name) }
            let loaded = try #require(result)
            #expect(elapsed < .seconds(5), "\(name) took \(elapsed)")
            #expect(loaded.script == nil, "\(name) loaded")
            let errors = loaded.diagnostics.filter { $0.severity == .error }
            #expect(!errors.isEmpty)
            #expect(errors.count <= 30, "\(name): \(errors.count) errors for one bomb")
            #expect(CaseTestSupport.placementProblems(loaded.diagnostics, text: text, file: name).isEmpty)
            // What the author should read: that nested aliases are the problem, where they start.
            let first = try #require(Self.position(of: "*l0", in: text))
            let expected =
                "\(first.line):\(first.column): error: the aliases in this file expand to more than \(YAMLDocument.maximumExpandedNodes) values (nested aliases); her2sim files do not need YAML aliases"
            #expect(errors.map(CaseTestSupport.rendered) == [expected], "\(name): \(errors.map(\.description))")
        }
    }

    @Test("a file over the size cap is refused with its size and the limit")
    func oversizedFile() throws {
        let example = try #require(CaseTestSupport.annotatedExample())
        let padding = String(repeating: "# padding to exceed the limit\n", count: YAMLDocument.maximumBytes / 30 + 10)
        let text = example + padding
        let size = text.utf8.count
        try #require(size > YAMLDocument.maximumBytes)
        let expected = "error: file is \(size) bytes; the limit is \(YAMLDocument.maximumBytes) bytes"

        let fromText = CaseTestSupport.load(text, file: "huge.yaml")
        #expect(fromText.script == nil)
        #expect(fromText.diagnostics.map(CaseTestSupport.rendered) == [expected])
        #expect(fromText.diagnostics.first?.file == "huge.yaml")

        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-huge-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        let fromFile = CaseLoader.load(contentsOf: url, displayName: "huge.yaml", knowledge: TestSupport.knowledge)
        #expect(fromFile.script == nil)
        #expect(fromFile.diagnostics.map(CaseTestSupport.rendered) == [expected])

        // One byte under the cap is parsed (and, being the example plus comments, loads).
        let justUnder =
            example + String(repeating: "#", count: YAMLDocument.maximumBytes - example.utf8.count - 1) + "\n"
        #expect(justUnder.utf8.count == YAMLDocument.maximumBytes)
        let underResult = CaseTestSupport.load(justUnder, file: "big.yaml")
        #expect(underResult.script != nil, "\(underResult.diagnostics)")
    }
}
