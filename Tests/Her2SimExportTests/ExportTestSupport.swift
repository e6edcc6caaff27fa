import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimExport
@testable import Her2SimLoading

#if canImport(FoundationXML)
    import FoundationXML
    import Her2SimTestSupport
#endif

/// The repository's knowledge base, the annotated example of `Cases/README.md`, and whatever
/// shipped cases load cleanly right now (the case library is still being written).
enum Fixtures {
    static let repositoryRoot = RepositoryRoot.url

    static let knowledge: Knowledge = {
        do {
            return try Workspace.knowledge(scoring: Workspace.Directory(url: scoring, displayPrefix: "Scoring/"))
        } catch {
            fatalError("Scoring/ does not load:\n\(error)")
        }
    }()

    static let builder = QuizBuilder(knowledge: knowledge)

    static var scoring: URL { repositoryRoot.appendingPathComponent("Scoring") }

    /// `Scoring/approvals.yaml`, which must load.
    static let approvals: ApprovalTable = {
        do {
            guard
                let loaded = try ApprovalsLoader.load(
                    directory: scoring, displayPrefix: "Scoring/", knowledge: knowledge)
            else {
                fatalError("Scoring/approvals.yaml is missing")
            }
            return loaded.table
        } catch {
            fatalError("Scoring/approvals.yaml does not load:\n\(error)")
        }
    }()

    static let fingerprint: KnowledgeFingerprint = {
        do { return try KnowledgeFingerprint.of(directory: scoring) } catch { fatalError("\(error)") }
    }()

    /// `Examples/cme.yaml`, which must load without errors.
    static let activity: CMEActivity = {
        let result = CMELoader.load(
            contentsOf: repositoryRoot.appendingPathComponent("Examples/cme.yaml"),
            displayName: "Examples/cme.yaml", regions: approvals.regions.map(\.id),
            fingerprint: fingerprint)
        guard let activity = result.activity else {
            fatalError("Examples/cme.yaml does not load:\n\(result.diagnostics)")
        }
        return activity
    }()

    /// What `her2sim export --cme Examples/cme.yaml` builds from.
    static let cmeBuilder: QuizBuilder = {
        QuizBuilder(knowledge: knowledge, approvals: approvals, citations: CitationDetails.of(knowledge))
    }()

    static let cmeBank: QuizBank = cmeBuilder.bank(allCases, activity: activity, knowledgeBase: fingerprint)

    /// The ```yaml block after "## A complete, annotated example" in Cases/README.md.
    static let readmeExampleText: String = {
        let readme =
            (try? String(contentsOf: repositoryRoot.appendingPathComponent("Cases/README.md"), encoding: .utf8)) ?? ""
        guard let heading = readme.range(of: "## A complete, annotated example"),
            let open = readme.range(of: "```yaml\n", range: heading.upperBound..<readme.endIndex),
            let close = readme.range(of: "\n```", range: open.upperBound..<readme.endIndex)
        else { return "" }
        return String(readme[open.upperBound..<close.lowerBound])
    }()

    static let readmeExample: CaseScript? = {
        let result = CaseLoader.load(readmeExampleText, file: "Cases/README.md", knowledge: knowledge)
        return result.script
    }()

    /// Shipped cases that load without errors at test time.
    static let shippedCases: [CaseScript] = {
        let files = CaseLibrary.yamlFiles(in: repositoryRoot.appendingPathComponent("Cases"), displayPrefix: "Cases/")
        var scripts: [CaseScript] = []
        var ids: Set<String> = []
        for file in files {
            let result = CaseLoader.load(contentsOf: file.url, displayName: file.displayName, knowledge: knowledge)
            if let script = result.script, ids.insert(script.id).inserted { scripts.append(script) }
        }
        return scripts
    }()

    /// The README example first, then the shipped cases (a shipped hb-401 replaces nothing: ids stay unique).
    static var allCases: [CaseScript] {
        var scripts = readmeExample.map { [$0] } ?? []
        for script in shippedCases where !scripts.contains(where: { $0.id == script.id }) { scripts.append(script) }
        return scripts
    }

    /// The number of decisions on the reference path (what each export must hold).
    static func decisionPoints(_ scripts: [CaseScript]) -> Int {
        let engine = ReferenceEngine(knowledge: knowledge)
        return scripts.reduce(0) { total, script in
            total + ReferencePath(script: script, engine: engine).steps.filter { $0.recommendation != nil }.count
        }
    }
}

/// Reading XML back with FoundationXML.
enum ParsedXML {
    static func document(_ data: Data) throws -> XMLDocument {
        try XMLDocument(data: data, options: [])
    }

    static func document(_ text: String) throws -> XMLDocument {
        try document(Data(text.utf8))
    }

    /// An HTML fragment (our HTML is well-formed XML) under a synthetic root.
    static func fragment(_ html: String) throws -> XMLElement {
        try document(Data(("<fragment>" + html + "</fragment>").utf8)).rootElement()!
    }

    /// Every element below `node` (itself included) whose local name is `name`, in document order.
    static func elements(_ node: XMLNode, _ name: String) -> [XMLElement] {
        var found: [XMLElement] = []
        func visit(_ node: XMLNode) {
            if let element = node as? XMLElement, (element.localName ?? element.name) == name { found.append(element) }
            for child in node.children ?? [] { visit(child) }
        }
        visit(node)
        return found
    }

    static func child(_ node: XMLNode, _ name: String) -> XMLElement? {
        (node.children ?? []).compactMap { $0 as? XMLElement }.first { ($0.localName ?? $0.name) == name }
    }

    /// Follows children by local name: `path(question, "questiontext", "text")`.
    static func path(_ node: XMLNode, _ names: String...) -> XMLElement? {
        var current: XMLNode = node
        for name in names {
            guard let next = child(current, name) else { return nil }
            current = next
        }
        return current as? XMLElement
    }

