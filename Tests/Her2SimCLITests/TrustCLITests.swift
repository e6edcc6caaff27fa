import Foundation
import Testing

/// Issue 16 with the built binary: files that lie about their size, a FIFO history file, CRLF
/// scripts, and hostile learner names on a real terminal.
@Suite("Hostile files and names (issue 16)", .serialized)
struct TrustCLITests {
    static func scratch(_ name: String = #function) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-trust-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(
        "/proc/self/pagemap (size 0, endless content) is refused by --state, --script and lint, without a crash",
        arguments: [["recommend", "--state"], ["play", "--script"], ["lint"]])
    func pagemap(_ command: [String]) throws {
        try #require(FileManager.default.fileExists(atPath: "/proc/self/pagemap"))
        let db = try Self.scratch().appendingPathComponent("records.sqlite").path
        let extra = command[0] == "play" ? ["--db", db] : []
        let result = try CLI.run(command + ["/proc/self/pagemap"] + extra)
        #expect(result.status == 1, "status \(result.status): \(result.stderr.prefix(400))")
        #expect(
            result.stderr.contains("more than 2000000 bytes") || result.stderr.contains("the limit is"),
            "\(result.stderr.prefix(400))")
    }

    @Test("a FIFO --script or --state is refused at once, not waited on")
    func fifoInputs() throws {
        let fifo = try Self.scratch().appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let script = try CLI.run(["play", "--script", fifo, "--db", fifo + ".sqlite"])
        #expect(script.status == 1)
        #expect(script.stderr.contains("not a regular file; expected a script file"), "\(script.stderr)")
        #expect(!script.stderr.contains("YAML"))
        let state = try CLI.run(["recommend", "--state", fifo])
        #expect(state.status == 1)
        #expect(state.stderr.contains("not a regular file; expected a YAML file"), "\(state.stderr)")
    }

    @Test("a --script with CRLF line endings plays like the same lines with LF")
    func crlfScript() throws {
        let directory = try Self.scratch()
        let lf = directory.appendingPathComponent("lf.txt")
        let crlf = directory.appendingPathComponent("crlf.txt")
        let lines = ["start hb-401 seed 7", "choose tdm1", "score", "quit"]
        try (lines.joined(separator: "\n") + "\n").write(to: lf, atomically: true, encoding: .utf8)
        try (lines.joined(separator: "\r\n") + "\r\n").write(to: crlf, atomically: true, encoding: .utf8)
        let a = try CLI.run(["play", "--script", lf.path, "--db", directory.appendingPathComponent("a.sqlite").path])
        let b = try CLI.run(["play", "--script", crlf.path, "--db", directory.appendingPathComponent("b.sqlite").path])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stdout.contains("You chose"))
        // The two runs differ only in the records file the resume hint names.
        #expect(a.stdout.replacingOccurrences(of: "a.sqlite", with: "b.sqlite") == b.stdout)
        #expect(!b.stdout.contains("^M"))
    }

    @Test("a hostile --db path or learner name cannot drive the terminal through an error message")
    func hostileTextInErrors() throws {
        let directory = try Self.scratch()
        let file = directory.appendingPathComponent("file")
        try "not a directory".write(to: file, atomically: true, encoding: .utf8)
        let script = directory.appendingPathComponent("script.txt")
        try "quit\n".write(to: script, atomically: true, encoding: .utf8)
        let db = file.appendingPathComponent("x\u{1B}]0;pwned\u{07}/records.sqlite").path
        let result = try CLI.run(["play", "hb-401", "--db", db, "--script", script.path])
        #expect(result.status == 1)
        let learner = try CLI.run([
            "play", "hb-401", "--learner", "\u{1B}[2Jana", "--script", script.path,
            "--db", directory.appendingPathComponent("r.sqlite").path,
        ])
        #expect(learner.status == 1)
        #expect(!learner.stderr.contains("\u{1B}"))
        #expect(learner.stderr.contains("U+001B"), "\(learner.stderr)")
        #expect(!result.stderr.contains("\u{1B}"), "\(result.stderr.debugDescription)")
        #expect(!result.stderr.contains("\u{07}"))
        #expect(result.stderr.contains("^["), "\(result.stderr)")
    }

    @Test("a directory as --script says 'expected a script file'")
    func scriptWording() throws {
        let directory = try Self.scratch()
        let result = try CLI.run([
            "play", "--script", directory.path, "--db", directory.appendingPathComponent("r.sqlite").path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("it is a directory; expected a script file"), "\(result.stderr)")
    }

    @Test("a FIFO history file: interactive play warns, works and ends with Ctrl-D")
    func fifoHistory() throws {
        let binary = try #require(CLI.binary)
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is needed (make test-deps)")
        let tmux = try TerminalSessionTests.Tmux()
        let folder = tmux.dataHome.appendingPathComponent("her2sim")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        #expect(mkfifo(folder.appendingPathComponent("history").path, 0o600) == 0)
        try tmux.start(binary: binary)
        let screen = try tmux.waitFor("her2sim>")
        #expect(
            screen.replacingOccurrences(of: "\n", with: "").contains(
                "is a FIFO (named pipe), not a regular file; line history is not kept"),
            "\(screen)")
        try tmux.send("help", "Enter")
        try tmux.waitFor("Commands:")
        try tmux.send("C-d")
        #expect(try tmux.exitStatus() == "0")
    }

    @Test("hostile learner names on a real terminal: report neither clears nor retitles the screen, nor forges lines")
    func hostileNamesOnATerminal() throws {
        let binary = try #require(CLI.binary)
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is needed (make test-deps)")
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "python3 is needed")
        let directory = try Self.scratch()
        let db = directory.appendingPathComponent("records.sqlite").path
        let script = directory.appendingPathComponent("s.txt")
        try "choose tdm1\nquit\n".write(to: script, atomically: true, encoding: .utf8)
        let names = ["\u{1B}[2J\u{1B}[Hcleared", "\u{1B}]0;pwned-title\u{07}", "bell\u{07}\rforged 2025-01-01 100%"]
        for (index, _) in names.enumerated() {
            let played = try CLI.run([
                "play", "hb-401", "--seed", "\(index + 1)", "--learner", "fellow\(index)",
                "--db", db, "--script", script.path,
            ])
            try #require(played.status == 0, "\(played.stderr)")
        }
        // An older her2sim stored these names as given.
        let rename = try Process.run(
            URL(fileURLWithPath: "/usr/bin/python3"),
            arguments: [
                "-c",
                """
                import sqlite3, sys, json
                c = sqlite3.connect(sys.argv[1])
                for i, name in enumerate(json.loads(sys.argv[2])):
                    c.execute("UPDATE learners SET name = ? WHERE name = ?", (name, "fellow%d" % i))
                c.commit()
                """, db, String(decoding: try JSONSerialization.data(withJSONObject: names), as: UTF8.self),
            ])
        rename.waitUntilExit()
        try #require(rename.terminationStatus == 0)

        let tmux = try TerminalSessionTests.Tmux()
        try tmux.start(
            binary: binary, arguments: ["report", "--db", db],
            setup: "printf '\\033]0;original-title\\007'; echo MARKER-BEFORE-REPORT;")
        let screen = try tmux.waitFor("Progress")
        #expect(try tmux.exitStatus() == "0")
        let final = try tmux.screen()
        #expect(final.contains("MARKER-BEFORE-REPORT"), "the report cleared the screen:\n\(screen)")
        #expect(final.contains("^[[2J^[[Hcleared"))
        #expect(!final.split(separator: "\n").contains { $0.hasPrefix("forged") })
        let title = try tmux.tmux(["display-message", "-p", "-t", "main", "#{pane_title}"])
        #expect(!title.contains("pwned"), "the report retitled the terminal: \(title)")
    }
}
