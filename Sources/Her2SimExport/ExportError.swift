/// An export problem a user can act on; each case's description is the whole story. Thrown
/// typed (`throws(ExportError)`) by everything that renders or writes an export, so a caller
/// knows it has no other failure to handle.
public enum ExportError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The output path is empty; `expected` says what to give ("a file path such as out/quiz.zip").
    case emptyPath(expected: String)
    /// Several files were asked for, and `path` is a file, not a folder.
    case fileInsteadOfFolder(path: String)
    /// A folder on the way to the output could not be made.
    case cannotCreateFolder(path: String, reason: String)
    /// `path` names a directory (`out/`, `.`) or is one (`exists`); `example` is a file in it.
    case directoryPath(path: String, example: String, exists: Bool)
    /// Something other than a regular file is where the output would go.
    case notRegularFile(path: String)
    /// `path` cannot be written; `reason` says why.
    case cannotWrite(path: String, reason: String)
    /// A zip package could not be built; `reason` is the whole sentence.
    case archive(reason: String)
    /// A package entry path that would land outside the package, or twice in it.
    case unsafeEntry(path: String)

    public var description: String {
        switch self {
        case .emptyPath(let expected):
            "the output path is empty; give \(expected)"
        case .fileInsteadOfFolder(let path):
            "'\(path)' is a file; --format all writes several files, so give a folder (it is created if missing)"
        case .cannotCreateFolder(let path, let reason):
            "cannot create the folder '\(path)': \(reason)"
        case .directoryPath(let path, let example, exists: false):
            "'\(path)' names a directory; give a file path inside it, such as \(example)"
        case .directoryPath(let path, let example, exists: true):
            "'\(path)' is a directory; refusing to replace it — give a file path inside it, such as \(example)"
        case .notRegularFile(let path):
            "'\(path)' exists and is not a regular file; refusing to replace it"
        case .cannotWrite(let path, let reason):
            "cannot write '\(path)': \(reason)"
        case .archive(let reason):
            reason
        case .unsafeEntry(let path):
            "refusing the package entry '\(path)': entries must be unique relative paths inside the package"
        }
    }
}
