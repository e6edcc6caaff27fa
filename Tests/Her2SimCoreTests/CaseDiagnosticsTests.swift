import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// Helpers shared by the case-script tests (diagnostics, fuzzing, lint).
enum CaseTestSupport {
    static let casesDirectory = TestSupport.repositoryRoot.appendingPathComponent("Cases")
    static let readme = casesDirectory.appendingPathComponent("README.md")
    static let exampleHeading = "## A complete, annotated example"

    static let linter = CaseLinter(engine: TestSupport.engine)

    /// The ```yaml block that follows the annotated-example heading of Cases/README.md.
    static func annotatedExample() -> String? {
        let text = TestSupport.text(readme)
        guard let heading = text.range(of: exampleHeading),
            let open = text.range(of: "```yaml\n", range: heading.upperBound..<text.endIndex),
            let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex)
        else { return nil }
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    /// The shipped case files, named as the CLI names them (`Cases/…`).
    static func shippedCaseFiles() -> [(url: URL, displayName: String)] {
        CaseLibrary.yamlFiles(in: casesDirectory, displayPrefix: "Cases/")
    }

    static func load(_ text: String, file: String) -> CaseLoader.Result {
        CaseLoader.load(text, file: file, knowledge: TestSupport.knowledge)
    }

    /// `LINE:COL: severity: MESSAGE` without the file name, or `severity: MESSAGE` for whole-file problems.
    static func rendered(_ diagnostic: Diagnostic) -> String {
        let place = diagnostic.location.map { "\($0.line):\($0.column): " } ?? ""
        return "\(place)\(diagnostic.severity.rawValue): \(diagnostic.message)"
    }

    /// Where the lines of a text start, counted as the YAML parser counts them: LF, CRLF, a
    /// lone CR, NEL, LS and PS each end a line.
    struct LineTable {
        let bytes: [UInt8]
        /// Byte ranges of the lines, without their breaks.
        private(set) var ranges: [Range<Int>] = []

        init(_ text: String) {
            bytes = Array(text.utf8)
            var start = 0
            var index = 0
            while index < bytes.count {
                var breakLength = 0
                switch bytes[index] {
                case 0x0A: breakLength = 1
                case 0x0D: breakLength = index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: breakLength = 2
                case 0xE2
                where index + 2 < bytes.count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    breakLength = 3
                default: break
                }
                if breakLength > 0 {
                    ranges.append(start..<index)
                    index += breakLength
                    start = index
                } else {
                    index += 1
                }
            }
            ranges.append(start..<bytes.count)
        }

        var count: Int { ranges.count }

        /// The number of Unicode scalars on a 1-based line.
        func width(ofLine line: Int) -> Int {
            bytes[ranges[line - 1]].filter { $0 & 0xC0 != 0x80 }.count
        }

        /// Whether the text ends without a line break (its last line is not empty).
        var lastLineIsOpen: Bool { !(ranges.last?.isEmpty ?? true) }
    }

    /// libyaml reports an error at the end of a text that lacks a final newline on the line
    /// after the last, column 1: an editor cannot jump there.
    static func isPastEnd(_ diagnostic: Diagnostic, lines: LineTable) -> Bool {
        guard let location = diagnostic.location else { return false }
        return location.line == lines.count + 1 && location.column == 1 && lines.lastLineIsOpen
    }

    /// Problems with where a diagnostic points: outside the text, or a file name other than `file`.
    static func placementProblems(_ diagnostics: [Diagnostic], text: String, file: String) -> [String] {
        var problems: [String] = []
        var table: LineTable?
        for diagnostic in diagnostics {
            if diagnostic.file != file {
                problems.append("names file '\(diagnostic.file)', not '\(file)': \(diagnostic)")
            }
            if diagnostic.message.isEmpty { problems.append("empty message: \(diagnostic)") }
            guard let location = diagnostic.location else { continue }
            if location.file != file {
                problems.append("location names '\(location.file)', not '\(file)': \(diagnostic)")
            }
            let lines = table ?? LineTable(text)
            table = lines
            guard (1...lines.count).contains(location.line) else {
                problems.append("line \(location.line) is outside the text (\(lines.count) lines): \(diagnostic)")
                continue
            }
            let width = lines.width(ofLine: location.line)
            if !(1...(width + 1)).contains(location.column) {
                problems.append(
                    "column \(location.column) is outside line \(location.line) (\(width) characters): \(diagnostic)")
            }
        }
        return problems
    }
}

