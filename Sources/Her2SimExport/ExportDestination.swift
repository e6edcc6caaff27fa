import Foundation

extension ExportFormat {
    /// The file a format gets inside an output folder (`--out DIR`): distinct for every format,
    /// so `--format all` writes them side by side.
    public var defaultFileName: String {
        switch self {
        case .qti21: "quiz-qti21.zip"
        case .qti12: "quiz-qti12.zip"
        case .moodle: "quiz-moodle.xml"
        case .gift: "quiz.gift"
        case .html: "handout.html"
        }
    }
}

/// Where `--out` sends each format. A folder — one that exists, a path ending in `/`, or any
/// path when several formats are written — gets each format's default file name inside it; any
/// other path is the file itself. Missing folders are created with their parents (`mkdir -p`);
/// an existing file where a folder should be is refused.
public enum ExportDestination {
    public static func files(for formats: [ExportFormat], out path: String) throws(ExportError) -> [(
        format: ExportFormat, file: OutputFile
    )] {
        guard !path.isEmpty else {
            throw .emptyPath(expected: "a folder such as out/ or a file such as out/quiz.zip")
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        let last = (path as NSString).lastPathComponent
        let isFolder =
            (exists && isDirectory.boolValue) || path.hasSuffix("/") || last == "." || last == ".." || formats.count > 1
        if isFolder {
            if exists, !isDirectory.boolValue {
                throw .fileInsteadOfFolder(path: path)
            }
            try makeDirectory(path)
            let folder = path.hasSuffix("/") ? path : path + "/"
            return try formats.map { format throws(ExportError) in
                (format, try OutputFile(folder + format.defaultFileName, suggestedName: format.defaultFileName))
            }
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty { try makeDirectory(parent) }
        return try formats.map { format throws(ExportError) in
            (format, try OutputFile(path, suggestedName: format.defaultFileName))
        }
    }

    /// `mkdir -p`, with the refusal a person can act on.
    static func makeDirectory(_ path: String) throws(ExportError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .cannotCreateFolder(path: path, reason: "a file of that name exists")
            }
            return
        }
        // Find the first existing ancestor that is not a folder, to name it in the message.
        var ancestor = (path as NSString).deletingLastPathComponent
        while !ancestor.isEmpty, ancestor != "/" {
            if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isDirectory) {
                if !isDirectory.boolValue {
                    throw .cannotCreateFolder(path: path, reason: "'\(ancestor)' is a file, not a folder")
                }
                break
            }
            ancestor = (ancestor as NSString).deletingLastPathComponent
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let reason =
                (error as NSError).code == NSFileWriteNoPermissionError
                ? "permission denied" : error.localizedDescription
            throw .cannotCreateFolder(path: path, reason: reason)
        }
    }
}
