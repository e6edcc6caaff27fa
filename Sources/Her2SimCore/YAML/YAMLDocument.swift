import Foundation
import Yams

/// Parses YAML text into Yams nodes, turning every parser failure into a located diagnostic.
public enum YAMLDocument {
    /// Larger inputs are refused before parsing: no case or state file is anywhere near this.
    public static let maximumBytes = 2_000_000

    /// The root node of `text`, or a diagnostic that names `file:line:col`.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> Node {
        if text.utf8.count > maximumBytes {
            throw DiagnosticError([Diagnostic(
                .error, "file is \(text.utf8.count) bytes; the limit is \(maximumBytes) bytes", file: file)])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticError([diagnostic(for: error, file: file)])
        } catch {
            throw DiagnosticError([Diagnostic(.error, "could not parse YAML: \(error)", file: file)])
        }
        guard let root else {
            throw DiagnosticError([Diagnostic(.error, "file is empty; expected a YAML mapping", file: file)])
        }
        return root
    }

    /// Reads and parses a file, reporting unreadable or non-UTF-8 files as diagnostics.
    public static func load(contentsOf url: URL, displayName: String) throws(DiagnosticError) -> Node {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot read file: \(readableReason(error))", file: displayName)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError([Diagnostic(.error, "file is not valid UTF-8 text", file: displayName)])
        }
        return try parse(text, file: displayName)
    }

    static func readableReason(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain,
           let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        switch nsError.code {
        case NSFileReadNoSuchFileError: return "no such file"
        case NSFileReadNoPermissionError: return "permission denied"
        default: return nsError.localizedDescription
        }
    }

    private static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { " \($0.text) that starts at \($0.mark.line):\($0.mark.column)" } ?? ""
            var hint = ""
            if problem.contains("mapping values are not allowed") {
                hint = "; check the indentation, or quote a value that contains ': '"
            } else if problem.contains("did not find expected") || problem.contains("found unexpected end") {
                hint = "; check for an unclosed bracket or quote"
            }
            return Diagnostic(.error, "invalid YAML: \(problem)\(detail)\(hint)",
                              at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case let .reader(problem, offset, _, _):
            let place = offset.map { " at byte \($0)" } ?? ""
            return Diagnostic(.error, "invalid text\(place): \(problem)", file: file)
        case let .duplicatedKeysInMapping(duplicates, context):
            return Diagnostic(.error, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in this mapping; each key may appear once — remove or rename the repeated one",
                              at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        default:
            return Diagnostic(.error, "invalid YAML: \(error)", file: file)
        }
    }
}