/// Broken case scripts: each fixture in `Fixtures/bad-cases` holds one defect and starts with
/// `# expect: LINE:COL: error|warning: MESSAGE`, the exact first diagnostic of that severity.
/// Error fixtures go through `CaseLoader.load`; warning fixtures load cleanly and are checked
/// with `CaseLinter.lint`, the way `her2sim lint` does.
@Suite("Case script diagnostics")
struct CaseDiagnosticsTests {
    static let badCases = TestSupport.fixtureFiles(in: "bad-cases")
    static let badCaseNames = badCases.map(\.lastPathComponent)
    static let expectPrefix = "# expect: "

    struct Expectation {
        var severity: Diagnostic.Severity
        var rendered: String
        var message: String
    }

    /// The parsed first line of a fixture, or nil when the header is missing or malformed.
    static func expectation(of url: URL) -> Expectation? {
        let text = TestSupport.text(url)
        guard let firstLine = text.split(separator: "\n", omittingEmptySubsequences: false).first,
            firstLine.hasPrefix(expectPrefix)
        else { return nil }
        let rendered = String(firstLine.dropFirst(expectPrefix.count))
        guard let match = rendered.wholeMatch(of: #/(?:\d+:\d+: )?(error|warning): (.+)/#),
            let severity = Diagnostic.Severity(rawValue: String(match.output.1))
        else { return nil }
        return Expectation(severity: severity, rendered: rendered, message: String(match.output.2))
    }

    /// Every diagnostic `her2sim lint` would report for `text`: the loader's, then the linter's.
    static func diagnostics(_ text: String, file: String) -> (loaded: CaseLoader.Result, lint: [Diagnostic]) {
        let result = CaseTestSupport.load(text, file: file)
        let warnings = result.script.map { CaseTestSupport.linter.lint($0) } ?? []
        return (result, warnings)
    }

    @Test("each bad case reports its expected first diagnostic", arguments: badCaseNames)
    func reportsExpectedDiagnostic(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("bad-cases").appendingPathComponent(name)
        let expected = try #require(
            Self.expectation(of: url),
            "\(name) lacks a '# expect: LINE:COL: error|warning: MESSAGE' first line")
        let text = TestSupport.text(url)
        let (result, warnings) = Self.diagnostics(text, file: name)
        switch expected.severity {
        case .error:
            #expect(result.script == nil, "\(name) has an error, so it must not produce a script")
            let first = try #require(
                result.diagnostics.first { $0.severity == .error },
                "\(name) loaded without an error: \(result.diagnostics)")
            #expect(
                CaseTestSupport.rendered(first) == expected.rendered,
                "\(name):\n\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        default:
            // A warning needs the case to be otherwise valid: no error, nothing from the loader.
            let script = try #require(result.script, "\(name) must load: \(result.diagnostics)")
            #expect(result.diagnostics.isEmpty, "\(name): \(result.diagnostics)")
            #expect(warnings.allSatisfy { $0.severity == .warning }, "\(name): \(warnings)")
            let first = try #require(warnings.first, "\(name) (case \(script.id)) lints without a warning")
            #expect(
                CaseTestSupport.rendered(first) == expected.rendered,
                "\(name):\n\(warnings.map(\.description).joined(separator: "\n"))")
        }
        let problems = CaseTestSupport.placementProblems(result.diagnostics + warnings, text: text, file: name)
        #expect(problems.isEmpty, "\(name): \(problems)")
    }

    @Test("each bad case's one defect gives one diagnostic (no cascades)", arguments: badCaseNames)
    func oneDefectOneDiagnostic(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("bad-cases").appendingPathComponent(name)
        let expected = try #require(Self.expectation(of: url))
        let (result, warnings) = Self.diagnostics(TestSupport.text(url), file: name)
        let all = result.diagnostics + warnings
        #expect(
            all.count == 1 && all.first?.severity == expected.severity,
            "\(name): one defect, but \(all.count) diagnostics:\n\(all.map(\.description).joined(separator: "\n"))")
    }

    /// Editors on Windows save CRLF, and old Mac editors a lone CR; positions must not move.
    @Test("each bad case reports the same first diagnostic with CRLF and with CR line endings", arguments: badCaseNames)
    func sameDiagnosticWithCRLF(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("bad-cases").appendingPathComponent(name)
        let expected = try #require(Self.expectation(of: url))
        for lineBreak in ["\r\n", "\r"] {
            let text = TestSupport.text(url).replacingOccurrences(of: "\n", with: lineBreak)
            let (result, warnings) = Self.diagnostics(text, file: name)
            let first = (result.diagnostics + warnings).first { $0.severity == expected.severity }
            #expect(
                first.map(CaseTestSupport.rendered) == expected.rendered,
                "\(name) with \(lineBreak == "\r" ? "CR" : "CRLF"): \((result.diagnostics + warnings).map(\.description))"
            )
            #expect(
                (result.diagnostics + warnings).count == 1,
                "\(name): \((result.diagnostics + warnings).map(\.description))")
        }
    }

    @Test("the bad-case corpus is large, covers both severities, and every message is distinct")
    func corpusIsLargeAndDistinct() {
        #expect(Self.badCases.count >= 28, "only \(Self.badCases.count) bad-case fixtures")
        let expectations = Self.badCases.map { Self.expectation(of: $0) }
        for (url, expectation) in zip(Self.badCases, expectations) where expectation == nil {
            Issue.record("\(url.lastPathComponent) does not start with '# expect: LINE:COL: error|warning: MESSAGE'")
        }
        let found = expectations.compactMap { $0 }
        #expect(found.filter { $0.severity == .error }.count >= 25)
        #expect(found.filter { $0.severity == .warning }.count >= 7)
        var seen: [String: String] = [:]
        for (url, expectation) in zip(Self.badCases, expectations) {
            guard let expectation else { continue }
            if let other = seen[expectation.message] {
                Issue.record("\(url.lastPathComponent) and \(other) expect the same message: \(expectation.message)")
            }
            seen[expectation.message] = url.lastPathComponent
        }
    }

    @Test("the README's annotated example loads with no errors and lints with no warnings")
    func readmeExampleIsClean() throws {
        let example = try #require(
            CaseTestSupport.annotatedExample(),
            "Cases/README.md has no ```yaml block after '\(CaseTestSupport.exampleHeading)'")
        let result = CaseTestSupport.load(example, file: "README-example.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description).joined(separator: "\n"))")
        let script = try #require(result.script)
        #expect(script.id == "hb-401")
        #expect(script.decisions == 2)
        #expect(script.turns.count == 2)
        let warnings = CaseTestSupport.linter.lint(script)
        #expect(warnings.isEmpty, "\(warnings.map(\.description).joined(separator: "\n"))")
    }
}

