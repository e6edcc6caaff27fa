import Foundation
import Her2SimCore
import Her2SimRecords

/// Writes to standard error without buffering surprises.
/// Messages carry paths, names and file content: control characters other than line breaks
/// and tabs are shown escaped, so nothing printed can drive the terminal.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((TerminalText.escaped(text, keeping: ["\n", "\t"]) + "\n").utf8))
}

/// Prints diagnostics as `file:line:col: severity: message`, sorted by position.
enum DiagnosticPrinter {
    static func print(_ diagnostics: [Diagnostic], summary: Bool = true) {
        let sorted = diagnostics.sorted { a, b in
            if a.file != b.file { return a.file < b.file }
            let left = a.location.map { ($0.line, $0.column) } ?? (0, 0)
            let right = b.location.map { ($0.line, $0.column) } ?? (0, 0)
            return left < right
        }
        for diagnostic in sorted { printError(diagnostic.description) }
        let errors = diagnostics.filter { $0.severity == .error }.count
        if summary, errors > 1 { printError("\(errors) errors") }
    }
}
