import Foundation
import Her2SimTestSupport
import Testing

/// The first hour of a newcomer: the README's set-up, an installed `her2sim` run from any
/// folder, shell completion, help texts that say what the program does.
@Suite("Set-up: README, install layout, completion, help")
struct SetupCLITests {
    static let readme =
        (try? String(contentsOf: CLI.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""

    /// Runs `/bin/sh -c script` in `directory`, with `PATH` first searching `bin`.
    static func shell(_ script: String, in directory: URL, bin: URL, sandbox: TestSandbox) throws -> CLI.Result {
        var environment = CLI.environment([:], sandbox: sandbox)
        environment["HER2SIM_CASES"] = nil
        environment["PATH"] = bin.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = environment
        process.currentDirectoryURL = directory
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr on its own thread so a full pipe never blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var stderr = Data()
        let errorHandle = errors.fileHandleForReading
        DispatchQueue.global().async(group: group) { stderr = errorHandle.readDataToEndOfFile() }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// PREFIX/bin/her2sim and PREFIX/share/her2sim/{Scoring,Cases}, as `make install` lays them out.
    static func install(into sandbox: TestSandbox) throws -> URL {
        let binary = try #require(CLI.binary)
        let prefix = sandbox.root.appendingPathComponent("prefix")
        let manager = FileManager.default
        try manager.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try manager.createDirectory(
            at: prefix.appendingPathComponent("share/her2sim"), withIntermediateDirectories: true)
        try manager.copyItem(at: binary, to: prefix.appendingPathComponent("bin/her2sim"))
        for folder in ["Scoring", "Cases"] {
            try manager.copyItem(
                at: CLI.repositoryRoot.appendingPathComponent(folder),
                to: prefix.appendingPathComponent("share/her2sim/\(folder)"))
        }
        return prefix
    }

    @Test("the README's set-up is make run and make test, and says what they install and where Swift comes from")
    func readmeSetUp() throws {
        let quickStart = try #require(Self.readme.components(separatedBy: "## Quick start").dropFirst().first)
        let block = try #require(
            quickStart.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        let commands = block.split(separator: "\n").map {
            $0.split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
        }
        #expect(commands == ["make run", "make test"])
        for word in ["libreadline-dev", "libsqlite3-dev", "tmux", "swift.org", "swiftly", "make install PREFIX="] {
            #expect(quickStart.contains(word), "the quick start does not mention \(word)")
        }
        // One way to call the program.
        #expect(!Self.readme.contains(".build/debug/her2sim"))
    }

    @Test("the README's lint example is what lint prints")
    func readmeLintExample() throws {
        let marker = "$ her2sim lint Examples/draft-case.yaml\n"
        let after = try #require(Self.readme.components(separatedBy: marker).dropFirst().first)
        let shown = after.components(separatedBy: "\n$ ").first ?? ""
        let result = try CLI.run(["lint", "Examples/draft-case.yaml"])
        #expect(result.status == 1)
        #expect(
            result.stderr + result.stdout == shown + "\n", "README:\n\(shown)\nreal:\n\(result.stderr)\(result.stdout)")
    }

    @Test("an installed her2sim runs from any folder, called by name, with share/her2sim beside bin")
    func installedLayout() throws {
        let sandbox = TestSandbox("install")
        defer { sandbox.remove() }
        let prefix = try Self.install(into: sandbox)
        let elsewhere = sandbox.home
        let cases = try Self.shell(
            "her2sim cases --format json", in: elsewhere, bin: prefix.appendingPathComponent("bin"), sandbox: sandbox)
        #expect(cases.status == 0, "\(cases.stderr)")
        #expect(cases.stdout.contains("\"hb-401\""))
        // The cases come from the installed copy, not from a checkout it might find by chance.
        #expect(
            cases.stdout.contains(prefix.appendingPathComponent("share/her2sim/Cases/hb-401.yaml").path),
            "\(cases.stdout.prefix(400))")
        let ranked = try Self.shell(
            "her2sim recommend --case hb-401 --format json", in: elsewhere,
            bin: prefix.appendingPathComponent("bin"), sandbox: sandbox)
        #expect(ranked.status == 0, "\(ranked.stderr)")
        #expect(ranked.stdout.contains("\"rank\": 1"))
        // Without share/her2sim, the same program says what is missing (so the layout is what made it work).
        try FileManager.default.removeItem(at: prefix.appendingPathComponent("share"))
        let missing = try Self.shell(
            "her2sim cases", in: elsewhere, bin: prefix.appendingPathComponent("bin"), sandbox: sandbox)
        #expect(missing.status != 0)
    }

    @Test("bash completion offers case ids and regimen ids from Cases/ and Scoring/")
    func bashCompletion() throws {
        let sandbox = TestSandbox("completion")
        defer { sandbox.remove() }
        let prefix = try Self.install(into: sandbox)
        func complete(_ line: String) throws -> [String] {
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(
                separator: " ")
            let script = """
                source <(her2sim --generate-completion-script bash)
                COMP_WORDS=(\(words)); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
                _her2sim her2sim "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let run = try Self.shell(
                "bash -c '\(script.replacingOccurrences(of: "'", with: "'\\''"))'", in: sandbox.home,
                bin: prefix.appendingPathComponent("bin"), sandbox: sandbox)
            #expect(run.status == 0, "\(run.stderr)")
            return run.stdout.split(separator: "\n").map(String.init)
        }
        let cases = try complete("her2sim play hb-40")
        #expect(cases.contains("hb-401") && cases.contains("hb-403"), "\(cases)")
        #expect(cases.allSatisfy { $0.hasPrefix("hb-40") })
        let regimens = try complete("her2sim recommend --case hb-401 --turn 2 --path tdm1,tuc")
        #expect(regimens == ["tdm1,tucatinib-trastuzumab-capecitabine"])
        let report = try complete("her2sim report --case hb-41")
        #expect(report.contains("hb-410"), "\(report)")
        let trials = try complete("her2sim calibrate --trial DESTINY-Breast0")
        #expect(
            trials.contains("DESTINY-Breast03") && trials.allSatisfy { $0.hasPrefix("DESTINY-Breast0") }, "\(trials)")
    }

    @Test("zsh and fish scripts are generated and call back for case ids", arguments: ["zsh", "fish"])
    func otherShells(_ shell: String) throws {
        let result = try CLI.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        #expect(
            result.stdout.contains("---completion play -- positional@0")
                || result.stdout.contains("---completion play -- positional"),
            "\(shell) script does not complete case ids")
    }

    @Test("help texts: resume offers no --seed; no default is printed twice")
    func helpTexts() throws {
        let resume = try CLI.run(["resume", "--help"])
        #expect(resume.status == 0)
        #expect(!resume.stdout.contains("--seed"))
        let play = try CLI.run(["play", "--help"])
        #expect(play.stdout.contains("--seed"))
        let twice = try NSRegularExpression(pattern: #"\(default: ([^)]*)\)\.? \(default: \1\)"#)
        for command in ["play", "resume", "recommend", "lint", "cases", "report", "calibrate", "playtest", "export"] {
            let help = try CLI.run([command, "--help"]).stdout
            // Wrapped lines joined: a default may be repeated across a line break.
            let text = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let range = NSRange(text.startIndex..., in: text)
            #expect(twice.firstMatch(in: text, range: range) == nil, "\(command) --help repeats a default:\n\(help)")
        }
    }
}
