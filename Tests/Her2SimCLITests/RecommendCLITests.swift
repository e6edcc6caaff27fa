import Foundation
import Her2SimTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the built `her2sim` binary and captures what it prints.
enum CLI {
    static let repositoryRoot = RepositoryRoot.url
    static let scoring = repositoryRoot.appendingPathComponent("Scoring")
    static let coreFixtures = repositoryRoot.appendingPathComponent("Tests/Her2SimCoreTests/Fixtures")
    static let p04 = coreFixtures.appendingPathComponent("vignettes/p04-fourth-after-her2climb.yaml")

    /// `her2sim` beside the test bundle: the products directory of the build.
    static let binary: URL? = BuiltProduct.her2sim

    typealias Result = ProcessOutput

    private final class Box: @unchecked Sendable {
        var data = Data()
    }

    /// The environment every run starts from: no knowledge-base override, no colour opt-out, and
    /// HOME and XDG folders of its own (`sandbox`), so no run touches the user's records.
    /// `extra` may still name its own locations (a test's XDG_DATA_HOME).
    static func environment(
        _ extra: [String: String], base: [String: String] = ProcessInfo.processInfo.environment,
        sandbox: TestSandbox = .shared
    ) -> [String: String] {
        var environment = sandbox.environment(base)
        environment["HER2SIM_SCORING"] = nil
        environment["HER2SIM_CASES"] = nil
        environment["NO_COLOR"] = nil
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs the binary with `arguments`, in a sandbox of its own (removed afterwards) unless
    /// `sandbox` is given; `base` is the environment the run starts from.
    static func run(
        _ arguments: [String], environment extra: [String: String] = [:], input: Data? = nil,
        base: [String: String] = ProcessInfo.processInfo.environment,
        sandbox given: TestSandbox? = nil
    ) throws -> Result {
        let binary = try #require(
            binary, "the her2sim binary is not beside the test bundle (\(Bundle.main.bundleURL.path))")
        let sandbox = given ?? TestSandbox()
        defer { if given == nil { sandbox.remove() } }
        return try ProcessRunner.run(
            binary, arguments, environment: environment(extra, base: base, sandbox: sandbox),
            directory: repositoryRoot, input: input)
    }

    /// Runs with standard output on a pseudo-terminal (so the program believes it is interactive).
    static func runOnTerminal(_ arguments: [String], environment extra: [String: String]) throws -> Result {
        let binary = try #require(binary)
        let sandbox = TestSandbox()
        defer { sandbox.remove() }
        let pty = try #require(PseudoTerminal.functions, "posix_openpt, grantpt, unlockpt or ptsname is missing")
        let master = pty.open(O_RDWR | O_NOCTTY)
        try #require(master >= 0, "posix_openpt failed")
        defer { close(master) }
        try #require(pty.grant(master) == 0 && pty.unlock(master) == 0)
        let name = try #require(pty.name(master).map { String(cString: $0) })
        let slave = open(name, O_RDWR | O_NOCTTY)
        try #require(slave >= 0, "cannot open \(name)")
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        let errors = Pipe()
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = environment(extra, sandbox: sandbox)
        process.currentDirectoryURL = repositoryRoot
        process.standardOutput = terminal
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            close(slave)
            throw error
        }
        close(slave)
        let stderrBox = Box()
        let errorHandle = errors.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderrBox.data = errorHandle.readDataToEndOfFile() }
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count > 0 {
                output.append(contentsOf: buffer[0..<count])
            } else if count < 0, errno == EINTR {
                continue
            } else {
                break // EOF, or EIO once the child has closed the terminal
            }
        }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: output, as: UTF8.self),
            stderr: String(decoding: stderrBox.data, as: UTF8.self))
    }

    static var terminalsAvailable: Bool {
        PseudoTerminal.functions != nil && FileManager.default.fileExists(atPath: "/dev/ptmx")
    }

    /// A fresh directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "not a JSON object: \(text.prefix(200))")
    }
}

/// The POSIX pseudo-terminal calls, looked up at run time (Glibc's module map hides them).
enum PseudoTerminal {
    typealias FileFunction = @convention(c) (Int32) -> Int32
    typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    struct Functions {
        var open: FileFunction
        var grant: FileFunction
        var unlock: FileFunction
        var name: NameFunction
    }

    static var functions: Functions? {
        guard let handle = dlopen(nil, RTLD_NOW) else { return nil }
        func symbol<T>(_ name: String, _ type: T.Type) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        guard let open = symbol("posix_openpt", FileFunction.self), let grant = symbol("grantpt", FileFunction.self),
            let unlock = symbol("unlockpt", FileFunction.self), let name = symbol("ptsname", NameFunction.self)
        else {
            return nil
        }
        return Functions(open: open, grant: grant, unlock: unlock, name: name)
    }
}

@Suite("her2sim recommend (the built binary)")
struct RecommendCLITests {
    static let escape = "\u{1B}["

