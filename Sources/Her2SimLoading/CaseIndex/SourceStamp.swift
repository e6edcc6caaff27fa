import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a cached index is keyed by: the program's version (and build), then for `Scoring/` and
/// `Cases/` the folder's path and display prefix, and for every file in it (sorted by name) its
/// name, size, modification time in nanoseconds and inode, and finally a 64-bit FNV-1a hash of
/// every byte of those files. Any edit, added or removed file, another folder or another build
/// gives another stamp; the stamp is compared as text.
public struct SourceStamp: Sendable, Hashable {
    /// The stamp as the index file's first lines.
    public var text: String

    /// A stamp as read back from an index file's first lines (tests forge indexes with it).
    public init(text: String) {
        self.text = text
    }

    /// Stamps the folders (`nil` when one cannot be listed or read: then nothing is cached).
    public init?(version: String, folders: [Workspace.Directory]) {
        var text = "version\t\(IndexText.escaped(version))\n"
        var hash = FNV1a()
        var buffer: [UInt8] = [] // One buffer for every file: this runs before the first screen.
        for folder in folders {
            let path = folder.url.standardizedFileURL.path
            text += "folder\t\(IndexText.escaped(path))\t\(IndexText.escaped(folder.displayPrefix))\n"
            guard let files = Self.files(in: path) else { return nil }
            for file in files {
                text += "file\t\(IndexText.escaped(file.name))\t\(file.size)\t\(file.modified)\t\(file.inode)\n"
                guard hash.addFile(atPath: path + "/" + file.name, buffer: &buffer) else { return nil }
            }
        }
        text += "bytes\t\(IndexText.hex(hash.value))\n"
        self.text = text
    }

    private struct FileStat {
        var name: String
        var size: Int64
        var modified: Int64
        var inode: UInt64
    }

    /// The regular files directly inside `path`, sorted by name, with `stat(2)` (no Foundation
    /// file manager: this runs before the first screen).
    private static func files(in path: String) -> [FileStat]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var result: [FileStat] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            var info = stat()
            guard stat(path + "/" + name, &info) == 0 else { return nil }
            guard (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
            result.append(
                FileStat(name: name, size: Int64(info.st_size), modified: modified, inode: UInt64(info.st_ino)))
        }
        return result.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
    }
}

/// FNV-1a over 8-byte little-endian words (the tail byte by byte): fast and good enough to
/// notice a changed byte; not a defence against anyone crafting collisions, which the cache
/// does not need (whoever can write the sources can write the cache).
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x100_0000_01b3

    public init() {}

    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        var hash = value
        while index + 8 <= bytes.count {
            hash = (hash ^ bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian) &* Self.prime
            index += 8
        }
        while index < bytes.count {
            hash = (hash ^ UInt64(bytes[index])) &* Self.prime
            index += 1
        }
        // The length too, so moving bytes between files changes the hash.
        value = (hash ^ UInt64(bytes.count)) &* Self.prime
    }

    public mutating func add(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { add($0) }
    }

    /// Adds a whole file read with `read(2)` into `buffer` (reused from file to file); false when
    /// it cannot be read.
    mutating func addFile(atPath path: String, buffer: inout [UInt8]) -> Bool {
        guard let count = IndexText.readFile(atPath: path, into: &buffer) else { return false }
        buffer.withUnsafeBytes { add(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        return true
    }
}
