import Foundation
import Testing

@testable import Her2SimLRS
@testable import Her2SimLRSClient
@testable import Her2SimRecords

/// What `sync` says when the LRS cannot be reached: each failure named, never a crash.
@Suite("LRS: errors and configuration")
struct LRSErrorTests {
    /// A python3 program serving on a loopback port it prints, until the test ends.
    final class Peer: @unchecked Sendable {
        let process = Process()
        let port: Int

        init(_ program: String, directory: URL) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", program]
            process.currentDirectoryURL = directory
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let byte = out.fileHandleForReading.readData(ofLength: 1)
                if byte.isEmpty { break }
                line += byte
            }
            port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        deinit {
            // SIGKILL: a child of the test process may have SIGTERM blocked.
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
    }

    static let statement: XAPIStatement = {
        let session = StoredSession(
            id: SessionID(1), learner: "ana", caseID: "hb-401", seed: 1,
            started: Date(timeIntervalSince1970: 0), score: nil, maximum: nil, eventCount: 1)
        return XAPIStatementBuilder(profile: XAPIProfile(), recordsID: "r")
            .statement(session, .started(caseID: "hb-401", seed: 1, learner: "ana"), sequence: 0)!.statement
    }()

    @Test("an LRS that accepts the connection and never answers: a timeout error, within the timeout")
    func timeout() throws {
        let peer = try Peer(
            """
            import socket, time
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(5)
            print(s.getsockname()[1], flush=True)
            held = [s.accept() for _ in range(5)]
            time.sleep(60)
            """, directory: RecordsTestSupport.scratchDirectory())
        let client = LRSClient(
            endpoint: URL(string: "http://127.0.0.1:\(peer.port)/xAPI")!, user: "u", password: "p", timeout: 1)
        let started = Date()
        #expect(throws: LRSError.timeout(url: "http://127.0.0.1:\(peer.port)/xAPI", seconds: 1)) {
            try client.post([Self.statement])
        }
        #expect(Date().timeIntervalSince(started) < 8)
        #expect(LRSError.timeout(url: "u", seconds: 1).description.contains("did not answer within 1 s"))
    }

    @Test("nothing listening: connection refused, with the URL and 'is it running?'")
    func refused() throws {
        let peer = try Peer(
            """
            import socket
            s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1], flush=True); s.close()
            """, directory: RecordsTestSupport.scratchDirectory())
        let url = "http://127.0.0.1:\(peer.port)/xAPI"
        let client = LRSClient(endpoint: URL(string: url)!, user: nil, password: nil, timeout: 5)
        let error = #expect(throws: LRSError.self) { try client.post([Self.statement]) }
        #expect(error == .cannotConnect(url: url, detail: "connection refused"))
        #expect(error?.description.contains("is it running?") == true)
    }

    @Test("a server whose certificate is not trusted: a certificate error")
    func certificate() throws {
        let directory = RecordsTestSupport.scratchDirectory()
        let made = try RecordsTestSupport.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1",
                "-keyout", directory.appendingPathComponent("key.pem").path,
                "-out", directory.appendingPathComponent("cert.pem").path,
            ])
        try #require(made.status == 0, "openssl: \(made.stderr)")
        let peer = try Peer(
            """
            import http.server, ssl
            server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); context.load_cert_chain("cert.pem", "key.pem")
            server.socket = context.wrap_socket(server.socket, server_side=True)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, directory: directory)
        let url = "https://127.0.0.1:\(peer.port)/xAPI"
        let client = LRSClient(endpoint: URL(string: url)!, user: "u", password: "p", timeout: 5)
        let error = #expect(throws: LRSError.self) { try client.post([Self.statement]) }
        guard case .certificate? = error else {
            Issue.record("not a certificate error: \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("certificate error") == true)
    }

    @Test("lrs.conf: keys and values, credentials from the environment win, mistakes named with their line")
    func configuration() throws {
        let parsed = try LRSConfiguration.parse(
            """
            # the program's LRS
            endpoint = https://lrs.program.example/xAPI
            user = her2sim   # a comment
            password = s3cret
            iri-base = https://program.example/her2sim/
            mbox = mailto:{learner}@program.example
            batch-size = 25
            timeout = 4
            auto-sync = off
            """, file: "lrs.conf")
        #expect(parsed.endpoint == URL(string: "https://lrs.program.example/xAPI"))
        #expect(parsed.user == "her2sim" && parsed.password == "s3cret")
        #expect(
            parsed.profile
                == XAPIProfile(iriBase: "https://program.example/her2sim", mbox: "mailto:{learner}@program.example"))
        #expect(parsed.batchSize == 25 && parsed.timeout == 4 && !parsed.autoSync)
        #expect(
            throws: LRSError.configuration(file: "lrs.conf", line: 2, "unknown key 'endpont'; did you mean 'endpoint'?")
        ) {
            try LRSConfiguration.parse("\nendpont = http://x/\n", file: "lrs.conf")
        }
        #expect(throws: LRSError.self) { try LRSConfiguration.parse("batch-size = 0", file: "lrs.conf") }
        #expect(LRSError.configuration(file: "lrs.conf", line: 2, "x").description == "lrs.conf:2:1: error: x")

        let directory = RecordsTestSupport.scratchDirectory()
        let file = directory.appendingPathComponent("her2sim/lrs.conf")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("endpoint = http://127.0.0.1:9/xAPI\nuser = a\npassword = b\n".utf8).write(to: file)
        let loaded = try LRSConfiguration.load(environment: [
            "XDG_CONFIG_HOME": directory.path, "HER2SIM_LRS_USER": "env",
            "HER2SIM_LRS_PASSWORD": "pw",
        ])
        #expect(loaded.user == "env" && loaded.password == "pw")
        #expect(loaded.endpoint?.port == 9)
        let none = try LRSConfiguration.load(environment: [
            "XDG_CONFIG_HOME": directory.appendingPathComponent("none").path
        ])
        #expect(none.endpoint == nil)
    }
}
