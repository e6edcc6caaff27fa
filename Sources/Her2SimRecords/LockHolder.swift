import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds SQLite's write lock on a records file, so a refusal can name it: another her2sim
/// (its writes take milliseconds, so a long wait means something is wrong) or another program —
/// a database browser with pending edits, a script with an open transaction.
///
/// Read from `/proc/locks` (Linux), never by opening the file: closing any descriptor of a file
/// drops every POSIX lock this process holds on it, SQLite's included.
public struct LockHolder: Hashable, Sendable, CustomStringConvertible {
    public var pid: Int32
    /// The program's name (`/proc/PID/comm`), when known.
    public var program: String?
    /// Whether the holder is a her2sim.
    public var isHer2Sim: Bool
    /// A write lock (an open write transaction), else a read lock that keeps writers out.
    public var writes: Bool = true

    public var description: String {
        if isHer2Sim { return "another her2sim (pid \(pid))" }
        return "another program (\(program.map { "\($0), " } ?? "")pid \(pid); not her2sim)"
    }

    /// SQLite's lock bytes in the database file (`PENDING_BYTE` … the shared range) and the WAL
    /// writer's byte in the `-shm` file.
    static let databaseLockRange: ClosedRange<UInt64> = 0x4000_0000...0x4000_01FF
    static let walWriteLockByte: UInt64 = 120

    /// The process holding a write lock on `path` or its `-shm` file, other than this one; nil when
    /// none is found (the lock went away, or this system has no `/proc/locks`).
    public static func find(path: String) -> LockHolder? {
        guard let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        let database = identity(of: path)
        let shm = identity(of: path + "-shm")
        let me = getpid()
        var candidates: [(pid: Int32, writes: Bool)] = []
        for line in table.split(separator: "\n") {
            // "3: POSIX  ADVISORY  WRITE 5831 fe:00:5343111 1073741824 1073742335" (an entry
            // blocked on another has "->" after its number).
            let fields = line.split(separator: " ").filter { $0 != "->" }
            guard fields.count >= 8, fields[1] == "POSIX" || fields[1] == "OFDLCK",
                let pid = Int32(fields[4]), pid != me, pid > 0
            else { continue }
            let file = fields[5].split(separator: ":")
            guard file.count == 3, let inode = UInt64(file[2]),
                let start = UInt64(fields[6])
            else { continue }
            let end = fields[7] == "EOF" ? UInt64.max : (UInt64(fields[7]) ?? UInt64.max)
            let device = String(file[0]) + ":" + String(file[1])
            let writes = fields[3] == "WRITE"
            if let database, database == (device, inode), start <= databaseLockRange.upperBound,
                end >= databaseLockRange.lowerBound
            {
                candidates.append((pid, writes))
            } else if let shm, shm == (device, inode), start <= walWriteLockByte, end >= walWriteLockByte, writes {
                candidates.append((pid, true))
            }
        }
        guard let chosen = candidates.first(where: \.writes) ?? candidates.first else { return nil }
        var holder = describe(pid: chosen.pid)
        holder.writes = chosen.writes
        return holder
    }

    /// The program `pid` runs, and whether it is a her2sim (same executable, or named so).
    static func describe(pid: Int32) -> LockHolder {
        let comm = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let executable = resolvedLink("/proc/\(pid)/exe")
        let mine = resolvedLink("/proc/self/exe")
        let isHer2Sim =
            (executable != nil && executable == mine) || comm == "her2sim"
            || executable.map { ($0 as NSString).lastPathComponent == "her2sim" } == true
        return LockHolder(pid: pid, program: comm.flatMap { $0.isEmpty ? nil : $0 }, isHer2Sim: isHer2Sim)
    }

    private static func resolvedLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `/proc/locks`'s "MAJOR:MINOR" (hex, two digits at least) and the inode of `path`.
    private static func identity(of path: String) -> (String, UInt64)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        let device = UInt64(status.st_dev)
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        let minor = (device & 0xFF) | ((device >> 12) & ~UInt64(0xFF))
        return (String(format: "%02llx:%02llx", major, minor), UInt64(status.st_ino))
    }
}
