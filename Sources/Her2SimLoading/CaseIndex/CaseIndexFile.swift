import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The case index on disk: `$XDG_CACHE_HOME/her2sim/case-index` (else `~/.cache/her2sim`).
///
/// The file is text: a magic line, the `SourceStamp` it was built under, the regimen ids and
/// names, one `case` line per case, an `end` line with the count, and last a `checksum` line
/// (FNV-1a of every byte before it). It is believed only when all of that checks out and the
/// stamp is the current one; anything else (truncated, corrupt, stale, another version) reads
/// as no index, and the caller loads `Scoring/` and `Cases/` and writes a new one. Writing goes
/// to a temporary file renamed over the old one, so a reader never sees half a file.
public enum CaseIndexFile {
    static let magic = "her2sim case index 1\n"

    /// `$XDG_CACHE_HOME/her2sim` when that is absolute, else `~/.cache/her2sim`.
    public static func directory(environment: [String: String]) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("her2sim")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/her2sim")
    }

    public static func url(environment: [String: String]) -> URL {
        directory(environment: environment).appendingPathComponent("case-index")
    }

    /// The index at `url` when it is intact and was built under `stamp`; nil otherwise.
    public static func read(_ url: URL, stamp: SourceStamp) -> CaseIndex? {
        IndexText.readFile(atPath: url.path).flatMap { decode($0, stamp: stamp) }
    }

    /// Writes `index` under `stamp` atomically; false when the folder or file cannot be written
    /// (the caller carries on without a cache).
    @discardableResult
    public static func write(_ index: CaseIndex, stamp: SourceStamp, to url: URL) -> Bool {
        let folder = url.deletingLastPathComponent().path
        guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
        else { return false }
        let temporary = folder + "/.case-index.\(getpid()).tmp"
        let bytes = encode(index, stamp: stamp)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                close(descriptor)
                unlink(temporary)
                return false
            }
            written += count
        }
        guard close(descriptor) == 0, rename(temporary, url.path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// The file's bytes.
    public static func encode(_ index: CaseIndex, stamp: SourceStamp) -> [UInt8] {
        var text = magic + stamp.text
        text += "regimens" + index.regimenIDs.map { "\t" + IndexText.escaped($0) }.joined() + "\n"
        text += "names" + index.regimenNames.map { "\t" + IndexText.escaped($0) }.joined() + "\n"
        for entry in index.cases {
            let fields =
                [
                    entry.id, entry.title, String(entry.line), String(entry.decisions), entry.difficulty,
                    String(entry.minutes), entry.file,
                ] + entry.objectives
            text += "case" + fields.map { "\t" + IndexText.escaped($0) }.joined() + "\n"
        }
        text += "end\t\(index.cases.count)\n"
        var bytes = Array(text.utf8)
        var hash = FNV1a()
        hash.add(bytes)
        bytes += Array("checksum\t\(IndexText.hex(hash.value))\n".utf8)
        return bytes
    }

    /// The index in `bytes` when it is intact and was built under `stamp`; nil otherwise.
    public static func decode(_ bytes: [UInt8], stamp: SourceStamp) -> CaseIndex? {
        // The checksum line: "checksum\t" + 16 hex digits + "\n", the last 26 bytes.
        let trailer = 26
        guard bytes.count > trailer, bytes.last == UInt8(ascii: "\n") else { return nil }
        let body = bytes[..<(bytes.count - trailer)]
        let last = String(decoding: bytes[(bytes.count - trailer)...], as: UTF8.self)
        guard last.hasPrefix("checksum\t") else { return nil }
        var hash = FNV1a()
        body.withUnsafeBytes { hash.add($0) }
        guard last == "checksum\t\(IndexText.hex(hash.value))\n" else { return nil }
        let key = Array((magic + stamp.text).utf8)
        guard body.count > key.count, body.starts(with: key) else { return nil }
        return parse(body[(body.startIndex + key.count)...])
    }

    /// The records after the stamp: regimens, names, cases, end. Read as bytes, not `String`s:
    /// this runs before the first screen, and splitting by `Character` cost more than the rest.
    private static func parse(_ bytes: ArraySlice<UInt8>) -> CaseIndex? {
        guard bytes.last == UInt8(ascii: "\n") else { return nil }
        var lines = bytes.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        guard let ids = fields(lines.popFirst(), tag: "regimens"),
            let names = fields(lines.popFirst(), tag: "names"),
            let end = fields(lines.popLast(), tag: "end"), end.count == 1, let count = Int(end[0]),
            count == lines.count
        else { return nil }
        var cases: [CaseIndex.Entry] = []
        cases.reserveCapacity(count)
        var seen: Set<String> = []
        for line in lines {
            guard let field = fields(line, tag: "case"), field.count >= 7, !field[0].isEmpty,
                seen.insert(field[0]).inserted,
                let number = Int(field[2]), let decisions = Int(field[3]), let minutes = Int(field[5])
            else { return nil }
            cases.append(
                CaseIndex.Entry(
                    id: field[0], title: field[1], line: number, decisions: decisions, difficulty: field[4],
                    minutes: minutes, objectives: Array(field[7...]), file: field[6]))
        }
        return CaseIndex(cases: cases, regimenIDs: ids, regimenNames: names)
    }

    /// The unescaped fields after `tag` on `line`, or nil when the line is missing, has another
    /// tag, a bad escape or bytes that are not UTF-8.
    private static func fields(_ line: ArraySlice<UInt8>?, tag: String) -> [String]? {
        guard let line else { return nil }
        let parts = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
        guard let first = parts.first, first.elementsEqual(tag.utf8) else { return nil }
        var out: [String] = []
        out.reserveCapacity(parts.count - 1)
        for part in parts.dropFirst() {
            guard let field = IndexText.unescaped(part) else { return nil }
            out.append(field)
        }
        return out
    }
}
