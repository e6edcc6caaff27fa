import Foundation
import Her2SimCore

/// ANSI styling that turns itself off for pipes, `NO_COLOR` and `TERM=dumb`.
public struct TerminalStyle: Sendable {
    public let enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Colour only when standard output is a terminal and the user has not opted out.
    public static func forStandardOutput(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> TerminalStyle
    {
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let dumb = environment["TERM"] == "dumb"
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && !noColor && !dumb)
    }

    public static let plain = TerminalStyle(enabled: false)

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func dim(_ text: String) -> String { wrap(text, "2") }

    public func tier(_ tier: Tier, _ text: String? = nil) -> String {
        let label = text ?? tier.rawValue
        switch tier {
        case .preferred: return wrap(label, "1;32")
        case .recommended: return wrap(label, "32")
        case .conditional: return wrap(label, "33")
        case .notRecommended: return wrap(label, "35")
        case .contraindicated: return wrap(label, "1;31")
        }
    }

    public func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
