import Foundation
import GRDB
import Her2SimText

/// Why the records database cannot be used — each case says so in words a fellow or an
/// educator can act on, and names the file. her2sim never overwrites or migrates a file it
/// refuses.
public enum RecordsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file exists but is not an SQLite database at all.
    case notADatabase(path: String)
    /// An SQLite database that is not a her2sim records file (its tables are listed).
    case foreignDatabase(path: String, tables: [String])
    /// A records file from a newer her2sim: its schema version is above the supported one.
    case newerSchema(path: String, found: Int, supported: Int)
    /// The file is a damaged SQLite database.
    case corrupt(path: String, detail: String)
    /// The path is a directory.
    case isDirectory(path: String)
    /// The directory for the file cannot be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The file or its directory cannot be written.
    case readOnly(path: String)
    /// The disk (or the database's size limit) is full.
    case diskFull(path: String)
    /// Another process held the database longer than the busy timeout.
    case busy(path: String, seconds: Double)
    /// The file cannot be opened (permissions, I/O).
    case cannotOpen(path: String, reason: String)
    /// Any other SQLite failure.
    case database(path: String, message: String)
    /// No session has this id.
    case unknownSession(SessionID)
    /// The session has ended; nothing more can be added to it.
    case sessionEnded(SessionID)
    /// A stored log and the log given to `synchronize` differ at this sequence number.
    case logMismatch(SessionID, sequence: Int)
    /// A log or an event that cannot be stored as given.
    case invalidEvent(String)
    /// `--db` names something SQLite would not treat as a plain file (`:memory:`, a `file:` URI).
    case unsupportedPath(path: String, reason: String)
    /// The file has more than one name (hard links): SQLite's `-wal` is per name, so two names
    /// of one file lose each other's writes.
    case hardLinked(path: String, links: Int)
    /// A `-wal` beside the file that does not belong to it (a crashed run's log beside a file
    /// restored from a backup): merging it would damage the file.
    case foreignLog(path: String)
    /// A named process held the write lock longer than the wait.
    case locked(path: String, seconds: Double, holder: LockHolder)
    /// A learner name that cannot be stored.
    case invalidLearner(name: String, reason: String)
    /// Another live her2sim is playing this session.
    case sessionInUse(SessionID, holder: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            return "\(path): error: not a her2sim records database (it is not an SQLite file); "
                + "her2sim left it untouched"
        case .foreignDatabase(let path, let tables):
            let listed =
                tables.isEmpty
                ? "" : " (its tables: \(tables.prefix(6).joined(separator: ", "))\(tables.count > 6 ? ", …" : ""))"
            return "\(path): error: an SQLite database that is not her2sim's records\(listed); "
                + "her2sim left it untouched"
        case .newerSchema(let path, let found, let supported):
            return
                "\(path): error: written by a newer her2sim (records schema \(found); this her2sim reads up to \(supported)); "
                + "her2sim left it untouched — update her2sim"
        case .corrupt(let path, let detail):
            return "\(path): error: the records database is damaged (\(detail)); "
                + "her2sim left it untouched and writes nothing into it — restore it from a backup, "
                + Self.restoreAdvice(path)
        case .isDirectory(let path):
            return "\(path): error: is a directory, not a records database file"
        case .cannotCreateDirectory(let path, let reason):
            return "\(path): error: cannot create the directory for the records database (\(reason))"
        case .readOnly(let path):
            return "\(path): error: cannot write the records database: the file or its directory is read-only"
        case .diskFull(let path):
            return
                "\(path): error: cannot write the records database: the disk is full (nothing was saved from this step)"
        case .busy(let path, let seconds):
            return "\(path): error: another process holds a write lock on the records database "
                + "(it could not be named); waited \(Self.format(seconds)) s — close the program that has it open, then try again"
        case .locked(let path, let seconds, let holder):
            let wayOut =
                holder.isHer2Sim
                ? "it may be busy with a long report or stuck; try again, or end it (kill \(holder.pid))"
                : "finish or cancel that program's transaction (or close it), then try again"
            return
                "\(path): error: \(holder) holds a \(holder.writes ? "write lock" : "read lock") on the records database; "
                + "waited \(Self.format(seconds)) s — \(wayOut)"
        case .cannotOpen(let path, let reason):
            return "\(path): error: cannot open the records database (\(reason))"
        case .database(let path, let message):
            return "\(path): error: records database: \(message)"
        case .unknownSession(let id):
            return "error: no session \(id) in the records"
        case .sessionEnded(let id):
            return "error: session \(id) has ended; it cannot take more events"
        case .logMismatch(let id, let sequence):
            return "error: session \(id) differs from its stored log at event \(sequence); it was not changed"
        case .invalidEvent(let message):
            return "error: \(message)"
        case .unsupportedPath(let path, let reason):
            return "\(TerminalText.escaped(path)): error: \(reason)"
        case .hardLinked(let path, let links):
            return "\(path): error: the records database has \(links) names (hard links); SQLite keeps its "
                + "write-ahead log per name, so writes through one name are lost through the other — "
                + "her2sim left it untouched. Keep one name: make a separate copy (cp \(path) NEW.sqlite) "
                + "and delete the other names"
        case .foreignLog(let path):
            return "\(path): error: \(path)-wal does not belong to this database (left by a run that stopped "
                + "before the file was replaced, e.g. by restoring a backup); merging it would damage the file, "
                + "so her2sim left both untouched — move \(path)-wal and \(path)-shm away (they hold only the "
                + "stopped run's last changes), then try again"
        case .invalidLearner(let name, let reason):
            return "error: learner name '\(TerminalText.escaped(name, limit: 40))' cannot be used: \(reason)"
        case .sessionInUse(let id, let holder):
            return "error: session \(id) is in use elsewhere: \(holder) is playing it; "
                + "one session has one player at a time — wait until it ends there, or start your own with 'her2sim play'"
        }
    }

    /// The problem in a few words, without the file's name — for a sentence that names the file
    /// itself (the REPL's warning when a decision cannot be saved).
    public var reason: String {
        switch self {
        case .diskFull: return "the disk is full"
        case .readOnly: return "the file or its directory is read-only"
        case .busy(_, let seconds): return "another process kept it locked; waited \(Self.format(seconds)) s"
        case .locked(_, let seconds, let holder):
            return "\(holder) kept it locked; waited \(Self.format(seconds)) s"
        case .corrupt(_, let detail): return "the records database is damaged (\(detail))"
        case .cannotOpen(_, let reason): return "it cannot be opened (\(reason))"
        case .database(_, let message): return message
        default:
            let text = description
            guard let range = text.range(of: "error: ") else { return text }
            return String(text[range.upperBound...])
        }
    }

    /// How to put a backup back without mixing it with the damaged file's log.
    static func restoreAdvice(_ path: String) -> String {
        "with no her2sim running: move \(path)-wal and \(path)-shm away (they belong to the damaged file), "
            + "then copy the backup over \(path) together with its own -wal and -shm if it has them"
    }

    private static func format(_ seconds: Double) -> String {
        NumberFormat.plain(seconds)
    }

    /// Translates what SQLite or the file system reported into a `RecordsError` about `path`.
    static func from(_ error: any Error, path: String, busyTimeout: Double) -> RecordsError {
        if let error = error as? RecordsError { return error }
        guard let error = error as? DatabaseError else {
            return .database(path: path, message: String(describing: error))
        }
        let message = error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .notADatabase(path: path)
        case .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: message)
        case .SQLITE_FULL:
            return .diskFull(path: path)
        case .SQLITE_READONLY, .SQLITE_PERM:
            return .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            if let holder = LockHolder.find(path: path) {
                return .locked(path: path, seconds: busyTimeout, holder: holder)
            }
            return .busy(path: path, seconds: busyTimeout)
        case .SQLITE_CANTOPEN:
            let directory = (path as NSString).deletingLastPathComponent
            if !FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory) {
                return .readOnly(path: path)
            }
            return .cannotOpen(path: path, reason: message)
        case .SQLITE_IOERR:
            return .cannotOpen(path: path, reason: "I/O error: \(message)")
        default:
            return .database(path: path, message: message)
        }
    }
}
