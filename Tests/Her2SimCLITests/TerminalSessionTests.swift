import Foundation
import Testing

/// Drives the real binary in tmux, as a fellow would: TAB completion, Ctrl-C, Ctrl-D, history.
@Suite("REPL in a real terminal (tmux)", .serialized)
struct TerminalSessionTests {
    /// A private tmux server with one 100×50 window running her2sim.
    final class Tmux {
        let socket = "her2sim-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "her2sim-tmux-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        }

        deinit {
            _ = try? tmux(["kill-server"])
            try? FileManager.default.removeItem(at: directory)
        }

        var exitFile: URL { directory.appendingPathComponent("exit-status") }
        var dataHome: URL { directory.appendingPathComponent("data") }

        /// Runs tmux with posix_spawn and waitpid: Foundation's Process can miss the exit of a
        /// client whose server daemonizes, and hang. Output goes to a file, never a pipe the
        /// server could inherit.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let outputFile = directory.appendingPathComponent("tmux-output")
            _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
            var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_TRUNC, 0o600)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
            let argv = ["tmux", "-L", socket] + arguments
            var cArguments = argv.map { strdup($0) } + [nil]
            defer { for argument in cArguments { free(argument) } }
            // Start tmux (and so its panes) with default signal handling and nothing blocked,
            // as a login shell would, whatever the test runner does with its own signals.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var empty = sigset_t()
            sigemptyset(&empty)
            var all = sigset_t()
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &empty)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
            try #require(spawned == 0, "cannot start tmux (error \(spawned))")
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            return (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        }

        func start(binary: URL) throws {
            let command =
                "cd '\(CLI.repositoryRoot.path)' && env -u NO_COLOR -u HER2SIM_SCORING -u HER2SIM_CASES HOME='\(directory.path)/home' XDG_DATA_HOME='\(dataHome.path)' XDG_CACHE_HOME='\(directory.path)/cache' XDG_CONFIG_HOME='\(directory.path)/config' XDG_STATE_HOME='\(directory.path)/state' TERM=xterm-256color '\(binary.path)'; echo $? > '\(exitFile.path)'; sleep 30"
            try tmux(["new-session", "-d", "-x", "100", "-y", "50", "-s", "main", command])
        }

        /// Runs `arguments` of the binary in the pane, with this terminal's data home; `setup` is
        /// shell run before it.
        func start(binary: URL, arguments: [String], setup: String = "") throws {
            let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
                separator: " ")
            let command =
                "cd '\(CLI.repositoryRoot.path)' && \(setup) env -u NO_COLOR -u HER2SIM_SCORING XDG_DATA_HOME='\(dataHome.path)' TERM=xterm-256color '\(binary.path)' \(quoted); echo $? > '\(exitFile.path)'; sleep 30"
            try tmux(["new-session", "-d", "-x", "100", "-y", "50", "-s", "main", command])
        }

        /// The exit status once the program has ended (waits up to 10 s).
        func exitStatus() throws -> String? {
            let deadline = ContinuousClock.now + .seconds(10)
            while !FileManager.default.fileExists(atPath: exitFile.path), ContinuousClock.now < deadline {
                usleep(50_000)
            }
            return (try? String(contentsOf: exitFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func send(_ keys: String...) throws {
            try tmux(["send-keys", "-t", "main"] + keys)
        }

        func screen() throws -> String {
            try tmux(["capture-pane", "-p", "-t", "main", "-S", "-200"])
        }

        /// Waits until the screen contains `text` (up to 10 s); returns the screen.
        @discardableResult
        func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
            let deadline = ContinuousClock.now + timeout
            var last = ""
            while ContinuousClock.now < deadline {
                last = try screen()
                if last.contains(text) { return last }
                usleep(50_000)
            }
            Issue.record("timed out waiting for \(text.debugDescription); screen:\n\(last)")
            return last
        }

        func lastLine() throws -> String {
            try screen().split(separator: "\n").last.map(String.init) ?? ""
        }
    }

    @Test("prompt, TAB completion, a decision, Ctrl-C, Ctrl-D and the history file")
    func interactiveSession() throws {
        let binary = try #require(CLI.binary)
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"),
            "tmux is needed: apt-get install tmux (make test installs it)")
        let tmux = try Tmux()
        try tmux.start(binary: binary)
        try tmux.waitFor("her2sim>")

        try tmux.send("he", "Tab")
        try tmux.waitFor("her2sim> help")
        try tmux.send("Enter")
        try tmux.waitFor("Commands:")

        try tmux.send("start hb-401 seed 7", "Enter")
        try tmux.waitFor("decision 1 of")
        try tmux.waitFor("her2sim hb-401 t1>")

        try tmux.send("choose tdm", "Tab")
        try tmux.waitFor("her2sim hb-401 t1> choose tdm1")
        try tmux.send("Enter")
        // At a terminal her2sim asks how sure the fellow is before showing the verdict.
        let asked = try tmux.waitFor("How sure are you? (0–100, Enter to skip)")
        #expect(!asked.contains("You chose"))
        try tmux.send("80", "Enter")
        let decided = try tmux.waitFor("You chose")
        #expect(decided.contains("preferred"))
        #expect(decided.contains("reference's first choice") || decided.contains("Reference first choice"))

        // TAB twice lists the canonical ids that fit what was typed, not their ~35 aliases.
        try tmux.send("info t", "Tab", "Tab")
        // Readline prints the list, then the prompt and the line again.
        var screen = try tmux.waitFor("> info t")
        let listedBy = ContinuousClock.now + .seconds(10)
        while screen.components(separatedBy: "> info t").count < 3, ContinuousClock.now < listedBy {
            usleep(50_000)
            screen = try tmux.screen()
        }
        let parts = screen.components(separatedBy: "> info t")
        let listed = parts.count >= 3 ? parts[parts.count - 2] : ""
        #expect(listed.contains("tdxd") && listed.contains("tucatinib-trastuzumab-capecitabine"), "\(listed)")
        #expect(!listed.contains("t-dxd") && !listed.contains("ttc") && !listed.contains("tukysa"), "\(listed)")
        try tmux.send("C-c")
        usleep(300_000)

        // Ctrl-C drops the line being typed and keeps the program.
        try tmux.send("this line is abandoned")
        try tmux.waitFor("this line is abandoned")
        try tmux.send("C-c")
        usleep(300_000)
        try tmux.send("score", "Enter")
        try tmux.waitFor("Total:")
        #expect(!FileManager.default.fileExists(atPath: tmux.exitFile.path), "Ctrl-C ended the program")

        // Ctrl-D on an empty line ends cleanly with status 0.
        try tmux.send("C-d")
        let deadline = ContinuousClock.now + .seconds(10)
        while !FileManager.default.fileExists(atPath: tmux.exitFile.path), ContinuousClock.now < deadline {
            usleep(50_000)
        }
        let status = try String(contentsOf: tmux.exitFile, encoding: .utf8).trimmingCharacters(
            in: .whitespacesAndNewlines)
        #expect(status == "0")
        let history = tmux.dataHome.appendingPathComponent("her2sim/history")
        let recorded = try String(contentsOf: history, encoding: .utf8)
        #expect(recorded.contains("choose tdm1"))
        #expect(!recorded.contains("this line is abandoned"))
    }
}
