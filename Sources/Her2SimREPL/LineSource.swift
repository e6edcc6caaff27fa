import CReadline
import Foundation

/// Where REPL lines come from: readline on a terminal, plain lines from a pipe or a script.
public protocol LineSource {
    /// The next line without its newline, or `nil` at end of input (Ctrl-D).
    mutating func readLine(prompt: String) -> String?
    /// True when the terminal shows the typed line itself (so the REPL must not echo it).
    var echoesInput: Bool { get }
}

/// Plain lines from standard input or a file: no editing, no colour, and each line echoed after
/// the prompt so transcripts read like a session.
public struct PlainLineSource: LineSource {
    private var lines: IndexingIterator<[String]>?
    private let output: (String) -> Void

    /// Reads standard input.
    public init(output: @escaping (String) -> Void) {
        self.lines = nil
        self.output = output
    }

    /// Reads the given lines (a `--script` file).
    public init(lines: [String], output: @escaping (String) -> Void) {
        self.lines = lines.makeIterator()
        self.output = output
    }

    public var echoesInput: Bool { false }

    public mutating func readLine(prompt: String) -> String? {
        let line: String?
        if lines != nil {
            line = lines!.next()
        } else {
            line = Swift.readLine(strippingNewline: true)
        }
        if let line {
            output(prompt + Self.echo(line) + "\n")
        }
        return line
    }

    /// The line as a transcript shows it: control characters made visible (so piped input cannot
    /// drive the terminal) and very long lines cut short.
    static func echo(_ line: String) -> String {
        let limit = 120
        var shown = String.UnicodeScalarView()
        var count = 0
        for scalar in line.unicodeScalars {
            if count == limit {
                return String(shown) + "… (\(line.utf8.count) bytes)"
            }
            if scalar.properties.generalCategory == .control && scalar != "\t" {
                shown.append(contentsOf: "^".unicodeScalars)
                shown.append(scalar.value < 0x20 ? Unicode.Scalar(UInt8(scalar.value) + 0x40) : "?")
            } else {
                shown.append(scalar)
            }
            count += 1
        }
        return String(shown)
    }
}

/// GNU readline: line editing, a persistent history file and TAB completion in context.
public final class ReadlineLineSource: LineSource {
    private let historyFile: URL?

    /// `historyFile` is created (with its directory) if missing; `nil` keeps history in memory only.
    public init(historyFile: URL?, completer: Completer) {
        self.historyFile = historyFile
        CompletionBridge.completer = completer
        // readline keeps these pointers: give it C strings that live for the whole process.
        her2sim_rl_set_readline_name(strdup("her2sim"))
        her2sim_rl_set_attempted_completion_function(CompletionBridge.attemptCompletion)
        her2sim_rl_set_basic_word_break_characters(strdup(" \t"))
        her2sim_install_sigint_handler()
        using_history()
        if let historyFile {
            try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: historyFile.path) {
                FileManager.default.createFile(atPath: historyFile.path, contents: nil, attributes: [.posixPermissions: 0o600])
            }
            read_history(historyFile.path)
            stifle_history(1000)
        }
    }

    public var echoesInput: Bool { true }

    public func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty, line.utf8.count <= CommandParser.maximumLineLength {
            add_history(raw)
            if let historyFile { append_history(1, historyFile.path) }
        }
        return line
    }
}

/// readline calls plain C functions; they reach the completer through this one static slot.
enum CompletionBridge {
    nonisolated(unsafe) static var completer: Completer?
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var nextMatch = 0

    static let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        her2sim_rl_set_attempted_completion_over(1)
        guard let completer, let text else { return nil }
        let word = String(cString: text)
        let buffer = String(cString: her2sim_rl_line_buffer())
        let prefix = String(buffer.utf8.prefix(Int(start))) ?? ""
        matches = completer.candidates(lineBeforeWord: prefix, word: word)
        if matches.isEmpty { return nil }
        return rl_completion_matches(text, generator)
    }

    /// readline calls this with state 0 first, then non-zero until it returns NULL.
    static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, state in
        if state == 0 { nextMatch = 0 }
        guard nextMatch < matches.count else { return nil }
        defer { nextMatch += 1 }
        return strdup(matches[nextMatch])
    }
}
