import Foundation

/// A private HOME and XDG folders for a spawned `her2sim`, under the temporary directory: a
/// test run must never read or write the user's own records (`~/.local/share/her2sim`),
/// history or caches, whatever environment the test runner was started with.
public struct TestSandbox: Sendable {
    /// The variables that decide where her2sim (and anything it starts) keeps user data.
    public static let variables = ["HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"]

    public let root: URL

    public init(_ label: String = "run") {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("her2sim-test-home-\(getpid())-\(label)-\(UUID().uuidString.prefix(8))")
        for folder in ["home", "data", "cache", "config", "state"] {
            try? FileManager.default.createDirectory(
                at: root.appendingPathComponent(folder),
                withIntermediateDirectories: true)
        }
    }

    /// One sandbox for the whole test process, for runs that do not get their own.
    public static let shared = TestSandbox("shared")

    public var home: URL { root.appendingPathComponent("home") }
    public var dataHome: URL { root.appendingPathComponent("data") }

    /// `base` with every user-data location pointing inside the sandbox.
    public func environment(_ base: [String: String]) -> [String: String] {
        var environment = base
        environment["HOME"] = home.path
        environment["XDG_DATA_HOME"] = dataHome.path
        environment["XDG_CACHE_HOME"] = root.appendingPathComponent("cache").path
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment["XDG_STATE_HOME"] = root.appendingPathComponent("state").path
        return environment
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}