    static func attribute(_ element: XMLElement, _ name: String) -> String? {
        element.attributes?.first { ($0.localName ?? $0.name) == name || $0.name == name }?.stringValue
    }

    static func hasClass(_ element: XMLElement, _ name: String) -> Bool {
        (attribute(element, "class") ?? "").split(separator: " ").contains { $0 == name }
    }
}

/// A reader for the GIFT our exporter writes, written from Moodle's rules: `\\`, `\n` and
/// `\~ \= \# \{ \} \:` are the only escapes; anything else after a backslash is an error.
enum GIFTReader {
    struct Question {
        var category: String
        var title: String
        var format: String
        var text: String
        var answers: [Answer]
        var generalFeedback: String
    }

    struct Answer {
        var correct: Bool
        var weight: Double?
        var text: String
        var feedback: String
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func unescape(_ text: String) throws -> String {
        var output = ""
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            guard scalar == "\\" else {
                output.unicodeScalars.append(scalar)
                continue
            }
            guard let next = iterator.next() else { throw Failure(description: "a lone backslash ends '\(text)'") }
            switch next {
            case "\\", "~", "=", "#", "{", "}", ":": output.unicodeScalars.append(next)
            case "n": output += "\n"
            default: throw Failure(description: "unknown escape \\\(next) in '\(text)'")
            }
        }
        return output
    }

    static func unescapedIndex(of target: Character, in text: Substring) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "\\" {
                index = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
                continue
            }
            if text[index] == target { return index }
            index = text.index(after: index)
        }
        return nil
    }

    static func parse(_ document: String) throws -> [Question] {
        var questions: [Question] = []
        var category = ""
        var block: [String] = []
        func flush() throws {
            defer { block = [] }
            guard !block.isEmpty else { return }
            questions.append(try question(block.joined(separator: "\n"), category: category))
        }
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                try flush()
            } else if trimmed.hasPrefix("//") {
                continue
            } else if trimmed.hasPrefix("$CATEGORY:") {
                try flush()
                category = String(trimmed.dropFirst("$CATEGORY:".count)).trimmingCharacters(in: .whitespaces)
            } else {
                block.append(String(line))
            }
        }
        try flush()
        return questions
    }

    static func question(_ source: String, category: String) throws -> Question {
        guard source.hasPrefix("::") else { throw Failure(description: "no ::title:: in \(source.prefix(80))") }
        // The title ends at the first '::' not preceded by a backslash escape.
        var index = source.index(source.startIndex, offsetBy: 2)
        var titleEnd: String.Index?
        while index < source.endIndex {
            if source[index] == "\\" {
                index = source.index(index, offsetBy: 2, limitedBy: source.endIndex) ?? source.endIndex
                continue
            }
            if source[index...].hasPrefix("::") {
                titleEnd = index
                break
            }
            index = source.index(after: index)
        }
        guard let titleEnd else { throw Failure(description: "unterminated title") }
        let title = try unescape(String(source[source.index(source.startIndex, offsetBy: 2)..<titleEnd]))
        var rest = source[source.index(titleEnd, offsetBy: 2)...]
        var format = ""
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            format = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
        }
        guard let open = unescapedIndex(of: "{", in: rest) else {
            throw Failure(description: "no answer block in '\(title)'")
        }
        let text = try unescape(String(rest[..<open])).trimmingCharacters(in: .whitespaces)
        guard let close = unescapedIndex(of: "}", in: rest[rest.index(after: open)...]) else {
            throw Failure(description: "unclosed answer block in '\(title)'")
        }
        let block = rest[rest.index(after: open)..<close]
        var answers: [Answer] = []
        var generalFeedback = ""
        var i = block.startIndex
        func skipSpace() { while i < block.endIndex, block[i].isWhitespace { i = block.index(after: i) } }
        /// Up to the next unescaped character of `stops` (or the end).
        func read(until stops: String) -> Substring {
            let start = i
            while i < block.endIndex, !stops.contains(block[i]) {
                i = block.index(i, offsetBy: block[i] == "\\" ? 2 : 1, limitedBy: block.endIndex) ?? block.endIndex
            }
            return block[start..<i]
        }
        while true {
            skipSpace()
            guard i < block.endIndex else { break }
            if block[i...].hasPrefix("####") {
                generalFeedback = try unescape(String(block[block.index(i, offsetBy: 4)...])).trimmingCharacters(
                    in: .whitespacesAndNewlines)
                break
            }
            let sign = block[i]
            guard sign == "=" || sign == "~" else {
                throw Failure(description: "unexpected '\(sign)' in the answers of '\(title)'")
            }
            i = block.index(after: i)
            var weight: Double?
            // Moodle: only after "~", and only text matching ^%-*[0-9]{1,2}\.?[0-9]*% is a weight.
            if sign == "~",
                String(block[i...]).range(of: #"^[ \t]*%-*[0-9]{1,2}\.?[0-9]*%"#, options: .regularExpression) != nil
            {
                skipSpace()
                i = block.index(after: i)
                let number = read(until: "%")
                weight = Double(number)
                i = block.index(after: i)
            }
            let answer = try unescape(String(read(until: "#=~"))).trimmingCharacters(in: .whitespacesAndNewlines)
            var feedback = ""
            if i < block.endIndex, block[i] == "#", !block[i...].hasPrefix("####") {
                i = block.index(after: i)
                feedback = try unescape(String(read(until: "#=~"))).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            answers.append(Answer(correct: sign == "=", weight: weight, text: answer, feedback: feedback))
        }
        return Question(
            category: category, title: title, format: format, text: text, answers: answers,
            generalFeedback: generalFeedback)
    }
}
