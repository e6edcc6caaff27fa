import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `her2sim lint` and `her2sim cases`, run as an author runs them.
@Suite("her2sim lint and cases (the built binary)")
struct LintCLITests {
    static let readme = CLI.repositoryRoot.appendingPathComponent("Cases/README.md")

    /// The README's annotated example: the case every test below starts from.
    static func example() throws -> String {
        let text = try String(contentsOf: readme, encoding: .utf8)
        let heading = try #require(text.range(of: "## A complete, annotated example"))
        let open = try #require(text.range(of: "```yaml\n", range: heading.upperBound..<text.endIndex))
        let close = try #require(text.range(of: "\n```", range: open.upperBound..<text.endIndex))
        return String(text[open.upperBound..<close.lowerBound]) + "\n"
    }

    /// Writes `files` (name → text) into a fresh directory.
    static func directory(_ files: [String: String]) throws -> URL {
        let directory = try CLI.temporaryDirectory()
        for (name, text) in files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return directory
    }

    /// The 1-based line and column of the first occurrence of `needle` in `text`.
    static func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let range = line.range(of: needle) {
                return (index + 1, line.distance(from: line.startIndex, to: range.lowerBound) + 1)
            }
        }
        Issue.record("'\(needle)' is not in the text")
        throw CancellationError()
    }

    static func lint(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(["lint"] + arguments + ["--scoring", CLI.scoring.path])
    }

    @Test("a misspelt regimen exits 1 with FILE:LINE:COL and a did-you-mean")
    func misspeltRegimen() throws {
        let text = try Self.example().replacingOccurrences(of: "answer: [tdm1]", with: "answer: [tdm-1]")
        let directory = try Self.directory(["typo.yaml": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("typo.yaml").path
        let (line, column) = try Self.position(of: "tdm-1", in: text)

        let result = try Self.lint([file])
        #expect(result.status == 1, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(
            result.stderr.contains("\(file):\(line):\(column): error: unknown regimen 'tdm-1' (did you mean 'tdm1'?)"),
            "\(result.stderr)")
        #expect(result.stderr.contains("1 file, 0 cases: 1 error, 0 warnings"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
    }

    @Test("a clean file exits 0 and says so")
    func cleanFile() throws {
        let directory = try Self.directory(["clean.yaml": try Self.example()])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("clean.yaml").path
        let result = try Self.lint([file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("1 file, 1 case: 0 errors, 0 warnings"), "\(result.stderr)")
        #expect(!result.stderr.contains("error:") && !result.stderr.contains("warning:"), "\(result.stderr)")

        let strict = try Self.lint(["--strict", file])
        #expect(strict.status == 0, "\(strict.stderr)")
    }

    @Test("warnings alone exit 0, but 1 with --strict")
    func warningsAndStrict() throws {
        // An extra reference that nothing in the case uses: a warning, not an error.
        let text = try Self.example().replacingOccurrences(
            of: "references: [HER2CLIMB, EMILIA, TULIP]",
            with: "references: [HER2CLIMB, EMILIA, TULIP, TH3RESA]")
        let directory = try Self.directory(["unused-reference.yaml": text])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("unused-reference.yaml").path
        let (line, column) = try Self.position(of: "TH3RESA", in: text)

        let relaxed = try Self.lint([file])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(
            relaxed.stderr.contains("\(file):\(line):\(column): warning: reference 'TH3RESA' is not mentioned"),
            "\(relaxed.stderr)")
        #expect(relaxed.stderr.contains("0 errors, 1 warning"), "\(relaxed.stderr)")

        let strict = try Self.lint(["--strict", file])
        #expect(strict.status == 1, "\(strict.stderr)")
        #expect(strict.stderr.contains("warning: reference 'TH3RESA'"), "\(strict.stderr)")
        #expect(strict.stderr.contains("--strict"), "the summary should say why warnings failed: \(strict.stderr)")
    }

    @Test("--paths plays every path: an unguarded toxicity warns, located, and fails only with --strict")
    func everyPath() throws {
        let guarded =
            "      - when: {chosen: [tdm1]}       # drug-dependent (a toxicity, a response): guarded, or\n"
            + "        toxicity: {thrombocytopenia: 2}  # `lint --paths` warns\n"
        let example = try Self.example()
        #expect(example.contains(guarded))
        let text = example.replacingOccurrences(of: guarded, with: "      - toxicity: {thrombocytopenia: 2}\n")
        let directory = try Self.directory(["unguarded.yaml": text, "clean.yaml": example])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("unguarded.yaml").path
        let (line, column) = try Self.position(of: "toxicity: {thrombocytopenia", in: text)

        let plain = try Self.lint(["--strict", file])
        #expect(plain.status == 0, "without --paths the path findings are not computed: \(plain.stderr)")
        let relaxed = try Self.lint(["--paths", file])
        #expect(relaxed.status == 0, "\(relaxed.stderr)")
        #expect(
            relaxed.stderr.contains(
                "\(file):\(line):\(column): warning: the scripted thrombocytopenia grade 2 depends on the drug given but has no guard"
            ),
            "\(relaxed.stderr)")
        #expect(relaxed.stderr.contains("0 errors, 1 warning (44 paths played)"), "\(relaxed.stderr)")
        let strict = try Self.lint(["--paths", "--strict", file])
        #expect(strict.status == 1, "\(strict.stderr)")
        let clean = try Self.lint(["--paths", "--strict", directory.appendingPathComponent("clean.yaml").path])
        #expect(clean.status == 0, "the README example is coherent on every path: \(clean.stderr)")
    }

    @Test("--format json: files, cases, errors, warnings, ok and located diagnostics")
    func jsonOutput() throws {
        let example = try Self.example()
        let broken = example.replacingOccurrences(of: "  - regimen: tdxd\n", with: "  - regimen: tdxdd\n")
        let warned =
            example
            .replacingOccurrences(of: "id: hb-401", with: "id: hb-402")
            .replacingOccurrences(of: "    objectives: [trial-first]\n", with: "")
        let directory = try Self.directory(["a-clean.yaml": example, "b-broken.yaml": broken, "c-warned.yaml": warned])
        defer { try? FileManager.default.removeItem(at: directory) }
        let prefix = directory.path + "/"

        let result = try Self.lint(["--format", "json", directory.path])
        #expect(result.status == 1, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(Set(object.keys) == ["files", "cases", "errors", "warnings", "ok", "diagnostics"], "\(object.keys)")
        #expect(object["files"] as? [String] == ["a-clean.yaml", "b-broken.yaml", "c-warned.yaml"].map { prefix + $0 })
        #expect(object["cases"] as? [String] == ["hb-401", "hb-402"])
        #expect(object["errors"] as? Int == 1)
        #expect(object["warnings"] as? Int == 1)
        #expect(object["ok"] as? Bool == false)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        for diagnostic in diagnostics {
            #expect(Set(diagnostic.keys) == ["file", "line", "column", "severity", "message"], "\(diagnostic)")
        }
        let error = try #require(diagnostics.first { $0["severity"] as? String == "error" })
        #expect(error["file"] as? String == prefix + "b-broken.yaml")
        let typo = try Self.position(of: "tdxdd", in: broken)
        #expect(error["line"] as? Int == typo.line)
        #expect(error["column"] as? Int == typo.column)
        #expect(error["message"] as? String == "unknown regimen 'tdxdd' (did you mean 'tdxd'?)")
        let warning = try #require(diagnostics.first { $0["severity"] as? String == "warning" })
        #expect(warning["file"] as? String == prefix + "c-warned.yaml")
        let objective = try Self.position(of: "id: trial-first", in: warned)
        #expect(warning["line"] as? Int == objective.line)
        #expect(warning["column"] as? Int == objective.column)
        #expect(
            (warning["message"] as? String)?.hasPrefix("objective 'trial-first' is not taught") == true, "\(warning)")

        // A clean run is ok, with an empty diagnostics list.
        let clean = try Self.lint(["--format", "json", prefix + "a-clean.yaml"])
        #expect(clean.status == 0, "\(clean.stderr)")
        let cleanObject = try CLI.json(clean.stdout)
        #expect(cleanObject["ok"] as? Bool == true)
        #expect((cleanObject["diagnostics"] as? [Any])?.isEmpty == true)
        #expect(cleanObject["errors"] as? Int == 0)
    }

    @Test("a whole-file error has null line and column in JSON")
    func jsonWholeFileError() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("huge.yaml")
        // Sparse: the size is refused from the file's metadata, before anything is read.
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        try FileHandle(forWritingTo: file).truncate(atOffset: 100_000_000)
        let result = try Self.lint(["--format", "json", file.path])
        #expect(result.status == 1)
        let object = try CLI.json(result.stdout)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["line"] is NSNull && first["column"] is NSNull, "\(first)")
        #expect(first["message"] as? String == "file is 100000000 bytes; the limit is 2000000 bytes")
    }

    @Test("a Latin-1 byte is located in JSON: line, column and the byte")
    func jsonInvalidUTF8() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("latin1.yaml")
        try Data([0x69, 0x64, 0x3A, 0x20, 0xE9, 0x0A]).write(to: file)
        let result = try Self.lint(["--format", "json", file.path])
        #expect(result.status == 1)
        let object = try CLI.json(result.stdout)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let first = try #require(diagnostics.first)
        #expect(first["line"] as? Int == 1 && first["column"] as? Int == 5, "\(first)")
        #expect(first["message"] as? String == "file is not valid UTF-8 text (byte 0xE9); save it as UTF-8")
    }

    @Test("cases --format json lists the README example with id, title, line and decisions")
    func casesJSON() throws {
        let directory = try Self.directory(["example.yaml": try Self.example()])
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try CLI.run([
            "cases", "--format", "json", "--cases", directory.path, "--scoring", CLI.scoring.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLI.json(result.stdout)
        let cases = try #require(object["cases"] as? [[String: Any]], "\(result.stdout)")
        #expect(cases.count == 1)
        let first = try #require(cases.first)
        #expect(first["id"] as? String == "hb-401")
        #expect(first["title"] as? String == "Fourth line after HER2CLIMB")
        #expect(first["line"] as? Int == 4)
        #expect(first["decisions"] as? Int == 2)
    }

    @Test("the cases table and cases --format json count the same decisions, management turns included")
    func tableMatchesJSON() throws {
        let json = try CLI.run(["cases", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let cases = try #require(try CLI.json(json.stdout)["cases"] as? [[String: Any]])
        let text = try CLI.run(["cases"])
        #expect(text.status == 0, "\(text.stderr)")
        var counts: [String: Int] = [:]
        for line in text.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count > 2, fields[0].hasPrefix("hb-"), let count = Int(fields[2]) {
                counts[String(fields[0])] = count
            }
        }
        #expect(counts.count == cases.count, "\(text.stdout)")
        for entry in cases {
            let id = try #require(entry["id"] as? String)
            #expect(counts[id] == entry["decisions"] as? Int, "\(id)")
        }
        #expect(counts["hb-410"] == 4, "hb-410 opens on a management decision, then three regimen choices")
    }

    @Test("a nonexistent path exits 1 with a clear message")
    func nonexistentPath() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-case.yaml").path
        let result = try Self.lint([missing])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("\(missing): error: no such file or directory"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"))
        #expect(result.stdout.isEmpty)
    }

    @Test("cases --cases with a nonexistent directory exits 1 naming it")
    func casesNonexistentDirectory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-dir").path
        let result = try CLI.run(["cases", "--format", "json", "--cases", missing, "--scoring", CLI.scoring.path])
        #expect(result.status == 1, "status \(result.status), stdout \(result.stdout)")
        #expect(result.stderr.contains("error: no such directory: \(missing)\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty, "\(result.stdout)")
        #expect(!result.stderr.contains("Fatal error"))

        // A file is not a case directory either.
        let file = directory.appendingPathComponent("file.yaml")
        try "id: x\n".write(to: file, atomically: true, encoding: .utf8)
        let notDirectory = try CLI.run(["cases", "--cases", file.path, "--scoring", CLI.scoring.path])
        #expect(notDirectory.status == 1, "\(notDirectory.stdout)")
        #expect(notDirectory.stderr.contains("error: not a directory: \(file.path)\n"), "\(notDirectory.stderr)")
    }

    @Test("HER2SIM_CASES naming a missing directory fails cases and lint's default, naming the variable")
    func environmentNonexistentDirectory() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-dir").path
        for arguments in [["cases"], ["lint"]] {
            let result = try CLI.run(
                arguments + ["--scoring", CLI.scoring.path], environment: ["HER2SIM_CASES": missing])
            #expect(result.status == 1, "\(arguments): status \(result.status), stdout \(result.stdout)")
            #expect(
                result.stderr.contains("error: no such directory: \(missing) (from HER2SIM_CASES)"),
                "\(arguments): \(result.stderr)")
        }
        // An explicit --cases wins over the variable.
        let cases = try Self.directory(["example.yaml": try Self.example()])
        defer { try? FileManager.default.removeItem(at: cases) }
        let explicit = try CLI.run(
            ["cases", "--cases", cases.path, "--scoring", CLI.scoring.path], environment: ["HER2SIM_CASES": missing])
        #expect(explicit.status == 0, "\(explicit.stderr)")
    }

    @Test("an alias used as a mapping key does not hang lint", .timeLimit(.minutes(10)))
    func aliasKeyBomb() throws {
        // Nine levels of nine aliases, then the last one as a key: hashing that key walks 9⁹ nodes.
        var lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1..<9 {
            lines.append(
                "l\(level): &l\(level) [\(Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", "))]")
        }
        lines += ["? *l8", ": 1"]
        let directory = try Self.directory(["key-bomb.yaml": lines.joined(separator: "\n") + "\n"])
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("key-bomb.yaml").path

        let outcome = try Self.runWithDeadline(["lint", file, "--scoring", CLI.scoring.path], seconds: 5)
        #expect(outcome.finished, "lint was still running after 5 s and was killed")
        guard outcome.finished else { return }
        #expect(outcome.status == 1)
        // It finishes, so it can be run again to read what it says: the alias, located.
        let result = try Self.lint([file])
        #expect(result.stderr.contains("\(file):10:3: error: aliases may not be used as keys"), "\(result.stderr)")
    }

    /// Runs the binary; if it has not finished after `seconds`, kills it (the process this test
    /// started, by its pid; SIGKILL, since a signal mask inherited from the runner may hold SIGTERM).
    static func runWithDeadline(_ arguments: [String], seconds: Double) throws -> (finished: Bool, status: Int32) {
        let binary = try #require(CLI.binary)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = CLI.environment([:])
        process.currentDirectoryURL = CLI.repositoryRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return (false, process.terminationStatus)
        }
        return (true, process.terminationStatus)
    }
}
