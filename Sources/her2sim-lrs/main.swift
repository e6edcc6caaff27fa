import Foundation
import Her2SimLRS
import Her2SimLRSClient

// her2sim-lrs: posts statements for her2sim, which runs it as a child process so that her2sim
// itself does not link FoundationNetworking. The protocol is documented on `LRSHelper`.

/// One reply line on stdout.
func reply(_ answer: LRSHelper.Reply) {
    let data = (try? JSONEncoder().encode(answer)) ?? Data(#"{"stored":false}"#.utf8)
    FileHandle.standardOutput.write(data + Data("\n".utf8))
}

if CommandLine.arguments.count > 1 || isatty(STDIN_FILENO) == 1 {
    FileHandle.standardError.write(
        Data(
            """
            her2sim-lrs: the helper her2sim runs to send statements to a Learning Record Store \
            (protocol \(LRSHelper.protocolVersion): JSON lines on stdin and stdout); run 'her2sim sync' instead

            """.utf8))
    exit(64)
}

var client: LRSClient?
var bad: LRSError?
while let line = readLine(strippingNewline: true) {
    if line.isEmpty { continue }
    guard let client else {
        if bad == nil {
            let hello = try? JSONDecoder().decode(LRSHelper.Hello.self, from: Data(line.utf8))
            if let hello, hello.protocol == LRSHelper.protocolVersion, let url = URL(string: hello.endpoint) {
                client = LRSClient(endpoint: url, user: hello.user, password: hello.password, timeout: hello.timeout)
                continue
            }
            bad = .helperFailed(
                path: CommandLine.arguments[0],
                detail: "does not speak this her2sim's protocol (\(LRSHelper.protocolVersion)); reinstall both")
            continue
        }
        reply(LRSHelper.Reply(error: bad))
        continue
    }
    do throws(LRSError) {
        try client.post(body: Data(line.utf8))
        reply(LRSHelper.Reply(stored: true))
    } catch {
        reply(LRSHelper.Reply(error: error))
    }
}
exit(0)
