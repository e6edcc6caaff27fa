import Her2SimCore

/// One cheap pass over YAML text before the parser sees it, for what libyaml and Yams handle
/// badly: deep nesting and aliases. libyaml stops at 1,000 levels with a message about a C
/// function, and Yams builds and hashes nodes recursively; the scan measures how deeply block
/// and flow collections nest (see `tooDeep`). And aliases: Yams hashes every mapping key while it checks for duplicates, so an alias used
/// as a key (`*deep:`, `? *deep`, `[*deep]: 1`) is hashed in full — nine nested levels of nine
/// aliases take minutes. The scan finds every alias the parser would see, and where one sits in
/// a key.
///
/// Nesting counts what libyaml counts: each flow `[` or `{`, and each block collection — a
/// `- ` entry or a key more indented than the collection around it (or a sequence written at its
/// key's indentation). Only places where YAML starts a node are examined: the start of a line (after indentation and
/// `- `), after `: ` and `? `, and inside flow collections after `[`, `{` and `,`. Text inside
/// quotes, block scalars (`|`, `>`), comments and the continuation lines of plain scalars is
/// skipped, so prose such as "*see note*" there is never taken for an alias. The text must use
/// "\n" line breaks only (see `YAMLDocument.normalizedLineBreaks`).
struct YAMLPrescan {
    /// A 1-based line and column (the column counts Unicode scalars, as libyaml does).
    struct Position: Equatable, Sendable {
        var line: Int
        var column: Int
    }

    /// Alias references (`*name`) the parser will resolve.
    private(set) var aliasCount = 0
    /// The first of them.
    private(set) var firstAlias: Position?
    /// The first alias that is a key or part of one.
    private(set) var aliasInKey: Position?
    /// The first explicit key indicator (`? `), which can introduce a key of any shape.
    private(set) var explicitKey: Position?
    /// Where the nesting of collections first goes deeper than `maximumDepth`: the `[`, `{`,
    /// `- ` or key that opens the collection one level too deep.
    private(set) var tooDeep: Position?
    /// The deepest nesting of collections seen (0 for a lone scalar).
    private(set) var deepest = 0
    /// Nesting deeper than this is reported in `tooDeep`.
    let maximumDepth: Int

    private let bytes: [UInt8]
    private var lineStart = 0
    private var lineEnd = 0
    private var lineNumber = 1
    /// The indentation of the collection that owns the current node: a plain scalar continues,
    /// and a block scalar's content lies, on lines indented more than this.
    private var ownerIndent = 0

    /// Open flow collections, innermost last, each with the first alias inside it.
    private var flow: [Position?] = []
    /// In a flow collection: whether the next token starts a node.
    private var expectNode = true
    /// Inside a quoted scalar that continues on the next line.
    private var openQuote: UInt8?
    /// Inside a block scalar: the indentation of the line that introduced it, and of its content.
    private var blockScalar: (parent: Int, content: Int?)?
    /// A plain scalar in block context that may continue on more-indented lines.
    private var plainIndent: Int?
    /// A `? ` on this line whose key has not started yet.
    private var explicitKeyPending = false
    /// Open block collections, innermost last: the column (byte offset in its line) of their
    /// entries, and whether they are sequences.
    private var blockLevels: [(column: Int, isSequence: Bool)] = []
    /// The last position counted: a byte index on the current line and its column.
    private var counted = (index: 0, column: 1)

    init(_ text: String, maximumDepth: Int = Int.max) {
        bytes = Array(text.utf8)
        self.maximumDepth = maximumDepth
        scan()
    }

    // MARK: - Lines

    private mutating func scan() {
        while lineStart <= bytes.count {
            lineEnd = bytes[lineStart...].firstIndex(of: .newline) ?? bytes.count
            scanLine()
            lineStart = lineEnd + 1
            lineNumber += 1
        }
    }

