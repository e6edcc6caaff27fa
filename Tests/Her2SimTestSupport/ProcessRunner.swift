import Foundation

/// What a finished child process printed and how it ended.
public struct ProcessOutput: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a child process to completion, draining both pipes so a full pipe never blocks it.
public enum ProcessRunner {
    /// Runs `executable` with exactly `environment` (nil: the runner's own), in `directory`,
    /// with `input` on standard input (nil: /dev/null).
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
        directory: URL? = nil, input: Data? = nil
    ) throws -> ProcessOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : inputPipe
        try process.run()
        // Drain stderr on its own thread while this one writes the input and reads stdout.
        let stderrBox = DataBox()
        let errorHandle = errors.fileHandleForReading
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { stderrBox.set(errorHandle.readDataToEndOfFile()) }
        if let input {
            let writer = inputPipe.fileHandleForWriting
            DispatchQueue.global().async(group: group) {
                writer.write(input)
                try? writer.close()
            }
        }
        let stdoutData = output.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessOutput(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrBox.get(), as: UTF8.self))
    }
}

/// Bytes handed from the draining thread back to the caller.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
