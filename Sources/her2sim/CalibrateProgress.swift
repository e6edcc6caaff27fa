import Foundation

/// A one-line progress bar on standard error — only when standard error is a terminal, so
/// pipes, logs and tests see nothing of it.
final class CalibrateProgress {
    private let total: Int
    private let enabled: Bool
    private var shown = -1

    init(
        total: Int, enabled: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    ) {
        self.total = max(1, total)
        self.enabled = enabled
    }

    func update(done: Int, label: String) {
        guard enabled else { return }
        let percent = min(100, done * 100 / total)
        guard percent != shown else { return }
        shown = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let text = "\r\u{1B}[2K  calibrating \(bar) \(String(percent).leftPadded(to: 3)) %  \(label)"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Clears the line so the results start on a clean one.
    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
