import Foundation
import Her2SimCore

#if canImport(Glibc)
    import Glibc
    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin
    private let systemRead = Darwin.read
#endif

/// Turns a file, or bytes, into the text the YAML loaders read, refusing what they must not see:
/// unreadable files, anything that is not a regular file, oversized files (checked before reading,
/// so a 100 MB file costs nothing), and invalid UTF-8 (located to the line and column).
public enum SourceText {
    /// The text of `url`; `displayName` is what diagnostics call the file, `expected` what it
    /// should have been ("a YAML file", "a script file") when it is a directory or a device.
    ///
    /// The size is checked twice: from `stat` before reading (a 100 MB file costs nothing), and
    /// while reading, at most `limit + 1` bytes — files such as `/proc/self/pagemap` report size
    /// 0 and then yield gigabytes.
    public static func read(
        contentsOf url: URL, displayName: String, limit: Int = YAMLDocument.maximumBytes,
        expected: String = "a YAML file"
    ) throws(DiagnosticError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw DiagnosticError([
                Diagnostic(.error, "cannot read file: \(YAMLDocument.readableReason(error))", file: displayName)
            ])
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular, type != .typeSymbolicLink {
            let what = type == .typeDirectory ? "a directory" : "not a regular file"
            throw DiagnosticError([
                Diagnostic(.error, "cannot read file: it is \(what); expected \(expected)", file: displayName)
            ])
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > limit {
            throw DiagnosticError([tooLarge(size, limit: limit, file: displayName)])
        }
        let data = try boundedRead(url, limit: limit, displayName: displayName, expected: expected)
        if data.count > limit {
            throw DiagnosticError([
                Diagnostic(
                    .error,
                    "file is more than \(limit) bytes (its size was not known before "
                        + "reading it); the limit is \(limit) bytes", file: displayName)
            ])
        }
        return try decode(data, file: displayName, limit: limit)
    }

    /// Reads at most `limit + 1` bytes (one more tells "too large"), whatever `stat` said. The
    /// descriptor is opened non-blocking and checked to be a regular file, so a FIFO or a device
    /// swapped in after the `stat` above is refused instead of waited on.
    private static func boundedRead(
        _ url: URL, limit: Int, displayName: String,
        expected: String
    ) throws(DiagnosticError) -> Data {
        func failure(_ code: Int32) -> DiagnosticError {
            let text = String(cString: strerror(code))
            return DiagnosticError([
                Diagnostic(
                    .error, "cannot read file: \(text.prefix(1).lowercased() + text.dropFirst())",
                    file: displayName)
            ])
        }
        let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(errno) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw DiagnosticError([
                Diagnostic(
                    .error, "cannot read file: it is not a regular file; expected \(expected)",
                    file: displayName)
            ])
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var total = 0
        // Whole chunks (files such as /proc/self/pagemap refuse reads of odd sizes): at most
        // `limit` plus one chunk is held.
        while total <= limit {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[..<count])
            total += count
        }
        return data
    }

    /// `data` as text, or a diagnostic naming the size limit or the first byte that is not UTF-8.
    public static func decode(_ data: Data, file: String, limit: Int = YAMLDocument.maximumBytes)
        throws(DiagnosticError) -> String
    {
        if data.count > limit { throw DiagnosticError([tooLarge(data.count, limit: limit, file: file)]) }
        if let text = String(validating: data, as: UTF8.self) { return text }
        throw DiagnosticError([invalidUTF8(data, file: file)])
    }

    static func tooLarge(_ size: Int, limit: Int, file: String) -> Diagnostic {
        Diagnostic(.error, "file is \(size) bytes; the limit is \(limit) bytes", file: file)
    }

    /// Points at the first undecodable byte, counting columns in characters as an editor does.
    private static func invalidUTF8(_ data: Data, file: String) -> Diagnostic {
        let bytes = [UInt8](data)
        var offset = 0
        var iterator = bytes.makeIterator()
        var codec = UTF8()
        decoding: while true {
            switch codec.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput: break decoding
            case .error: break decoding
            }
        }
        // Line breaks as the YAML loaders count them (CR, CRLF, NEL, LS and PS each end a line).
        let prefix = YAMLDocument.normalizedLineBreaks(
            String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self))
        let lines = prefix.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let column = (lines.last.map { Substring($0).count } ?? 0) + 1
        let line = lines.count
        let byte = offset < bytes.count ? String(format: " (byte 0x%02X)", bytes[offset]) : ""
        return Diagnostic(
            .error, "file is not valid UTF-8 text\(byte); save it as UTF-8",
            at: SourceLocation(file: file, line: line, column: column))
    }
}
