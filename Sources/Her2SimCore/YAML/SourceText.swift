import Foundation

/// Turns a file, or bytes, into the text the YAML loaders read, refusing what they must not see:
/// unreadable files, anything that is not a regular file, oversized files (checked before reading,
/// so a 100 MB file costs nothing), and invalid UTF-8 (located to the line and column).
public enum SourceText {
    /// The text of `url`; `displayName` is what diagnostics call the file.
    public static func read(contentsOf url: URL, displayName: String,
                            limit: Int = YAMLDocument.maximumBytes) throws(DiagnosticError) -> String {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot read file: \(YAMLDocument.readableReason(error))", file: displayName)])
        }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            let what = type == .typeDirectory ? "a directory" : "not a regular file"
            throw DiagnosticError([Diagnostic(.error, "cannot read file: it is \(what); expected a YAML file", file: displayName)])
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > limit {
            throw DiagnosticError([tooLarge(size, limit: limit, file: displayName)])
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DiagnosticError([Diagnostic(.error, "cannot read file: \(YAMLDocument.readableReason(error))", file: displayName)])
        }
        return try decode(data, file: displayName, limit: limit)
    }

    /// `data` as text, or a diagnostic naming the size limit or the first byte that is not UTF-8.
    public static func decode(_ data: Data, file: String, limit: Int = YAMLDocument.maximumBytes) throws(DiagnosticError) -> String {
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
        let prefix = YAMLDocument.normalizedLineBreaks(String(decoding: bytes[..<min(offset, bytes.count)], as: UTF8.self))
        let lines = prefix.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let column = (lines.last.map { Substring($0).count } ?? 0) + 1
        let line = lines.count
        let byte = offset < bytes.count ? String(format: " (byte 0x%02X)", bytes[offset]) : ""
        return Diagnostic(.error, "file is not valid UTF-8 text\(byte); save it as UTF-8",
                          at: SourceLocation(file: file, line: line, column: column))
    }
}