    private mutating func scanLine() {
        var indent = 0
        while lineStart + indent < lineEnd, bytes[lineStart + indent] == .space { indent += 1 }
        let first = lineStart + indent
        let blank = bytes[first..<lineEnd].allSatisfy { $0 == .space || $0 == .tab }
        explicitKeyPending = false

        if let block = blockScalar {
            if blank { return }
            if let content = block.content {
                if indent >= content { return }
            } else if indent > block.parent {
                blockScalar?.content = indent
                return
            }
            blockScalar = nil
        }
        if let quote = openQuote {
            guard let end = closingQuote(quote, from: lineStart) else { return }
            openQuote = nil
            afterNode(at: end)
            return
        }
        if !flow.isEmpty {
            scanFlow(from: first)
            return
        }
        if blank || bytes[first] == .hash { return }
        if let plain = plainIndent, indent > plain { return }
        plainIndent = nil
        ownerIndent = indent
        if indent == 0, bytes[first] == .percent { return }
        if indent == 0, lineEnd - first >= 3, isBlankOrEnd(first + 3),
            bytes[first..<(first + 3)].allSatisfy({ $0 == .dash })
                || bytes[first..<(first + 3)].allSatisfy({ $0 == .dot })
        {
            // A document marker: what follows `---` starts the document's root node.
            blockLevels.removeAll()
            scanBlock(from: first + 3, atNode: true)
            return
        }
        scanBlock(from: first, atNode: true)
    }

    // MARK: - Block context

    private mutating func scanBlock(from start: Int, atNode startsNode: Bool) {
        var index = start
        var atNode = startsNode
        var tokenStart = start
        while true {
            while index < lineEnd, bytes[index] == .space || bytes[index] == .tab { index += 1 }
            guard index < lineEnd else { return }
            let byte = bytes[index]
            if byte == .hash, index == lineStart || isBlank(bytes[index - 1]) { return }
            guard atNode else {
                if byte == .colon, isBlankOrEnd(index + 1) {
                    atNode = true
                    ownerIndent = tokenStart - lineStart
                    openBlock(at: tokenStart, sequence: false)
                }
                index += 1
                continue
            }
            tokenStart = index
            switch byte {
            case .dash where isBlankOrEnd(index + 1):
                ownerIndent = index - lineStart
                openBlock(at: index, sequence: true)
                index += 1
            case .colon where isBlankOrEnd(index + 1):
                index += 1
            case .question where isBlankOrEnd(index + 1):
                if explicitKey == nil { explicitKey = position(of: index) }
                explicitKeyPending = true
                openBlock(at: index, sequence: false)
                index += 1
            case .asterisk:
                let start = index
                index = anchorNameEnd(from: index + 1)
                guard index > start + 1 else { return }
                recordAlias(at: start)
                let after = skipBlanks(from: index)
                if explicitKeyPending || (after < lineEnd && bytes[after] == .colon) {
                    recordKeyAlias(at: start)
                }
                explicitKeyPending = false
                atNode = false
            case .ampersand, .exclamation:
                index = tokenEnd(from: index)
            case .pipe, .greater:
                blockScalar = (ownerIndent, nil)
                return
            case .doubleQuote, .singleQuote:
                explicitKeyPending = false
                guard let end = closingQuote(byte, from: index + 1) else {
                    openQuote = byte
                    return
                }
                index = end
                atNode = false
            case .openBracket, .openBrace:
                explicitKeyPending = false
                flow = [nil]
                expectNode = true
                measureDepth(at: index)
                scanFlow(from: index + 1)
                return
            default:
                explicitKeyPending = false
                // A plain scalar: it ends at ': ' (it was a key), at ' #', or with the line.
                while index < lineEnd {
                    let current = bytes[index]
                    if current == .colon, isBlankOrEnd(index + 1) { break }
                    if current == .hash, isBlank(bytes[index - 1]) { return }
                    index += 1
                }
                if index >= lineEnd {
                    plainIndent = ownerIndent
                    return
                }
                ownerIndent = tokenStart - lineStart
                openBlock(at: tokenStart, sequence: false)
                index += 1
            }
        }
    }

