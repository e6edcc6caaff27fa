import Foundation
import GRDB

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks on the records file made with the file system alone, before SQLite opens it — so a
/// file her2sim refuses gets no `-wal` or `-shm` beside it, and nothing is written into a file
/// that is not sound or not ours alone.
enum DatabaseFile {
    /// Databases up to this size get `PRAGMA quick_check` when opened and before every write
    /// (milliseconds for a records file; a file this large holds about a million decisions).
    static let checkedSize = 64 << 20

    /// Refuses `--db` values SQLite gives a meaning other than "this file".
    static func checkName(_ path: String) throws(RecordsError) {
        if path == ":memory:" {
            throw .unsupportedPath(
                path: path,
                reason: "':memory:' is SQLite's in-memory database: every decision "
                    + "would be lost when her2sim exits, so her2sim does not use it — pass a file path "
                    + "(for a file really named so, ./:memory:)")
        }
        if path.lowercased().hasPrefix("file:") {
            throw .unsupportedPath(
                path: path,
                reason: "SQLite URIs (file:…) are not used: her2sim opens the records "
                    + "as a plain file path and chooses its own modes (a report never writes) — pass the file's path "
                    + "(for a file really named so, ./\(path))")
        }
        if path.isEmpty {
            throw .unsupportedPath(
                path: path,
                reason: "the --db path is empty: SQLite would use a temporary database "
                    + "that is deleted at exit — pass a file path")
        }
    }

    /// Whether a directory entry exists at `path` (a broken or looping symbolic link counts).
    static func entryExists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// What must hold of an existing entry before SQLite may open it: it resolves (no symbolic
    /// link loop), is a regular file with one name. Returns false when nothing is there.
    static func examine(_ path: String) throws(RecordsError) -> Bool {
        var status = stat()
        if lstat(path, &status) != 0 { return false }
        if stat(path, &status) != 0 {
            let code = errno
            if code == ELOOP {
                throw .cannotOpen(
                    path: path,
                    reason: "it is a symbolic link that leads back to itself (a loop); "
                        + "point --db at the records file itself")
            }
            if code == ENOENT { return false } // A dangling link: SQLite creates its target.
            throw .cannotOpen(path: path, reason: String(cString: strerror(code)))
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw .isDirectory(path: path)
        default: throw .cannotOpen(path: path, reason: "it is not a regular file (a FIFO, socket or device)")
        }
        if status.st_nlink > 1 { throw .hardLinked(path: path, links: Int(status.st_nlink)) }
        return true
    }

    /// Refuses a file this process cannot write before SQLite opens it (SQLite would create a
    /// `-wal` and `-shm` with the file's read-only mode, which outlive a later `chmod`), and
    /// gives a leftover `-wal`/`-shm` of ours the database's mode again.
    static func checkWritable(_ path: String) throws(RecordsError) {
        if access(path, W_OK) != 0, errno == EACCES || errno == EROFS || errno == EPERM {
            throw .readOnly(path: path)
        }
        var database = stat()
        guard stat(path, &database) == 0 else { return }
        for suffix in ["-wal", "-shm"] {
            let sidecar = path + suffix
            var status = stat()
            guard stat(sidecar, &status) == 0, access(sidecar, W_OK) != 0 else { continue }
            // Left read-only by a run on a read-only database: ours to fix when we own it.
            if status.st_uid == geteuid(), chmod(sidecar, database.st_mode & 0o666) == 0, access(sidecar, W_OK) == 0 {
                continue
            }
            throw .readOnly(path: sidecar)
        }
    }

    static func sidecars(of path: String) -> [String] { [path + "-wal", path + "-shm"] }

    /// Removes the `-wal`/`-shm` that a refused open created (not ones that were there before,
    /// and never a log with content).
    static func removeCreatedSidecars(of path: String, existedBefore: [Bool]) {
        for (sidecar, existed) in zip(sidecars(of: path), existedBefore) where !existed {
            var status = stat()
            guard stat(sidecar, &status) == 0 else { continue }
            if sidecar.hasSuffix("-wal"), status.st_size > 0 { continue }
            unlink(sidecar)
        }
    }

    /// Whether any other process has the database open through SQLite (its connections keep a
    /// lock on the `-shm` file while open); nil when this cannot be told (no `/proc/locks`).
    static func othersConnected(_ path: String) -> Bool? {
        guard FileManager.default.fileExists(atPath: path + "-shm") else { return false }
        guard let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        var status = stat()
        guard stat(path + "-shm", &status) == 0 else { return false }
        let inode = ":\(status.st_ino) "
        let me = " \(getpid()) "
        return table.split(separator: "\n").contains { line in
            line.contains(inode) && !line.contains(me)
        }
    }

    /// A `-wal` left beside the file by a run that stopped (nobody has the file open): SQLite
    /// would merge it on the next open. When the merged file would be damaged but the file
    /// alone is sound, the log does not belong (the file was replaced, e.g. a backup restored)
    /// and the open is refused with the way out. Checked on copies; the originals stay as they are.
    static func checkLeftoverLog(_ path: String) throws(RecordsError) {
        let wal = path + "-wal"
        var status = stat()
        guard stat(wal, &status) == 0, status.st_size > 32 else { return } // 32: the header alone.
        guard othersConnected(path) == false else { return }
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("her2sim-check-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: directory) }
        let merged = directory.appendingPathComponent("merged.sqlite")
        let alone = directory.appendingPathComponent("alone.sqlite")
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            let database = try Data(contentsOf: URL(fileURLWithPath: path))
            try database.write(to: merged)
            try database.write(to: alone)
            try Data(contentsOf: URL(fileURLWithPath: wal)).write(to: URL(fileURLWithPath: merged.path + "-wal"))
        } catch {
            return // Cannot make the copies (a full temporary disk): SQLite's own checks remain.
        }
        if quickCheck(merged.path).isEmpty { return }
        let problems = quickCheck(alone.path)
        if problems.isEmpty { throw .foreignLog(path: path) }
        throw .corrupt(path: path, detail: problems.prefix(2).joined(separator: "; "))
    }

    /// `PRAGMA quick_check` of a file: empty when sound, else SQLite's complaints.
    static func quickCheck(_ path: String) -> [String] {
        do {
            let queue = try DatabaseQueue(path: path)
            defer { try? queue.close() }
            let lines = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
            return lines == ["ok"] ? [] : lines
        } catch let error as DatabaseError {
            return [error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"]
        } catch {
            return ["\(error)"]
        }
    }

    /// The file's size in bytes (0 when it cannot be read).
    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }
}
