import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Hostile input through the built binary (issue 8): invalid UTF-8, 100 MB files, deep nesting,
/// megabyte lines and control characters — in state files, Scoring/, --script files, cases and
/// piped standard input. Each gets one precise message and the documented exit status; nothing
/// crashes (a crash would end the process with a signal, not a status).
@Suite("Hostile input (the built binary)")
struct HostileCLITests {
    static let scoring = CLI.scoring.path

    /// p04's state file with `extra` appended to line `line` (1-based).
    static func state(appending extra: [UInt8], toLine line: Int) throws -> (data: Data, column: Int) {
        let text = try String(contentsOf: CLI.p04, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        let column = String(decoding: lines[line - 1], as: UTF8.self).unicodeScalars.count + 1
        lines[line - 1] += extra
        return (Data(lines.joined(separator: [0x0A])), column)
    }

    /// Copies the files of `source` into a new `destination` by their contents only (copyItem
    /// would also try to keep their owner, which fails for a user who does not own them).
    static func copyContents(of source: URL, to destination: URL) throws {
        try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try Data(contentsOf: source.appendingPathComponent(name)).write(
                to: destination.appendingPathComponent(name))
        }
    }

    /// A sparse file of `size` bytes: its size says 100 MB, its blocks hold nothing.
    static func sparse(_ url: URL, size: UInt64 = 100_000_000) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: size)
        try handle.close()
    }

    /// Runs the binary and checks it ended by itself (not by a signal such as a stack overflow).
    static func run(_ arguments: [String], input: Data? = nil) throws -> (result: CLI.Result, seconds: Double) {
        let started = Date()
        let result = try CLI.run(arguments, environment: ["HER2SIM_LEARNER": "", "NO_COLOR": "1"], input: input)
        #expect(
            !result.stderr.contains("Fatal error") && !result.stderr.contains("Stack dump"),
            "\(result.stderr.prefix(2_000))")
        #expect(
            [0, 1, 2, 64].contains(result.status),
            "status \(result.status): killed by a signal? \(result.stderr.prefix(2_000))")
        return (result, Date().timeIntervalSince(started))
    }

    static let records = [
        "--db",
        FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-hostile-cli-\(UUID().uuidString)/records.sqlite").path,
    ]

    // MARK: - Invalid UTF-8

    @Test("a state file with a Latin-1 byte: exit 1, its line, column and the byte")
    func invalidUTF8State() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (data, column) = try Self.state(appending: Array(" # caf".utf8) + [0xE9], toLine: 13)
        let file = directory.appendingPathComponent("state.yaml")
        try data.write(to: file)
        let (result, _) = try Self.run(["recommend", "--state", file.path, "--scoring", Self.scoring])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "\(file.path):13:\(column + 6): error: file is not valid UTF-8 text (byte 0xE9); save it as UTF-8\n")
        #expect(result.stdout.isEmpty)
    }

    @Test("a Scoring/ file with a Latin-1 byte: exit 2 (the knowledge base), located")
    func invalidUTF8Scoring() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scoring = directory.appendingPathComponent("Scoring")
        try Self.copyContents(of: CLI.scoring, to: scoring)
        let regimens = scoring.appendingPathComponent("regimens.yaml")
        let original = try Data(contentsOf: regimens)
        let lines = original.split(separator: 0x0A, omittingEmptySubsequences: false).count
        try (original + Data("# Kadcyla\u{AE} ".utf8) + Data([0xAE]) + Data("\n".utf8)).write(to: regimens)
        let (result, _) = try Self.run(["recommend", "--state", CLI.p04.path, "--scoring", scoring.path])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "regimens.yaml:\(lines):12: error: file is not valid UTF-8 text (byte 0xAE); save it as UTF-8\n"),
            "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a --script file with a Latin-1 byte: exit 1, located, and the REPL does not start")
    func invalidUTF8Script() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("commands.txt")
        try (Data("start hb-401 seed 3\nchoose caf".utf8) + Data([0xE9]) + Data("\nquit\n".utf8)).write(to: script)
        let (result, _) = try Self.run(["play", "--script", script.path, "--scoring", Self.scoring] + Self.records)
        #expect(result.status == 1)
        #expect(
            result.stderr == "\(script.path):2:11: error: file is not valid UTF-8 text (byte 0xE9); save it as UTF-8\n")
        #expect(result.stdout.isEmpty, "\(result.stdout.prefix(500))")
    }

    @Test("piped input with bytes that are not UTF-8: one message naming the column, then the REPL goes on")
    func invalidUTF8Stdin() throws {
        let input =
            Data("cases caf".utf8) + Data([0xE9]) + Data("\nstart hb-401 seed 3\n".utf8) + Data([0xFF, 0xFE])
            + Data("\nscore\nquit\n".utf8)
        let (result, _) = try Self.run(["play", "--scoring", Self.scoring] + Self.records, input: input)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(
            out.contains(
                "her2sim> cases caf\u{FFFD}\nthat line is not valid UTF-8 text (column 10); check your terminal's encoding,\n  and type a command such as 'help'\n"
            ), "\(out.suffix(1_500))")
        #expect(out.contains("her2sim hb-401 t1> \u{FFFD}\u{FFFD}\nthat line is not valid UTF-8 text (column 1);"))
        #expect(out.contains("Starting hb-401 with seed 3"))
        #expect(out.contains("her2sim hb-401 t1> score\nNo decisions yet: 0 of 30 points."), "\(out.suffix(800))")
        #expect(String(data: Data(out.utf8), encoding: .utf8) != nil)
    }

    // MARK: - 100 MB files

    @Test("100 MB case, state, Scoring/ and --script files are refused from their size, quickly")
    func hugeFiles() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let limit = "the limit is 2000000 bytes"

        let cases = directory.appendingPathComponent("Cases")
        try FileManager.default.createDirectory(at: cases, withIntermediateDirectories: true)
        let huge = cases.appendingPathComponent("huge.yaml")
        try Self.sparse(huge)
        let lint = try Self.run(["lint", huge.path, "--scoring", Self.scoring])
        #expect(lint.result.status == 1)
        #expect(
            lint.result.stderr.hasPrefix("\(huge.path): error: file is 100000000 bytes; \(limit)\n"),
            "\(lint.result.stderr)")
        // play offers the other cases and says why this one is missing.
        let play = try Self.run(
            ["play", "--cases", cases.path, "--scoring", Self.scoring] + Self.records, input: Data("quit\n".utf8))
        #expect(
            play.result.stderr.contains("\(huge.path): error: file is 100000000 bytes; \(limit)"),
            "\(play.result.stderr)")

        let state = directory.appendingPathComponent("state.yaml")
        try Self.sparse(state)
        let recommend = try Self.run(["recommend", "--state", state.path, "--scoring", Self.scoring])
        #expect(recommend.result.status == 1)
        #expect(recommend.result.stderr == "\(state.path): error: file is 100000000 bytes; \(limit)\n")

        let scoring = directory.appendingPathComponent("Scoring")
        try Self.copyContents(of: CLI.scoring, to: scoring)
        try Self.sparse(scoring.appendingPathComponent("rules.yaml"))
        let knowledge = try Self.run(["recommend", "--state", CLI.p04.path, "--scoring", scoring.path])
        #expect(knowledge.result.status == 2)
        #expect(
            knowledge.result.stderr.contains("rules.yaml: error: file is 100000000 bytes; \(limit)\n"),
            "\(knowledge.result.stderr)")

        let script = directory.appendingPathComponent("commands.txt")
        try Self.sparse(script)
        let scripted = try Self.run(["play", "--script", script.path, "--scoring", Self.scoring] + Self.records)
        #expect(scripted.result.status == 1)
        #expect(scripted.result.stderr == "\(script.path): error: file is 100000000 bytes; \(limit)\n")

        // 100 GB (sparse too): reading it would take minutes or exhaust memory, so this shows
        // the size is refused from the file's metadata. (Bounds are loose: the machine may be busy.)
        let enormous = directory.appendingPathComponent("enormous.yaml")
        try Self.sparse(enormous, size: 100_000_000_000)
        let refused = try Self.run(["recommend", "--state", enormous.path, "--scoring", Self.scoring])
        #expect(refused.result.stderr == "\(enormous.path): error: file is 100000000000 bytes; \(limit)\n")
        for (name, run) in [
            ("lint", lint), ("recommend", recommend), ("Scoring", knowledge), ("script", scripted), ("100 GB", refused),
        ] {
            #expect(run.seconds < 30, "\(name) took \(run.seconds) s: was the file read?")
        }
    }

    // MARK: - Deep nesting

    @Test("100,000 '[' or 1,900 ever-deeper indentations: exit 1 with the level that crosses 64, no stack overflow")
    func deepNesting() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flow = directory.appendingPathComponent("flow.yaml")
        try ("id: " + String(repeating: "[", count: 100_000) + "\n").write(to: flow, atomically: true, encoding: .utf8)
        let block = directory.appendingPathComponent("block.yaml")
        try (0..<1_900).map { String(repeating: " ", count: $0) + "k:\n" }.joined().write(
            to: block, atomically: true, encoding: .utf8)
        let message =
            "error: nesting is deeper than 64 levels (lists and mappings inside each other); her2sim files need fewer than 10"

        let lintFlow = try Self.run(["lint", flow.path, "--scoring", Self.scoring])
        #expect(lintFlow.result.status == 1)
        #expect(lintFlow.result.stderr.hasPrefix("\(flow.path):1:68: \(message)\n"), "\(lintFlow.result.stderr)")
        let lintBlock = try Self.run(["lint", block.path, "--scoring", Self.scoring])
        #expect(lintBlock.result.stderr.hasPrefix("\(block.path):65:65: \(message)\n"), "\(lintBlock.result.stderr)")
        // The same file as a state file.
        let state = try Self.run(["recommend", "--state", block.path, "--scoring", Self.scoring])
        #expect(state.result.status == 1)
        #expect(state.result.stderr == "\(block.path):65:65: \(message)\n")
    }

    // MARK: - Megabyte lines

    @Test("a 1 MB line, piped or in --script: refused, echoed short, and later commands work", .timeLimit(.minutes(10)))
    func megabyteLines() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Under the 2 MB limit of a script file.
        let commands =
            "choose \(String(repeating: "x", count: 1_000_000))\nstart hb-401 seed 3\n\(String(repeating: "x", count: 900_000))\nchoose tdm1\nscore\nquit\n"
        let script = directory.appendingPathComponent("commands.txt")
        try commands.write(to: script, atomically: true, encoding: .utf8)

        let piped = try Self.run(["play", "--scoring", Self.scoring] + Self.records, input: Data(commands.utf8))
        let scripted = try Self.run(["play", "--script", script.path, "--scoring", Self.scoring] + Self.records)
        for (name, run) in [("piped", piped), ("script", scripted)] {
            let out = run.result.stdout
            #expect(run.result.status == 0, "\(name): \(run.result.stderr)")
            #expect(
                out.contains(
                    "her2sim> choose " + String(repeating: "x", count: 113)
                        + "… (1000007 bytes)\nthat line is 1000007 bytes long; commands are short — try 'help'\n"),
                "\(name)")
            #expect(
                out.contains(
                    "her2sim hb-401 t1> " + String(repeating: "x", count: 120)
                        + "… (900000 bytes)\nthat line is 900000 bytes long;"), "\(name)")
            #expect(out.contains("You chose T-DM1"), "\(name): the REPL goes on")
            #expect(out.contains("her2sim hb-401 t2> score\n"), "\(name)")
            #expect(out.utf8.count < 100_000, "\(name): the long lines are not copied to the transcript")
            #expect(run.seconds < 30, "\(name) took \(run.seconds) s")
        }
        // The same, but for the session each run's quit offers to resume (they share --db).
        let session = #"her2sim resume \d+"#
        #expect(
            piped.result.stdout.replacingOccurrences(of: session, with: "her2sim resume N", options: .regularExpression)
                == scripted.result.stdout.replacingOccurrences(
                    of: session, with: "her2sim resume N", options: .regularExpression))

        // 8 MB without a line break: the reader keeps 64 KiB of it.
        let flood = try Self.run(
            ["play", "--scoring", Self.scoring] + Self.records,
            input: Data(repeating: UInt8(ascii: "y"), count: 8_000_000))
        #expect(flood.result.stdout.contains("… (8000000 bytes)\nthat line is 8000000 bytes long;"))
        #expect(flood.seconds < 30)
    }

    // MARK: - Control characters

    @Test("control characters in REPL lines are echoed as ^X and refused; none reaches the terminal")
    func controlCharactersInREPL() throws {
        let input = Data(
            "start hb-401 seed 3\n\u{1B}[2J\u{1B}]0;pwned\u{07}\nchoose\u{0}tdm1\n\u{9B}31m\nscore\nquit\n".utf8)
        let (result, _) = try Self.run(["play", "--scoring", Self.scoring] + Self.records, input: input)
        let out = result.stdout
        #expect(result.status == 0)
        #expect(
            out.contains(
                "her2sim hb-401 t1> ^[[2J^[]0;pwned^G\nthat line contains control characters; type a command such as 'help'\n"
            ), "\(out.suffix(1_000))")
        #expect(out.contains("her2sim hb-401 t1> choose^@tdm1\nthat line contains control characters"))
        #expect(out.contains("her2sim hb-401 t1> ^?31m\nthat line contains control characters"))
        #expect(out.contains("No decisions yet"))
        let controls = out.unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\n" }
        #expect(
            controls.isEmpty,
            "raw control characters in the transcript: \(controls.map { String($0.value, radix: 16) })")
    }

    @Test("a control character in a case file: exit 1, named and located")
    func controlCharacterInCase() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("case.yaml")
        try "id: hb-900\ntitle: \"Bell \u{07} here\"\n".write(to: file, atomically: true, encoding: .utf8)
        let (result, _) = try Self.run(["lint", file.path, "--scoring", Self.scoring])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "\(file.path):2:14: error: the control character U+0007 (bell) is not allowed in YAML text (only tab, line breaks and printable characters are); remove it (it may have been pasted in unseen)\n"
            ), "\(result.stderr)")
    }
}