    /// After a quoted scalar or a flow collection in block context: a following `:` makes it a key.
    private mutating func afterNode(at index: Int) {
        if flow.isEmpty {
            scanBlock(from: index, atNode: false)
        } else {
            expectNode = false
            scanFlow(from: index)
        }
    }

    // MARK: - Flow context

    private mutating func scanFlow(from start: Int) {
        var index = start
        while index < lineEnd {
            let byte = bytes[index]
            switch byte {
            case .space, .tab:
                index += 1
            case .hash where index == lineStart || isBlank(bytes[index - 1]):
                return
            case .openBracket, .openBrace:
                flow.append(nil)
                expectNode = true
                measureDepth(at: index)
                index += 1
            case .closeBracket, .closeBrace:
                let inner = flow.removeLast()
                index += 1
                let after = skipBlanks(from: index)
                let isKey = after < lineEnd && bytes[after] == .colon
                if isKey, let inner { recordKeyAlias(inner) }
                if flow.isEmpty {
                    scanBlock(from: index, atNode: false)
                    return
                }
                if let inner, flow[flow.count - 1] == nil { flow[flow.count - 1] = inner }
                expectNode = false
            case .comma, .colon:
                expectNode = true
                index += 1
            case .question where isFlowBlankOrEnd(index + 1):
                if explicitKey == nil { explicitKey = position(of: index) }
                expectNode = true
                index += 1
            case .asterisk where expectNode:
                let start = index
                index = anchorNameEnd(from: index + 1)
                guard index > start + 1 else {
                    index += 1
                    continue
                }
                recordAlias(at: start)
                let after = skipBlanks(from: index)
                if after < lineEnd, bytes[after] == .colon { recordKeyAlias(at: start) }
                expectNode = false
            case .ampersand, .exclamation:
                index = tokenEnd(from: index)
            case .doubleQuote, .singleQuote:
                guard let end = closingQuote(byte, from: index + 1) else {
                    openQuote = byte
                    return
                }
                index = end
                expectNode = false
            default:
                // A plain scalar (or the rest of one): up to a flow indicator, ': ' or ' #'.
                while index < lineEnd {
                    let current = bytes[index]
                    if isFlowIndicator(current) { break }
                    if current == .colon, isFlowBlankOrEnd(index + 1) { break }
                    if current == .hash, isBlank(bytes[index - 1]) { return }
                    index += 1
                }
                expectNode = false
            }
        }
    }

    // MARK: - Nesting

    /// A block collection entry (`- ` or a key) at `index`: closes the collections indented
    /// more, and opens a new one unless it continues the innermost.
    private mutating func openBlock(at index: Int, sequence: Bool) {
        let column = index - lineStart
        while let last = blockLevels.last, last.column > column { blockLevels.removeLast() }
        if let last = blockLevels.last, last.column == column {
            if last.isSequence == sequence { return }
            if last.isSequence {
                // A key at the column of a sequence written at its key's indentation: that
                // sequence has ended, and the key belongs to the mapping around it.
                blockLevels.removeLast()
                if let outer = blockLevels.last, outer.column == column, !outer.isSequence { return }
            }
            // Otherwise a sequence at its key's indentation: nested in that mapping.
        }
        blockLevels.append((column, sequence))
        measureDepth(at: index)
    }

    private mutating func measureDepth(at index: Int) {
        let depth = blockLevels.count + flow.count
        if depth > deepest { deepest = depth }
        if depth > maximumDepth, tooDeep == nil { tooDeep = position(of: index) }
    }

    // MARK: - Tokens

    private mutating func recordAlias(at index: Int) {
        aliasCount += 1
        if firstAlias == nil { firstAlias = position(of: index) }
        if !flow.isEmpty, flow[flow.count - 1] == nil { flow[flow.count - 1] = position(of: index) }
    }