    @Test("the binary is found beside the test bundle")
    func binaryExists() throws {
        let binary = try #require(CLI.binary)
        #expect(binary.lastPathComponent == "her2sim")
    }

    @Test("recommend --choice: the assessment and what would have put the choice first")
    func choice() throws {
        let json = try CLI.run([
            "recommend", "--state", CLI.p04.path, "--format", "json", "--choice", "trastuzumab-paclitaxel",
            "--scoring", CLI.scoring.path,
        ])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try CLI.json(json.stdout)
        #expect(object.keys.contains("options") && object.keys.contains("line"))
        let choice = try #require(object["choice"] as? [String: Any])
        #expect(choice["regimen"] as? String == "trastuzumab-taxane")
        #expect(choice["reference"] as? String == "tdm1")
        let counterfactual = try #require(choice["counterfactual"] as? [String: Any])
        #expect((counterfactual["text"] as? String)?.isEmpty == false)
        let text = try CLI.run(
            ["recommend", "--state", CLI.p04.path, "--choice", "tdxd", "--scoring", CLI.scoring.path],
            environment: ["NO_COLOR": "1"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("What would have put tdxd first"))
        #expect(text.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let bad = try CLI.run([
            "recommend", "--state", CLI.p04.path, "--choice", "tdm-1", "--scoring", CLI.scoring.path,
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("unknown regimen 'tdm-1'"))
        #expect(bad.stderr.contains("did you mean"))
    }

    @Test("recommend --format json for p04: documented shape, T-DM1 first")
    func jsonForP04() throws {
        let result = try CLI.run([
            "recommend", "--state", CLI.p04.path, "--format", "json", "--scoring", CLI.scoring.path,
        ])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        let object = try CLI.json(result.stdout)
        #expect(Set(object.keys) == ["line", "options"])
        #expect(object["line"] as? Int == 4)
        let options = try #require(object["options"] as? [[String: Any]], "options is not a list of objects")
        #expect(options.count == 21)
        #expect(options.compactMap { $0["rank"] as? Int } == Array(1...21))
        let regimens = options.compactMap { $0["regimen"] as? String }
        #expect(regimens.count == 21 && Set(regimens).count == 21, "every regimen appears once: \(regimens)")

        let first = try #require(options.first)
        #expect(first["regimen"] as? String == "tdm1")
        #expect(first["tier"] as? String == "preferred")
        #expect(first["rank"] as? Int == 1)
        let firstReasons = try #require(first["reasons"] as? [[String: Any]])
        let cited = Set(firstReasons.flatMap { $0["sources"] as? [String] ?? [] })
        #expect(cited.contains("HER2CLIMB"), "tdm1 cites \(cited)")
        #expect(cited.contains("EXPERT-PANEL-2025"), "tdm1 cites \(cited)")

        let tiers = ["preferred", "recommended", "conditional", "not-recommended", "contraindicated"]
        var previousTier = 0
        for option in options {
            #expect(Set(option.keys) == ["regimen", "tier", "rank", "reasons"], "\(option)")
            let tier = try #require(option["tier"] as? String)
            let tierIndex = try #require(tiers.firstIndex(of: tier), "unknown tier \(tier)")
            #expect(tierIndex >= previousTier, "ranks follow tier first")
            previousTier = tierIndex
            let reasons = try #require(option["reasons"] as? [[String: Any]], "\(option)")
            for reason in reasons {
                #expect(Set(reason.keys) == ["rule", "text", "sources"], "\(reason)")
                #expect(!((reason["rule"] as? String) ?? "").isEmpty)
                #expect(!((reason["text"] as? String) ?? "").isEmpty)
                #expect(!((reason["sources"] as? [String]) ?? []).isEmpty, "\(reason)")
            }
        }
    }

    @Test("a misspelled regimen exits 1 with a located did-you-mean")
    func misspelledRegimen() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lines = [
            "id: typo", // 1
            "title: Third line, T-DM1 misspelled", // 2
            "notes: the typo must stay on line 13", // 3
            "history:", // 4
            "- regimen: thp", // 5
            "  months: 26",
            "  response: partial",
            "  stopped: progression",
            "- regimen: tdxd", // 9
            "  months: 19",
            "  response: partial",
            "  stopped: progression",
            "- regimen: tdm-1", // 13
            "  months: 7",
            "  stopped: progression",
            "patient:",
            "  age: 49",
            "  ecog: 1",
            "  hormone-receptor: positive",
            "  lvef: 62",
        ]
        try #require(lines[12] == "- regimen: tdm-1")
        let text = lines.joined(separator: "\n") + "\n"
        let state = directory.appendingPathComponent("typo.yaml")
        try text.write(to: state, atomically: true, encoding: .utf8)

