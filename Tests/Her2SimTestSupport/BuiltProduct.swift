import Foundation

/// Executables SwiftPM built beside the test bundle (`her2sim`, `records-crash-helper`).
public enum BuiltProduct {
    /// The executable `name` in the products directory of the build, found by walking up from
    /// the test bundle and the test runner; `nil` when it was not built.
    public static func url(_ name: String) -> URL? {
        var starts = [
            Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ]
        starts += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
        let files = FileManager.default
        for start in starts {
            var directory = start.standardizedFileURL
            for _ in 0..<6 {
                let candidate = directory.appendingPathComponent(name)
                var isDirectory: ObjCBool = false
                if files.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                    files.isExecutableFile(atPath: candidate.path)
                {
                    return candidate
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return nil
    }

    /// The `her2sim` program the CLI, records and export tests drive.
    public static let her2sim: URL? = url("her2sim")
}
