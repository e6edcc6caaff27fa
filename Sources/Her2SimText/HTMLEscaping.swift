/// Escaping for HTML (and XML) text and quoted attribute values, for the exported quiz
/// documents and the records' HTML report alike.
public enum HTMLEscaping {
    /// What becomes of a character that is not one of `& < > " '`.
    public enum Controls: Sendable {
        /// Kept as is when XML can hold it, dropped otherwise (exported documents are UTF-8).
        case dropUnlessXML
        /// Newline and tab become a space, other control characters U+FFFD, so that text from
        /// the records (old records or a hand-edited database may hold them) cannot break a page.
        case replace
    }

    /// `&`, `<`, `>`, `"` and `'` as character references; everything else (é, µ, ≥, emoji) as is.
    public static func escape(_ text: String, controls: Controls) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default:
                switch controls {
                case .dropUnlessXML:
                    if isXMLCharacter(scalar) { output.unicodeScalars.append(scalar) }
                case .replace:
                    if scalar == "\n" || scalar == "\t" {
                        output.unicodeScalars.append(" ")
                    } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                        output += "\u{FFFD}"
                    } else {
                        output.unicodeScalars.append(scalar)
                    }
                }
            }
        }
        return output
    }

    /// Whether XML 1.0 can hold `scalar` (the `Char` production).
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