        let result = try CLI.run(["recommend", "--state", state.path, "--scoring", CLI.scoring.path])
        #expect(result.status == 1, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains(":13:"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'tdm1'?"), "\(result.stderr)")
        #expect(
            result.stderr.contains("\(state.path):13:12: error: unknown regimen 'tdm-1' (did you mean 'tdm1'?)"),
            "\(result.stderr)")
    }

    @Test("a missing state file exits 1 naming the file, without a crash")
    func missingStateFile() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("no-such-patient.yaml").path
        let result = try CLI.run(["recommend", "--state", missing, "--scoring", CLI.scoring.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(missing), "\(result.stderr)")
        #expect(result.stderr.contains("error:"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        #expect(!result.stderr.contains("Stack dump"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a missing knowledge base exits 2")
    func missingScoring() throws {
        let result = try CLI.run(["recommend", "--state", CLI.p04.path, "--scoring", "/nonexistent"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("/nonexistent"), "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a broken rules.yaml exits 2 with a located error")
    func brokenRules() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scoring = directory.appendingPathComponent("Scoring")
        try FileManager.default.copyItem(at: CLI.scoring, to: scoring)
        let rulesURL = scoring.appendingPathComponent("rules.yaml")
        let rules = try String(contentsOf: rulesURL, encoding: .utf8)
        let range = try #require(rules.range(of: "    section: safety\n"), "rules.yaml has no safety section to break")
        let line = rules[..<range.lowerBound].filter { $0 == "\n" }.count + 1
        try rules.replacingCharacters(in: range, with: "    section: safety: hard-limits\n")
            .write(to: rulesURL, atomically: true, encoding: .utf8)

        let result = try CLI.run(["recommend", "--state", CLI.p04.path, "--scoring", scoring.path])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("rules.yaml:\(line):20: error:"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("text output to a pipe has no ANSI escapes (Scoring/ found from the working directory)")
    func textToPipeIsPlain() throws {
        let result = try CLI.run(
            ["recommend", "--state", CLI.p04.path],
            environment: ["TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Line 4"), "\(result.stdout)")
        #expect(result.stdout.contains("tdm1"))
        #expect(!result.stdout.contains(Self.escape))
    }

    @Test("text output cites sources as short citations; JSON keeps the bare ids")
    func shortCitationsInText() throws {
        let base = [
            "recommend", "--state", CLI.p04.path, "--scoring", CLI.scoring.path, "--choice", "neratinib-capecitabine",
        ]
        let text = try CLI.run(base, environment: ["NO_COLOR": "1"])
        #expect(text.status == 0, "\(text.stderr)")
        let flat = text.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("HER2CLIMB (Murthy, NEJM 2020)"), "\(text.stdout)")
        // The assessed choice's own reasons (after "Your choice") cite the same way.
        let choice = try #require(flat.range(of: "Your choice")).upperBound
        #expect(flat[choice...].contains("NALA (Saura, JCO 2020)"), "\(text.stdout)")
        #expect(!flat.contains("NALA, "), "a bare id list was printed: \(text.stdout)")
        let json = try CLI.run(base + ["--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout.contains("\"HER2CLIMB\""))
        #expect(!json.stdout.contains("Murthy"))
    }

    @Test("text output with NO_COLOR has no ANSI escapes")
    func noColorIsPlain() throws {
        let result = try CLI.run(
            ["recommend", "--state", CLI.p04.path, "--scoring", CLI.scoring.path],
            environment: ["NO_COLOR": "1", "TERM": "xterm-256color"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Line 4"))
        #expect(!result.stdout.contains(Self.escape))
    }

    @Test(
        "on a terminal the table is coloured, unless NO_COLOR or TERM=dumb",
        .enabled(if: CLI.terminalsAvailable), .timeLimit(.minutes(10)))
    func terminalColour() throws {
        let arguments = ["recommend", "--state", CLI.p04.path, "--scoring", CLI.scoring.path]
        let coloured = try CLI.runOnTerminal(arguments, environment: ["TERM": "xterm-256color"])
        #expect(coloured.status == 0, "\(coloured.stderr)")
        #expect(coloured.stdout.contains("tdm1"))
        #expect(coloured.stdout.contains(Self.escape), "a terminal should get colour")

        let noColor = try CLI.runOnTerminal(arguments, environment: ["TERM": "xterm-256color", "NO_COLOR": "1"])
        #expect(noColor.status == 0, "\(noColor.stderr)")
        #expect(noColor.stdout.contains("tdm1"))
        #expect(!noColor.stdout.contains(Self.escape), "NO_COLOR must turn colour off")

        let dumb = try CLI.runOnTerminal(arguments, environment: ["TERM": "dumb"])
        #expect(dumb.stdout.contains("tdm1"))
        #expect(!dumb.stdout.contains(Self.escape), "TERM=dumb must turn colour off")
    }

    @Test("--help exits 0 and says the patients are synthetic")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect((result.stdout + result.stderr).contains("synthetic"), "\(result.stdout)")
        #expect(result.stdout.contains("recommend"))
    }
}