/// Diagnostics that need a text built for them: aliases, line breaks, the end of the file,
/// duplicate keys, tabs, placeholders in every scalar style, and how messages read.
@Suite("Case script diagnostics: aliases, line breaks, placeholders and message wording")
struct CaseDiagnosticsDetailTests {
    static func example() throws -> String {
        try #require(CaseTestSupport.annotatedExample(), "Cases/README.md has no annotated example")
    }

    /// `example` with `old` replaced by `new`; fails the test when `old` is not there.
    static func edited(_ example: String, _ old: String, _ new: String) throws -> String {
        try #require(example.contains(old), "the README example no longer contains \(old)")
        return example.replacingOccurrences(of: old, with: new)
    }

    static func errors(_ text: String, file: String = "t.yaml") -> [String] {
        CaseTestSupport.load(text, file: file).diagnostics.filter { $0.severity == .error }.map(
            CaseTestSupport.rendered)
    }

    /// The 1-based line and column (in Unicode scalars) of the first `needle` in `text`.
    static func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return (
                    index + 1,
                    line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: range.lowerBound) + 1
                )
            }
        }
        Issue.record("'\(needle)' is not in the text")
        throw CancellationError()
    }

    // MARK: - Aliases

    static let keyAliasMessage = "error: aliases may not be used as keys; write the key out"

    /// An alias bomb (nine levels of nine aliases, lines 1–9) and then `tail`, whose alias
    /// `*l8` used in a key would make Yams hash 9⁸ nodes; the error's line and column.
    static let aliasKeyForms: [(tail: String, line: Int, column: Int)] = [
        ("*l8: 1\n", 10, 1),
        ("? *l8\n: 1\n", 10, 3),
        ("- *l8 : 1\n", 10, 3),
        ("[*l8, x]: 1\n", 10, 2),
        ("x: {*l8: 1}\n", 10, 5),
        ("x: [{y: 1}, {*l8: 1}]\n", 10, 14),
        ("x: [a, [b, *l8]]\n[c, [d, *l8]]: 1\n", 11, 9),
    ]

    @Test(
        "an alias used in a key is refused before parsing, in every key form", .timeLimit(.minutes(10)),
        arguments: aliasKeyForms.indices)
    func aliasInKey(_ form: Int) throws {
        let (tail, line, column) = Self.aliasKeyForms[form]
        let text = CaseFuzzTests.aliasBomb() + tail
        let clock = ContinuousClock()
        var errors: [String] = []
        let elapsed = clock.measure { errors = Self.errors(text) }
        #expect(elapsed < .seconds(1), "\(tail) took \(elapsed)")
        #expect(errors == ["\(line):\(column): \(Self.keyAliasMessage)"], "\(tail)")
    }

    @Test("a '? ' key in a file with aliases is refused at the '?'", .timeLimit(.minutes(10)))
    func explicitKeyWithAliases() {
        let text = CaseFuzzTests.aliasBomb() + "? [a,\n   b]\n: 1\nz: *l8\n"
        #expect(
            Self.errors(text) == [
                "10:1: error: '? ' keys may not be used in a file with aliases (an alias in a key can expand without limit); write the key out"
            ])
    }

    @Test("more than 500 alias references are refused at the first; 500 are allowed")
    func tooManyAliases() {
        func text(_ count: Int) -> String {
            "a: &a x\nb: [" + Array(repeating: "*a", count: count).joined(separator: ", ") + "]\n"
        }
        #expect(
            Self.errors(text(501)) == ["2:5: error: too many aliases (501); her2sim files do not need YAML aliases"])
        #expect(!Self.errors(text(500)).contains { $0.contains("alias") }, "\(Self.errors(text(500)))")
    }

    @Test("asterisks in prose are not aliases: quoted, in block scalars, continued plain text, comments")
    func asterisksInProse() throws {
        var text = try Self.edited(
            Self.example(),
            "      imaging: CT chest/abdomen/pelvis — two new liver lesions (18 and 11 mm); bone disease stable.\n",
            """
                  imaging:                 # *not: an alias
                    - "*see note*: CT chest/abdomen/pelvis"
                    - '*see note*: it''s a bone scan'
                    - two new liver lesions (18 and 11 mm);
                      *see note* on a continued line
                    - "a quoted text over two lines,
                      *see note*: still quoted"

            """)
        text = try Self.edited(
            text, "    teaching: |                    # shown after the decision\n",
            """
                teaching: >
                  *Key point*: the folded text
                  *continues* here.

            """)
        // Far more than 500 asterisks in a narrative.
        text = try Self.edited(
            text, "      CT shows two new liver lesions;",
            "      " + String(repeating: "*see note* ", count: 600) + "\n      CT shows two new liver lesions;")
        let result = CaseTestSupport.load(text, file: "prose.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let imaging = try #require(result.script?.turns.first?.findings.imaging)
        #expect(imaging.count == 4)
        #expect(imaging[2] == "two new liver lesions (18 and 11 mm); *see note* on a continued line")
    }

    @Test("aliases that are not keys still work")
    func aliasesStillWork() throws {
        var text = try Self.edited(
            Self.example(), "      symptoms: [mild right upper quadrant discomfort]\n",
            "      symptoms: &symptoms [mild right upper quadrant discomfort]\n")
        text = try Self.edited(
            text, "      labs: {platelets: 72}\n", "      labs: {platelets: 72}\n      symptoms: *symptoms\n")
        let result = CaseTestSupport.load(text, file: "aliases.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        #expect(result.script?.turns.last?.findings.symptoms == ["mild right upper quadrant discomfort"])
    }

    // MARK: - Line breaks and the end of the file

    @Test("an error at the end of a file without a final newline points at the end of its last line")
    func errorAtEndOfFile() {
        let expected = [
            "2:20: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence that starts at 2:8; check for an unclosed bracket or quote"
        ]
        #expect(Self.errors("id: hb-401\ntitle: [Fourth line") == expected)
        #expect(Self.errors("id: hb-401\r\ntitle: [Fourth line") == expected)
        #expect(Self.errors("id: hb-401\rtitle: [Fourth line") == expected)
    }

    @Test("a placeholder's column is the same with LF, CRLF and CR line breaks")
    func placeholderColumnsWithCRLF() throws {
        let text = try Self.edited(Self.example(), "returns after {months} months", "returns after {month} months")
        let (line, column) = try Self.position(of: "{month}", in: text)
        for lineBreak in ["\n", "\r\n", "\r"] {
            let errors = Self.errors(text.replacingOccurrences(of: "\n", with: lineBreak))
            #expect(
                errors.first?.hasPrefix(
                    "\(line):\(column): error: unknown placeholder '{month}' (did you mean '{months}'?)") == true,
                "\(lineBreak.debugDescription): \(errors)")
        }
    }

    // MARK: - Duplicate keys, tabs

    @Test("a duplicate key is reported at its repeat, naming the line of the first")
    func duplicateKeys() {
        let message = "error: 'a' is already given on line 1; a key may appear once in a mapping — remove or rename one"
        #expect(Self.errors("a: 1\nb:\n  a: 2\n  c: 3\na: 4\n") == ["5:1: \(message)"])
        #expect(Self.errors("x: {a: 1, b: 2, a: 3}\n") == ["1:17: \(message)"])
        #expect(Self.errors("\"a\": 1\nb: 2\n'a': 3\n") == ["3:1: \(message)"])
        #expect(
            Self.errors("x:\n- b: 0\n  a: 1\n- a: 1\n  c: 2\n  a: 3\n") == [
                "6:3: " + message.replacingOccurrences(of: "line 1", with: "line 4")
            ])
    }

    @Test("a tab in the indentation is named as such, at the tab")
    func tabIndentation() {
        let message = "error: a tab is used for indentation; YAML indents with spaces — replace the tab with spaces"
        #expect(Self.errors("a:\n\tb: 1\n") == ["2:1: \(message)"])
        #expect(Self.errors("a:\n  b: 1\n  \tc: 2\n") == ["3:3: \(message)"])
        #expect(Self.errors("a: |\n  x\n\ty\n") == ["3:1: \(message)"])
    }

    // MARK: - Placeholders

    @Test("placeholders written with '_' or a space are reported with the hyphenated name, at the brace")
    func placeholderShapes() throws {
        for (written, meant) in [
            ("{last_regimen}", "{last-regimen}"), ("{total months}", "{total-months}"), ("{Age}", "{age}"),
        ] {
            let text = try Self.edited(
                Self.example(), "returns after {months} months", "returns after \(written) months")
            let (line, column) = try Self.position(of: written, in: text)
            let errors = Self.errors(text)
            #expect(
                errors.count == 1
                    && errors.first?.hasPrefix(
                        "\(line):\(column): error: unknown placeholder '\(written)' (did you mean '\(meant)'?); expected one of: {age}, "
                    ) == true,
                "\(written): \(errors)")
        }
    }

    /// The second turn's narrative in each scalar style, with `{lin}` on a later line.
    static let narrativeStyles: [String] = [
        "    narrative: >\n      Five months later her platelets have fallen\n      and a new liver lesion has appeared;\n      this is line {lin} for her.\n",
        "    narrative: >-\n      Five months later her platelets have fallen\n\n        and (indented) a new liver lesion has appeared;\n      this is line {lin} for her.\n",
        "    narrative: |\n      Five months later her platelets have fallen\n\n      and this is line {lin} for her.\n",
        "    narrative: Five months later her platelets have fallen\n      and a new liver lesion has appeared;\n      this is line {lin} for her.\n",
        "    narrative: 'Five months later her platelets have fallen\n      and this is line {lin} for her.'\n",
        "    narrative: \"Five months later — line {lin} for her.\"\n",
    ]

    @Test("a placeholder error points at the placeholder in every scalar style", arguments: narrativeStyles.indices)
    func placeholderInEveryStyle(_ style: Int) throws {
        let original = """
                narrative: |
                  Five months later her platelets have fallen and a new liver lesion has appeared.
                  A phase 2 trial of a novel HER2 ADC has opened at your centre.

            """
        let text = try Self.edited(Self.example(), original, Self.narrativeStyles[style])
        let (line, column) = try Self.position(of: "{lin}", in: text)
        let errors = Self.errors(text)
        #expect(
            errors.count == 1
                && errors.first?.hasPrefix(
                    "\(line):\(column): error: unknown placeholder '{lin}' (did you mean '{line}'?)") == true,
            "\(Self.narrativeStyles[style]): \(errors)")
    }

    // MARK: - Wording

    @Test("short unknown words get a suggestion only when it is close")
    func shortWordSuggestions() throws {
        #expect(Suggestion.nearest(to: "xy", in: ["id", "age", "ecog"]) == nil)
        #expect(Suggestion.nearest(to: "i", in: ["id"]) == nil)
        #expect(Suggestion.nearest(to: "ag", in: ["id", "age", "ecog"]) == "age")
        #expect(Suggestion.nearest(to: "idd", in: ["id", "title"]) == "id")
        #expect(Suggestion.nearest(to: "abc", in: ["id", "age"]) == nil)
        #expect(Suggestion.nearest(to: "tite", in: ["id", "title"]) == "title")
        let text = try Self.edited(Self.example(), "minutes: 15 ", "xy: 1\nminutes: 15 ")
        let (line, column) = try Self.position(of: "xy: 1", in: text)
        #expect(
            Self.errors(text) == [
                "\(line):\(column): error: unknown key 'xy' in the case; expected one of: id, title, summary, difficulty, minutes, objectives, references, patient, history, turns, manage, confidence"
            ])
    }

    @Test("a case id that is not lower case suggests the id it could be")
    func caseIDSuggestion() throws {
        for (written, suggestion) in [
            ("HB-401", "(did you mean 'hb-401'?)"), ("'hb 401'", "(did you mean 'hb-401'?)"),
            ("Hb_401", "(did you mean 'hb-401'?)"), ("'!!'", "(e.g. hb-401)"),
        ] {
            let text = try Self.edited(Self.example(), "id: hb-401 ", "id: \(written) ")
            let shown = written.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            #expect(
                Self.errors(text) == [
                    "1:5: error: case id '\(shown)' may contain only lower-case letters, digits and hyphens \(suggestion)"
                ])
        }
    }

    @Test("an event with three keys names them, at the second")
    func eventWithThreeKeys() throws {
        let text = try Self.edited(
            Self.example(), "      - trial-available: true\n",
            "      - trial-available: true\n        ecog: 2\n        lvef: 55\n")
        let (line, column) = try Self.position(of: "ecog: 2", in: text)
        #expect(
            Self.errors(text) == [
                "\(line):\(column): error: this event has 3 keys, 'trial-available', 'ecog' and 'lvef'; put 'ecog' and 'lvef' on their own '- ' lines"
            ])
    }

    /// Inputs whose messages are built from descriptions of what was expected.
    static let wordingInputs: [(old: String, new: String, expected: String)] = [
        (
            "      - trial-available: true\n", "      - 42\n",
            "error: expected an event (a one-key mapping such as toxicity: {diarrhea: 3}), found '42'"
        ),
        (
            "      labs: {platelets: 72}\n", "      labs: [72]\n",
            "error: expected labs (a mapping such as {platelets: 85, alt: 120}), found a list"
        ),
        (
            "      - progression: {new-sites: [lung]}\n", "      - progression: [lung]\n",
            "error: expected a progression (true, or a mapping such as {new-sites: [liver]}), found a list"
        ),
        (
            "  toxicities: {peripheral-neuropathy: 1} ", "  toxicities: 1 ",
            "error: expected toxicities (a mapping such as {peripheral-neuropathy: 2}), found '1'"
        ),
        (
            "      - when: {regimen: [trastuzumab-taxane]} ", "      - when: trastuzumab-taxane ",
            "error: expected a branch condition ({tier: [...]} or {regimen: [...]}), found 'trastuzumab-taxane'"
        ),
        (
            "  - id: trial-first\n", "  - [trial-first]\n  - id: trial-first\n",
            "error: expected an objective (text, or a mapping with id and text), found a list"
        ),
    ]

    @Test("messages built from what was expected read with one parenthetical", arguments: wordingInputs.indices)
    func wording(_ index: Int) throws {
        let input = Self.wordingInputs[index]
        let errors = Self.errors(try Self.edited(Self.example(), input.old, input.new))
        #expect(errors.first?.hasSuffix(input.expected) == true, "\(errors)")
        #expect(!errors.contains { $0.contains(") (") }, "\(errors)")
    }

    @Test("a file that is not a mapping says what a case looks like")
    func notAMapping() {
        #expect(
            Self.errors("- a\n") == [
                "1:1: error: expected the case (a mapping with id, title, summary, patient, history, turns…), found a list"
            ])
    }

    @Test("no fixture message has two parentheticals in a row")
    func fixtureWording() {
        for url in CaseDiagnosticsTests.badCases {
            let (result, warnings) = CaseDiagnosticsTests.diagnostics(
                TestSupport.text(url), file: url.lastPathComponent)
            for diagnostic in result.diagnostics + warnings where diagnostic.message.contains(") (") {
                Issue.record("\(url.lastPathComponent): \(diagnostic.message)")
            }
        }
    }
}
