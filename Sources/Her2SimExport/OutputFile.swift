import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where an export goes: exactly one file at the given path. It refuses a directory (or a path
/// that names one), needs an existing, writable parent directory, and writes atomically — a
/// temporary file beside the target, flushed, then renamed over it — so a failure leaves
/// neither a half-written file nor a stray temporary one, and nothing is written elsewhere.
public struct OutputFile: Sendable {
    public let url: URL
    /// The path as the user gave it, for messages.
    public let path: String

    /// `suggestedName` is what messages propose when `path` names a directory (`quiz.zip`).
    public init(_ path: String, suggestedName: String = "quiz.zip") throws(ExportError) {
        self.path = path
        guard !path.isEmpty else { throw .emptyPath(expected: "a file path such as out/quiz.zip") }
        let last = (path as NSString).lastPathComponent
        if path.hasSuffix("/") || last == "." || last == ".." {
            throw .directoryPath(path: path, example: Self.example(in: path, suggestedName), exists: false)
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.url = url
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw .directoryPath(path: path, example: Self.example(in: path, suggestedName), exists: true)
            }
            let attributes = try? manager.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
            if let type = attributes?[.type] as? FileAttributeType, type != .typeRegular {
                throw .notRegularFile(path: path)
            }
        }
        let parent = url.deletingLastPathComponent()
        let parentName = Self.displayDirectory(of: path)
        guard manager.fileExists(atPath: parent.path, isDirectory: &isDirectory) else {
            throw .cannotWrite(path: path, reason: "the directory '\(parentName)' does not exist (create it first)")
        }
        guard isDirectory.boolValue else {
            throw .cannotWrite(path: path, reason: "'\(parentName)' is not a directory")
        }
        guard access(parent.path, W_OK | X_OK) == 0 else {
            throw .cannotWrite(
                path: path,
                reason: "the directory '\(parentName)' is not writable (\(Self.reason(errno)))")
        }
    }

    /// Writes `data` to a temporary file in the target's directory, then renames it over the target.
    public func write(_ data: Data) throws(ExportError) {
        let parent = url.deletingLastPathComponent().path
        Self.removeStaleTemporaries(in: parent, target: url.lastPathComponent)
        var template = Array(
            (parent + "/" + Self.temporaryPrefix(url.lastPathComponent, pid: getpid()) + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let directory = Self.displayDirectory(of: path)
            throw .cannotWrite(path: path, reason: "cannot create a file in '\(directory)' (\(Self.reason(errno)))")
        }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: Int32?
        let mask = umask(0)
        umask(mask)
        if fchmod(descriptor, 0o666 & ~mask) != 0 { failure = errno }
        if failure == nil {
            failure = data.withUnsafeBytes { buffer -> Int32? in
                var offset = 0
                while offset < buffer.count {
                    let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        return errno
                    }
                    offset += written
                }
                return nil
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        let existed = access(url.path, F_OK) == 0
        if failure == nil, rename(temporary, url.path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            let kept = existed ? " ('\(url.lastPathComponent)' is unchanged)" : ""
            throw .cannotWrite(path: path, reason: "\(Self.reason(failure)); nothing was written\(kept)")
        }
    }

    /// The temporary file's name before mkstemp's six characters: hidden, naming the target,
    /// her2sim and the writing process — `.quiz.zip.her2sim-export-4242-` — so a later export
    /// can tell a killed one's leftover from a live one's.
    static func temporaryPrefix(_ target: String, pid: Int32) -> String {
        "." + target + ".her2sim-export-\(pid)-"
    }

    /// Removes temporaries of exports to `target` whose process has ended (killed before its
    /// rename). Live ones, and anything not named by `temporaryPrefix`, are left alone.
    static func removeStaleTemporaries(in directory: String, target: String) {
        let lead = "." + target + ".her2sim-export-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(lead) {
            let rest = name.dropFirst(lead.count).split(separator: "-", maxSplits: 1)
            guard rest.count == 2, rest[1].count == 6, let pid = Int32(rest[0]), pid > 0 else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory + "/" + name)
            }
        }
    }

    /// What an `errno` means for someone writing an export.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOSPC: return "the disk is full (no space left on device)"
        case EDQUOT: return "the disk quota is used up"
        case EFBIG: return "the file is larger than this process may write"
        case EROFS: return "the file system is read-only"
        case EACCES, EPERM: return "permission denied"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    static func example(in directory: String, _ name: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + name
    }

    static func displayDirectory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? "." : directory
    }
}

/// `write(2)`, named apart from the method above.
@inline(__always)
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        return Glibc.write(descriptor, buffer, count)
    #else
        return Darwin.write(descriptor, buffer, count)
    #endif
}