    private mutating func recordKeyAlias(at index: Int) {
        if aliasInKey == nil { aliasInKey = position(of: index) }
    }

    private mutating func recordKeyAlias(_ position: Position) {
        if aliasInKey == nil { aliasInKey = position }
    }

    /// The index after a quoted scalar's closing quote, or nil when it continues past this line.
    private func closingQuote(_ quote: UInt8, from start: Int) -> Int? {
        var index = start
        while index < lineEnd {
            let byte = bytes[index]
            if quote == .doubleQuote, byte == .backslash {
                index += 2
                continue
            }
            if byte == quote {
                if quote == .singleQuote, index + 1 < lineEnd, bytes[index + 1] == .singleQuote {
                    index += 2
                    continue
                }
                return index + 1
            }
            index += 1
        }
        return nil
    }

    /// Anchor and alias names, as libyaml reads them: letters, digits, '-' and '_'.
    private func anchorNameEnd(from start: Int) -> Int {
        var index = start
        while index < lineEnd, isNameByte(bytes[index]) { index += 1 }
        return index
    }

    /// The end of an anchor or tag token.
    private func tokenEnd(from start: Int) -> Int {
        var index = start + 1
        while index < lineEnd, !isBlank(bytes[index]), !isFlowIndicator(bytes[index]) {
            index += 1
        }
        return index
    }

    private func skipBlanks(from start: Int) -> Int {
        var index = start
        while index < lineEnd, isBlank(bytes[index]) { index += 1 }
        return index
    }

    private func isBlank(_ byte: UInt8) -> Bool { byte == .space || byte == .tab }

    private func isBlankOrEnd(_ index: Int) -> Bool { index >= lineEnd || isBlank(bytes[index]) }

    private func isFlowBlankOrEnd(_ index: Int) -> Bool {
        isBlankOrEnd(index) || isFlowIndicator(bytes[index])
    }

    private func isFlowIndicator(_ byte: UInt8) -> Bool {
        switch byte {
        case .comma, .openBracket, .closeBracket, .openBrace, .closeBrace: true
        default: false
        }
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
            || byte == .dash || byte == 0x5F
    }

    /// Positions are asked for in increasing order along a line, so columns are counted on from
    /// the last one: a long line with many aliases stays linear.
    private mutating func position(of index: Int) -> Position {
        if counted.index < lineStart || counted.index > index { counted = (lineStart, 1) }
        let column = counted.column + bytes[counted.index..<index].reduce(0) { $0 + ($1 & 0xC0 != 0x80 ? 1 : 0) }
        counted = (index, column)
        return Position(line: lineNumber, column: column)
    }
}

extension UInt8 {
    fileprivate static let newline = UInt8(ascii: "\n")
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let tab = UInt8(ascii: "\t")
    fileprivate static let hash = UInt8(ascii: "#")
    fileprivate static let percent = UInt8(ascii: "%")
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let dash = UInt8(ascii: "-")
    fileprivate static let colon = UInt8(ascii: ":")
    fileprivate static let question = UInt8(ascii: "?")
    fileprivate static let asterisk = UInt8(ascii: "*")
    fileprivate static let ampersand = UInt8(ascii: "&")
    fileprivate static let exclamation = UInt8(ascii: "!")
    fileprivate static let pipe = UInt8(ascii: "|")
    fileprivate static let greater = UInt8(ascii: ">")
    fileprivate static let doubleQuote = UInt8(ascii: "\"")
    fileprivate static let singleQuote = UInt8(ascii: "'")
    fileprivate static let backslash = UInt8(ascii: "\\")
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let openBracket = UInt8(ascii: "[")
    fileprivate static let closeBracket = UInt8(ascii: "]")
    fileprivate static let openBrace = UInt8(ascii: "{")
    fileprivate static let closeBrace = UInt8(ascii: "}")
}
