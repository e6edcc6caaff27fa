import Foundation

/// her2sim-lrs, the child process that does the HTTP for her2sim: it alone links
/// FoundationNetworking (libcurl, gnutls and 29 more shared objects), which cost every her2sim
/// command ~9 ms at start-up when her2sim linked it itself.
///
/// Where it is: beside the running her2sim (symlinks resolved), else `$HER2SIM_LRS_HELPER`.
///
/// The protocol (version 1), one JSON object or array per line, UTF-8:
/// - her2sim writes to the helper's stdin a first line `LRSHelper.Hello` (protocol, endpoint,
///   user, password, timeout — credentials on stdin, never in arguments or the environment),
///   then one line per batch: the statements as the JSON array to POST.
/// - The helper answers each batch with one `LRSHelper.Reply` line on stdout: `{"stored":true}`
///   once the LRS acknowledged it (200/204), else `{"error":…}` (an encoded `LRSError`, which
///   her2sim prints as it always did). After a bad hello line every batch is answered with an error.
/// - At end of stdin the helper exits 0; run by hand (stdin a terminal, or any argument) it
///   prints what it is on stderr and exits 64. It writes nothing else: her2sim says everything.
/// - her2sim kills it (SIGKILL) when an answer is late (the request timeout plus 5 s, or the
///   after-session budget); the batch stays queued, and statement ids make a resend harmless.
public enum LRSHelper {
    public static let name = "her2sim-lrs"
    /// Names the helper when it is not beside her2sim (a packaging that puts it elsewhere).
    public static let variable = "HER2SIM_LRS_HELPER"
    public static let protocolVersion = 1

    /// The first line her2sim writes.
    public struct Hello: Codable, Hashable, Sendable {
        public var `protocol`: Int
        public var endpoint: String
        public var user: String?
        public var password: String?
        public var timeout: Double

        public init(endpoint: String, user: String?, password: String?, timeout: Double) {
            self.protocol = LRSHelper.protocolVersion
            self.endpoint = endpoint
            self.user = user
            self.password = password
            self.timeout = timeout
        }
    }

    /// The helper's answer to a batch.
    public struct Reply: Codable, Hashable, Sendable {
        public var stored: Bool?
        public var error: LRSError?

        public init(stored: Bool? = nil, error: LRSError? = nil) {
            self.stored = stored
            self.error = error
        }
    }

    /// The running executable, symlinks resolved (/proc/self/exe on Linux).
    public static func runningExecutable() -> URL? {
        #if os(Linux)
            if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return URL(fileURLWithPath: path)
            }
        #endif
        return Bundle.main.executableURL?.resolvingSymlinksInPath()
    }

    /// The helper beside `program` (default: the running executable), else the one
    /// `$HER2SIM_LRS_HELPER` names; `LRSError.helperMissing` when neither is an executable file.
    public static func locate(
        beside program: URL? = runningExecutable(), environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LRSError) -> URL {
        let files = FileManager.default
        func executable(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return files.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
                && files.isExecutableFile(atPath: url.path)
        }
        let resolved = program?.resolvingSymlinksInPath()
        if let resolved {
            let beside = resolved.deletingLastPathComponent().appendingPathComponent(name)
            if executable(beside) { return beside }
        }
        let named = environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        if let named, executable(URL(fileURLWithPath: named)) { return URL(fileURLWithPath: named) }
        throw .helperMissing(program: resolved?.path ?? "her2sim", variable: named)
    }
}
