/// A position in a source file, 1-based like every compiler and editor reports it.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
    }
}

/// One message about an input file, printed the way compilers print them so editors can jump to it.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var order: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.order < rhs.order }
    }

    public var severity: Severity
    /// Where the problem is; `nil` only for whole-file problems such as an unreadable file.
    public var location: SourceLocation?
    /// What went wrong and, where there is one, the fix (`did you mean 'tdm1'?`).
    public var message: String
    /// The file name when there is no precise location.
    public var file: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation) {
        self.severity = severity
        self.location = location
        self.message = message
        self.file = location.file
    }

    public init(_ severity: Severity, _ message: String, file: String) {
        self.severity = severity
        self.location = nil
        self.message = message
        self.file = file
    }

    public var description: String {
        let place = location.map(\.description) ?? file
        return "\(place): \(severity.rawValue): \(message)"
    }
}

/// Thrown when an input file cannot be used; carries every problem found, not just the first.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
