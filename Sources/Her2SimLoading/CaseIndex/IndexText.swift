import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The index file's text conventions: tab-separated fields, one record a line, with `\`, tab,
/// newline and carriage return escaped, and hexadecimal hashes; plus a plain `read(2)` loop.
enum IndexText {
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// The text of an escaped field, or nil for an unknown escape, a dangling backslash or bytes
    /// that are not UTF-8.
    static func unescaped(_ bytes: ArraySlice<UInt8>) -> String? {
        guard let field = String(validating: bytes, as: UTF8.self) else { return nil }
        guard bytes.contains(UInt8(ascii: "\\")) else { return field }
        var out = ""
        var escaping = false
        for character in field.unicodeScalars {
            if escaping {
                switch character {
                case "\\": out += "\\"
                case "t": out += "\t"
                case "n": out += "\n"
                case "r": out += "\r"
                default: return nil
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.unicodeScalars.append(character)
            }
        }
        return escaping ? nil : out
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// A file's bytes, or nil when it cannot be opened or read (or is over 64 MB).
    static func readFile(atPath path: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        guard let count = readFile(atPath: path, into: &bytes) else { return nil }
        bytes.removeSubrange(count...)
        return bytes
    }

    /// Reads the file at `path` into the start of `buffer`, growing it when needed (its other
    /// bytes are left as they were), and answers how many bytes the file has; nil when it
    /// cannot be opened or read, or is over 64 MB.
    static func readFile(atPath path: String, into buffer: inout [UInt8]) -> Int? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_size <= 64 << 20 else { return nil }
        // One byte more than the size, so that reaching the end needs no second growth.
        if buffer.count < Int(info.st_size) + 1 {
            buffer.append(contentsOf: repeatElement(0, count: Int(info.st_size) + 1 - buffer.count))
        }
        var count = 0
        while true {
            if count == buffer.count { buffer.append(contentsOf: repeatElement(0, count: 4096)) }
            let read = buffer.withUnsafeMutableBytes { raw in
                Glibc.read(descriptor, raw.baseAddress! + count, raw.count - count)
            }
            if read < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if read == 0 { break }
            count += read
            if count > 64 << 20 { return nil }
        }
        return count
    }
}
