import Foundation
import Her2SimLoading
import Testing

/// The case index file is believed only when it is intact and was written under the current
/// stamp: every damaged, truncated, random or stale file reads as no index.
@Suite("Case index file")
struct CaseIndexFileTests {
    static let index = CaseIndex(
        cases: [
            CaseIndex.Entry(
                id: "hb-401", title: "Fourth line after HER2CLIMB, then a trial", line: 4, decisions: 3,
                difficulty: "advanced", minutes: 15, objectives: ["One objective", "Two\tobjectives\\n"],
                file: "Cases/hb-401.yaml"),
            CaseIndex.Entry(
                id: "hb-402", title: "A title with\na newline — and UTF-8", line: 3, decisions: 4,
                difficulty: "intermediate", minutes: 12, objectives: [], file: "Cases/hb-402.yaml"),
        ],
        regimenIDs: ["thp", "tdm1"], regimenNames: ["kadcyla", "t-dm1"])

    /// A stamp of two real folders (a temporary copy, so edits do not touch the repository).
    static func folders() throws -> (root: URL, folders: [Workspace.Directory]) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-index-\(UUID().uuidString)")
        var folders: [Workspace.Directory] = []
        for name in ["Scoring", "Cases"] {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try "id: \(name)\n".write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
            folders.append(Workspace.Directory(url: folder, displayPrefix: name + "/"))
        }
        return (root, folders)
    }

    static func stamp(_ folders: [Workspace.Directory], version: String = "1.0") throws -> SourceStamp {
        try #require(SourceStamp(version: version, folders: folders))
    }

    @Test("an index reads back as written, escapes and all")
    func roundTrip() throws {
        let (root, folders) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let stamp = try Self.stamp(folders)
        let bytes = CaseIndexFile.encode(Self.index, stamp: stamp)
        #expect(CaseIndexFile.decode(bytes, stamp: stamp) == Self.index)
        let empty = CaseIndex(cases: [], regimenIDs: [], regimenNames: [])
        #expect(CaseIndexFile.decode(CaseIndexFile.encode(empty, stamp: stamp), stamp: stamp) == empty)
    }

    @Test("another version, an edited, added or removed file, or another folder gives another stamp")
    func staleStamps() throws {
        let (root, folders) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let stamp = try Self.stamp(folders)
        let bytes = CaseIndexFile.encode(Self.index, stamp: stamp)
        #expect(try Self.stamp(folders) == stamp)
        #expect(CaseIndexFile.decode(bytes, stamp: try Self.stamp(folders, version: "1.1")) == nil)

        let file = folders[1].url.appendingPathComponent("a.yaml")
        // Same size, same second: only the bytes (and perhaps the nanoseconds) differ.
        try "id: Casez\n".write(to: file, atomically: false, encoding: .utf8)
        #expect(CaseIndexFile.decode(bytes, stamp: try Self.stamp(folders)) == nil)
        try "id: Cases\n".write(to: file, atomically: false, encoding: .utf8)
        let restored = try Self.stamp(folders)

        let added = folders[1].url.appendingPathComponent("b.yaml")
        try "id: b\n".write(to: added, atomically: true, encoding: .utf8)
        #expect(try Self.stamp(folders) != restored)
        try FileManager.default.removeItem(at: added)
        try FileManager.default.removeItem(at: file)
        #expect(try Self.stamp(folders) != restored)

        var moved = folders
        moved[1].displayPrefix = "elsewhere/"
        #expect(try Self.stamp(moved).text != restored.text)
        #expect(
            SourceStamp(
                version: "1.0",
                folders: [Workspace.Directory(url: root.appendingPathComponent("none"), displayPrefix: "")]) == nil)
    }

    @Test("truncated, random, flipped or empty bytes are never believed")
    func damaged() throws {
        let (root, folders) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let stamp = try Self.stamp(folders)
        let bytes = CaseIndexFile.encode(Self.index, stamp: stamp)
        #expect(CaseIndexFile.decode([], stamp: stamp) == nil)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(CaseIndexFile.decode(Array(bytes.prefix(length)), stamp: stamp) == nil)
        }
        var generator = SystemRandomNumberGenerator()
        let random = (0..<bytes.count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(CaseIndexFile.decode(random, stamp: stamp) == nil)
        // One bit of a title flipped ("Fourth" → "Gourth"): the checksum no longer agrees.
        let title = try #require(bytes.firstRange(of: Array("Fourth".utf8)))
        var flipped = bytes
        flipped[title.lowerBound] ^= 0x01
        #expect(CaseIndexFile.decode(flipped, stamp: stamp) == nil)
    }

    @Test("500 random mutations of a valid index never crash and never give another index")
    func mutations() throws {
        let (root, folders) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let stamp = try Self.stamp(folders)
        let bytes = CaseIndexFile.encode(Self.index, stamp: stamp)
        var generator = SystemRandomNumberGenerator()
        var rejected = 0
        for _ in 0..<500 {
            var mutated = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<max(1, mutated.count), using: &generator)
                switch Int.random(in: 0..<5, using: &generator) {
                case 0 where !mutated.isEmpty: mutated[at] ^= UInt8.random(in: 1...255, using: &generator)
                case 1 where !mutated.isEmpty: mutated.remove(at: at)
                case 2: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: min(at, mutated.count))
                case 3: mutated.removeSubrange(min(at, mutated.count)...)
                default:
                    // Swap in a line of another part of the file (a plausible-looking edit).
                    let lines = mutated.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                    guard lines.count > 2 else { continue }
                    let a = Int.random(in: 0..<lines.count, using: &generator)
                    let b = Int.random(in: 0..<lines.count, using: &generator)
                    var swapped = lines.map(Array.init)
                    swapped.swapAt(a, b)
                    mutated = Array(swapped.joined(separator: [UInt8(ascii: "\n")]))
                }
            }
            let decoded = CaseIndexFile.decode(mutated, stamp: stamp)
            if mutated == bytes {
                #expect(decoded == Self.index)
            } else {
                #expect(decoded == nil)
                if decoded == nil { rejected += 1 }
            }
        }
        #expect(rejected > 400)
    }

    @Test("written atomically and read back; an unwritable folder is a quiet false")
    func writeAndRead() throws {
        let (root, folders) = try Self.folders()
        defer { try? FileManager.default.removeItem(at: root) }
        let stamp = try Self.stamp(folders)
        let url = CaseIndexFile.url(environment: ["XDG_CACHE_HOME": root.appendingPathComponent("cache").path])
        #expect(url.path.hasSuffix("/cache/her2sim/case-index"))
        #expect(CaseIndexFile.read(url, stamp: stamp) == nil)
        #expect(CaseIndexFile.write(Self.index, stamp: stamp, to: url))
        #expect(CaseIndexFile.read(url, stamp: stamp) == Self.index)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(leftovers == ["case-index"])

        // A regular file where the cache folder should be: nothing can be written below it.
        let blocker = root.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let blocked = CaseIndexFile.url(environment: ["XDG_CACHE_HOME": blocker.path])
        #expect(!CaseIndexFile.write(Self.index, stamp: stamp, to: blocked))
        #expect(CaseIndexFile.read(blocked, stamp: stamp) == nil)
        #expect(
            CaseIndexFile.url(environment: ["HOME": "/h", "XDG_CACHE_HOME": "relative"]).path
                == "/h/.cache/her2sim/case-index")
    }

    @Test("FNV-1a notices a moved byte and a moved boundary")
    func hash() {
        func value(_ parts: [[UInt8]]) -> UInt64 {
            var hash = FNV1a()
            for part in parts { hash.add(part) }
            return hash.value
        }
        #expect(value([Array("abcdefghij".utf8)]) != value([Array("abcdefghji".utf8)]))
        #expect(value([Array("ab".utf8), Array("c".utf8)]) != value([Array("a".utf8), Array("bc".utf8)]))
        #expect(value([[]]) != value([]))
    }
}
