/// Laying text out in a fixed-width terminal: padding that counts what the eye sees (ANSI
/// escapes take no columns), word wrapping, and a sentence's first letter in capitals.
extension String {
    /// The columns this text takes on a terminal: its characters, less ANSI escape sequences
    /// (`ESC [ … letter`), which styled table cells carry.
    public var visibleWidth: Int {
        var width = 0
        var inEscape = false
        var afterEscape = false
        for character in self {
            if inEscape {
                if let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) { inEscape = false }
            } else if afterEscape {
                afterEscape = false
                if character == "[" { inEscape = true } else { width += 1 }
            } else if character == "\u{1B}" {
                afterEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// Pads on the right to `width` display columns (ANSI escapes take none), for aligned tables.
    public func padded(to width: Int) -> String {
        let visible = visibleWidth
        return visible >= width ? self : self + String(repeating: " ", count: width - visible)
    }

    /// Pads on the left to `width` display columns (numbers in table columns).
    public func leftPadded(to width: Int) -> String {
        let visible = visibleWidth
        return visible >= width ? self : String(repeating: " ", count: width - visible) + self
    }

    /// Word-wraps to `width` columns, prefixing continuation lines with `indent`.
    public func wrapped(to width: Int, indent: String) -> String {
        var lines: [String] = []
        var current = ""
        for word in split(separator: " ", omittingEmptySubsequences: true) {
            if current.isEmpty {
                current = String(word)
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.joined(separator: "\n" + indent)
    }

    /// The text with its first letter in capitals ("about 3 months" → "About 3 months").
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// The width every screen is laid out for, REPL and commands alike.
public enum ScreenWidth {
    public static let columns = 80
}
