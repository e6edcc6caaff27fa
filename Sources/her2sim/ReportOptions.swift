import ArgumentParser
import Foundation
import Her2SimRecords

/// `--db PATH`: the training records database, shared by every subcommand that reads or writes
/// records (default `$XDG_DATA_HOME/her2sim/records.sqlite`).
struct RecordsOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The records database (default: $XDG_DATA_HOME/her2sim/records.sqlite, else ~/.local/share/her2sim/records.sqlite).",
            valueName: "path"), completion: .file(extensions: ["sqlite"]))
    var path: String?

    /// `:memory:`, `file:` URIs and an empty path are refused before they become a file name.
    func validate() throws {
        if let path {
            do { try RecordStore.checkPath(path) } catch { throw ValidationError(error.description) }
        }
    }

    var url: URL {
        path.map { URL(fileURLWithPath: $0) }
            ?? RecordStore.defaultURL(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens (or creates) the database; a file her2sim cannot use is reported by name and left
    /// untouched, and the command exits with status 1.
    func open() throws -> RecordStore {
        do {
            return try RecordStore(url: url)
        } catch {
            printError(error.withCommandLineAdvice)
            throw ExitStatus.invalidInput
        }
    }

    /// Opens an existing database only to read it. On a read-only disk SQLite cannot open a
    /// records file (its write-ahead log needs a shared-memory file beside it), so a copy is
    /// read instead; `close` removes the copy.
    func openForReading() throws -> (store: RecordStore, close: () -> Void) {
        let original = url.standardizedFileURL
        do {
            let store = try RecordStore(url: original)
            return (store, { try? store.close() })
        } catch .readOnly {
            // Read a copy below.
        } catch {
            printError(error.withCommandLineAdvice)
            throw ExitStatus.invalidInput
        }
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("her2sim-report-\(UUID().uuidString)")
        let copy = directory.appendingPathComponent(RecordStore.fileName)
        let remove = { _ = try? manager.removeItem(at: directory) }
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            // By content, into files of our own (a copy must be writable: SQLite opens it so).
            try Data(contentsOf: original).write(to: copy)
            let log = URL(fileURLWithPath: original.path + "-wal")
            if manager.fileExists(atPath: log.path) {
                try Data(contentsOf: log).write(to: URL(fileURLWithPath: copy.path + "-wal"))
            }
        } catch {
            remove()
            printError(
                "\(original.path): error: cannot read the records database: it is on a read-only disk, and copying it to \(manager.temporaryDirectory.path) failed (\((error as NSError).localizedDescription))"
            )
            throw ExitStatus.invalidInput
        }
        do {
            let store = try RecordStore(url: copy)
            printError("note: \(original.path) is read-only; reporting from a copy of it")
            return (
                store,
                {
                    try? store.close()
                    remove()
                }
            )
        } catch {
            remove()
            printError(error.withCommandLineAdvice.replacingOccurrences(of: copy.path, with: original.path))
            throw ExitStatus.invalidInput
        }
    }
}

extension RecordsError {
    /// The message with what to do about it on the command line: the records library describes
    /// the file, the command knows its `--db` option.
    var withCommandLineAdvice: String {
        switch self {
        case .notADatabase, .foreignDatabase: description + " — pass --db PATH to use another file"
        case .newerSchema, .corrupt, .hardLinked: description + ", or pass --db PATH to use another file"
        case .isDirectory: description + " — pass --db with a file path"
        default: description
        }
    }
}

/// A calendar day given as YYYY-MM-DD, from local midnight.
enum ReportDate {
    static func parse(_ text: String, timeZone: TimeZone = .current) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil } // 2025-02-30
        return date
    }
}
