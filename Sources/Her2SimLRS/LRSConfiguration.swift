import Foundation
import Her2SimRecords

/// Where and how to send statements: from `$XDG_CONFIG_HOME/her2sim/lrs.conf` (else
/// `~/.config/her2sim/lrs.conf`), the environment (`HER2SIM_LRS_USER`, `HER2SIM_LRS_PASSWORD`)
/// and `sync --lrs URL`. Credentials never come from the command line (it shows in `ps`).
///
/// ```
/// # lrs.conf — `key = value` lines, `#` comments
/// endpoint = https://lrs.program.example/xAPI     # the LRS's xAPI endpoint
/// user = her2sim                                  # Basic auth (the environment wins)
/// password = …
/// iri-base = https://program.example/her2sim      # activity ids and learner accounts
/// mbox = mailto:{learner}@program.example         # optional: actors by mbox, not account
/// batch-size = 50                                 # statements per POST
/// timeout = 10                                    # seconds per request
/// auto-sync = on                                  # sync after each session (default: on when an endpoint is set)
/// ```
public struct LRSConfiguration: Hashable, Sendable {
    public var endpoint: URL?
    public var user: String?
    public var password: String?
    public var profile = XAPIProfile()
    public var batchSize = 50
    public var timeout: Double = 10
    public var autoSync = true
    /// The file read, if there was one.
    public var file: String?

    public init() {}

    public static let fileName = "lrs.conf"

    /// The config file's place.
    public static func fileURL(environment: [String: String]) -> URL {
        let base: URL
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            base = URL(fileURLWithPath: config)
        } else {
            base = URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".config")
        }
        return base.appendingPathComponent("her2sim").appendingPathComponent(fileName)
    }

    /// Reads the config file (when it exists) and the environment.
    public static func load(environment: [String: String]) throws(LRSError) -> LRSConfiguration {
        let url = fileURL(environment: environment)
        var configuration = LRSConfiguration()
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw .configuration(file: url.path, line: nil, (error as NSError).localizedDescription)
            }
            configuration = try parse(text, file: url.path)
        }
        if let user = environment["HER2SIM_LRS_USER"], !user.isEmpty { configuration.user = user }
        if let password = environment["HER2SIM_LRS_PASSWORD"] { configuration.password = password }
        return configuration
    }

    static let keys = ["endpoint", "user", "password", "iri-base", "mbox", "batch-size", "timeout", "auto-sync"]

    /// Parses `key = value` lines.
    public static func parse(_ text: String, file: String) throws(LRSError) -> LRSConfiguration {
        var configuration = LRSConfiguration()
        configuration.file = file
        var iriBase = XAPIProfile.defaultIRIBase
        var mbox: String?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.range(of: " #") { line = line[..<hash.lowerBound] }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw .configuration(file: file, line: index + 1, "expected 'key = value', found '\(trimmed)'")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "endpoint":
                guard let url = URL(string: value), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                    throw .configuration(file: file, line: index + 1, "endpoint must be an http(s) URL, not '\(value)'")
                }
                configuration.endpoint = url
            case "user": configuration.user = value
            case "password": configuration.password = value
            case "iri-base":
                guard let url = URL(string: value), url.scheme != nil, url.host != nil else {
                    throw .configuration(
                        file: file, line: index + 1, "iri-base must be an absolute URL, not '\(value)'")
                }
                iriBase = value
            case "mbox":
                guard value.hasPrefix("mailto:") else {
                    throw .configuration(file: file, line: index + 1, "mbox must start with 'mailto:', not '\(value)'")
                }
                mbox = value
            case "batch-size":
                guard let size = Int(value), (1...1000).contains(size) else {
                    throw .configuration(file: file, line: index + 1, "batch-size must be 1 to 1000, not '\(value)'")
                }
                configuration.batchSize = size
            case "timeout":
                guard let seconds = Double(value), seconds > 0, seconds <= 300 else {
                    throw .configuration(
                        file: file, line: index + 1, "timeout must be 0 to 300 seconds, not '\(value)'")
                }
                configuration.timeout = seconds
            case "auto-sync":
                guard let flag = ["on": true, "off": false, "true": true, "false": false][value.lowercased()] else {
                    throw .configuration(file: file, line: index + 1, "auto-sync must be on or off, not '\(value)'")
                }
                configuration.autoSync = flag
            default:
                let hint = keys.min { distance($0, key) < distance($1, key) }.map { "; did you mean '\($0)'?" } ?? ""
                throw .configuration(file: file, line: index + 1, "unknown key '\(key)'\(hint)")
            }
        }
        configuration.profile = XAPIProfile(iriBase: iriBase, mbox: mbox)
        return configuration
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let saved = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = saved
            }
        }
        return row[b.count]
    }
}
