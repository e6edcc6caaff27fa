import Foundation
import Testing

@testable import Her2SimLRS
@testable import Her2SimLRSClient

/// A Ralph LRS (filesystem backend) on a free loopback port, from the virtual environment
/// `make lrs` makes (`HER2SIM_TEST_RALPH`); a user `her2sim`/`secret`. `kill()` ends it as a
/// crash would (SIGKILL); `start()` again brings it back on the same port and data.
final class RalphServer: @unchecked Sendable {
    static let venv: String? = ProcessInfo.processInfo.environment["HER2SIM_TEST_RALPH"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static let user = "her2sim"
    static let password = "secret"

    let venv: URL
    let directory: URL
    let port: Int
    private var process: Process?

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/xAPI")! }
    var client: LRSClient { LRSClient(endpoint: endpoint, user: Self.user, password: Self.password, timeout: 10) }

    init(venv: String) throws {
        self.venv = URL(fileURLWithPath: venv)
        directory = RecordsTestSupport.scratchDirectory("ralph")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let free = try Self.run(
            self.venv.appendingPathComponent("bin/python"),
            [
                "-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])",
            ], environment: [:])
        port = try #require(Int(free.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
        let auth = try Self.run(
            self.venv.appendingPathComponent("bin/ralph"),
            [
                "auth", "-u", Self.user, "-p", Self.password, "-s", "all", "-A", Self.user, "https://her2sim.invalid",
                "-w",
            ], environment: environment)
        #expect(auth.status == 0, "ralph auth: \(auth.stderr)")
    }

    var environment: [String: String] {
        [
            "RALPH_AUTH_FILE": directory.appendingPathComponent("auth.json").path,
            "RALPH_APP_DIR": directory.appendingPathComponent("app").path,
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": directory.appendingPathComponent("data").path,
        ]
    }

    /// Starts the LRS and waits until it answers (up to 60 s).
    func start() throws {
        let process = Process()
        process.executableURL = venv.appendingPathComponent("bin/python")
        // Ralph's server with its filesystem backend appending (see .ci/ralph-lrs.py).
        let launcher = RecordsTestSupport.repositoryRoot.appendingPathComponent(".ci/ralph-lrs.py")
        process.arguments = [launcher.path, "127.0.0.1", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let log = directory.appendingPathComponent("server.log")
        if !FileManager.default.fileExists(atPath: log.path) {
            FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(60)
        var quick = client
        quick.timeout = 2
        while Date() < deadline {
            if (try? quick.get(query: "limit=1")) != nil { return }
            if !process.isRunning { break }
            usleep(200_000)
        }
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw RalphError(message: "Ralph did not start on port \(port): \(text.suffix(2000))")
    }

    /// Ends the LRS at once, as a crash would.
    func kill() {
        guard let process, process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit {
        kill()
    }

    struct RalphError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Every statement the LRS holds, following `more` links.
    func statements() throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var query = "limit=500"
        for _ in 0..<1000 {
            let data = try client.get(query: query)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            all += (object["statements"] as? [[String: Any]]) ?? []
            guard let more = object["more"] as? String, !more.isEmpty, let mark = more.firstIndex(of: "?") else {
                break
            }
            query = String(more[more.index(after: mark)...])
        }
        return all
    }

    /// `ralph validate -f xapi` on `statements` (one JSON per line), and each one through Ralph's
    /// own base statement model (strict: unknown or malformed fields fail).
    func validate(_ statements: [[String: Any]]) throws -> (status: Int32, output: String) {
        let file = directory.appendingPathComponent("statements.ndjson")
        var lines = ""
        for statement in statements {
            lines += String(decoding: try JSONSerialization.data(withJSONObject: statement), as: UTF8.self) + "\n"
        }
        try Data(lines.utf8).write(to: file)
        let script = """
            set -e
            "$VENV/bin/ralph" validate -f xapi < "$FILE" > /dev/null
            "$VENV/bin/python" - "$FILE" <<'PY'
            import json, sys
            from ralph.models.xapi.base.statements import BaseXapiStatement
            count = 0
            for line in open(sys.argv[1]):
                BaseXapiStatement(**json.loads(line))
                count += 1
            print("valid", count)
            PY
            """
        let result = try Self.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", script],
            environment: environment.merging(["VENV": venv.path, "FILE": file.path]) { $1 })
        return (result.status, result.stdout + result.stderr)
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String]) throws
        -> RecordsTestSupport.Output
    {
        try RecordsTestSupport.run(executable, arguments, environment: environment)
    }
}
