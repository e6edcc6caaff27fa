import Foundation
import Testing

/// A file whose exact contents a test pins (a REPL transcript). A mismatch fails with a diff;
/// with `HER2SIM_UPDATE_GOLDEN=1` (`make golden`) the file is rewritten and the test still
/// fails, saying so: a recording run never passes as if it had checked anything.
public struct GoldenFile: Sendable {
    /// What comparing `actual` with the golden file found.
    public enum Outcome: Equatable, Sendable {
        case matches
        /// The file differs (or is missing); `diff` is from the file to `actual`.
        case differs(diff: String)
        /// The file differed and was rewritten with `actual`.
        case rerecorded(diff: String)
    }

    public let url: URL
    /// Whether to rewrite the file instead of only comparing.
    public let recording: Bool

    public init(_ url: URL, recording: Bool = ProcessInfo.processInfo.environment["HER2SIM_UPDATE_GOLDEN"] == "1") {
        self.url = url
        self.recording = recording
    }

    /// Compares `actual` with the file, rewriting it when recording.
    public func compare(_ actual: String) throws -> Outcome {
        let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        guard expected != actual || !FileManager.default.fileExists(atPath: url.path) else { return .matches }
        let diff = LineDiff.unified(
            expected: expected, actual: actual, expectedName: url.lastPathComponent,
            actualName: "this run")
        guard recording else { return .differs(diff: diff) }
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return .rerecorded(diff: diff)
    }

    /// Records an issue unless `actual` matches the file: the diff on a mismatch, and a
    /// "re-recorded" issue (with the diff) after rewriting it.
    public func expectMatch(_ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        switch try compare(actual) {
        case .matches:
            break
        case .differs(let diff):
            Issue.record(
                "\(url.lastPathComponent) differs; run 'make golden' if the change is intended:\n\(diff)",
                sourceLocation: sourceLocation)
        case .rerecorded(let diff):
            Issue.record(
                "re-recorded \(url.lastPathComponent) (review with 'git diff'):\n\(diff)",
                sourceLocation: sourceLocation)
        }
    }
}
