import Foundation
import Her2SimCore
import ZIPFoundation

/// The formats `her2sim export` writes.
public enum ExportFormat: String, CaseIterable, Sendable {
    case qti21, qti12, moodle, gift, html

    /// What a coordinator calls it.
    public var displayName: String {
        switch self {
        case .qti21: "IMS QTI 2.1 content package"
        case .qti12: "Canvas QTI 1.2 package"
        case .moodle: "Moodle XML"
        case .gift: "GIFT"
        case .html: "printable HTML handout"
        }
    }

    /// The file name extension the output usually has.
    public var fileExtension: String {
        switch self {
        case .qti21, .qti12: "zip"
        case .moodle: "xml"
        case .gift: "gift"
        case .html: "html"
        }
    }
}

/// One file of a zip package, by its path inside the package.
public struct PackageEntry: Hashable, Sendable {
    public var path: String
    public var data: Data

    public init(path: String, data: Data) {
        self.path = path
        self.data = data
    }
}

public enum Exporter {
    /// The bytes of one export.
    public static func render(_ bank: QuizBank, as format: ExportFormat) throws(ExportError) -> Data {
        switch format {
        case .qti21: try ZipPackage.data(QTI21Exporter.package(bank))
        case .qti12: try ZipPackage.data(QTI12Exporter.package(bank))
        case .moodle: MoodleExporter.document(bank)
        case .gift: Data(GIFTExporter.document(bank).utf8)
        case .html: Data(HTMLHandout.document(bank).utf8)
        }
    }

    /// Renders and writes one export to `path` atomically (see `OutputFile`).
    public static func write(_ bank: QuizBank, as format: ExportFormat, to path: String) throws(ExportError) {
        let target = try OutputFile(path, suggestedName: "quiz." + format.fileExtension)
        try target.write(render(bank, as: format))
    }
}

/// Zip packages with ZIPFoundation, built in memory. Entries are deflated and dated to a fixed
/// moment, so the same bank gives the same bytes on every run.
public enum ZipPackage {
    /// 2025-01-01 00:00 UTC: a fixed entry date keeps packages reproducible.
    static let entryDate = Date(timeIntervalSince1970: 1_735_689_600)

    public static func data(_ entries: [PackageEntry]) throws(ExportError) -> Data {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw .archive(reason: "cannot create a zip archive in memory: \(error)")
        }
        var seen: Set<String> = []
        for entry in entries {
            guard isSafe(entry.path), seen.insert(entry.path).inserted else {
                throw .unsafeEntry(path: entry.path)
            }
            let data = entry.data
            do {
                try archive.addEntry(
                    with: entry.path, type: .file, uncompressedSize: Int64(data.count),
                    modificationDate: entryDate, permissions: 0o644, compressionMethod: .deflate
                ) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            } catch {
                throw .archive(reason: "cannot add '\(entry.path)' to the zip archive: \(error)")
            }
        }
        guard let data = archive.data else { throw .archive(reason: "the zip archive has no data") }
        return data
    }

    /// A relative path with no `..`, `.` or empty component: nothing lands outside the package.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && $0 != "." && $0 != ".."
        }
    }

    /// The entries of a zip (for tests and checks): path → bytes, in archive order.
    public static func entries(of data: Data) throws -> [PackageEntry] {
        let archive = try Archive(data: data, accessMode: .read)
        var result: [PackageEntry] = []
        for entry in archive {
            var content = Data()
            _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
            result.append(PackageEntry(path: entry.path, data: content))
        }
        return result
    }
}
