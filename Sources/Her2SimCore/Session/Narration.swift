import Foundation
import Yams

/// The sentences the engine writes an interval from (`Scoring/narration.yaml`): clinical
/// wording is data, so display code holds none.
public struct Narration: Hashable, Sendable {
    public static let fileName = "narration.yaml"

    /// Sentence id → text with `{placeholders}`.
    public var sentences: [String: String]
    /// Response → how a restaging reads ("a partial response").
    public var responses: [Response: String]

    public init(sentences: [String: String] = [:], responses: [Response: String] = [:]) {
        self.sentences = sentences
        self.responses = responses
    }

    /// No sentences: sessions write no interval paragraph.
    public var isEmpty: Bool { sentences.isEmpty }

    /// The sentence `id` with its placeholders filled; `nil` when the file has no such sentence.
    public func text(_ id: String, _ values: [String: String] = [:]) -> String? {
        guard var text = sentences[id] else { return nil }
        for (key, value) in values { text = text.replacingOccurrences(of: "{\(key)}", with: value) }
        return text
    }

    /// Reads the file, reporting its problems at `file:line:col`.
    public static func load(_ file: KnowledgeSources.File) throws(DiagnosticError) -> Narration {
        let root = try YAMLDocument.parse(file.text, file: file.name)
        let reader = YAMLReader(file: file.name)
        var result = Narration()
        if let top = reader.mapping(root, "the narration file", allowed: ["sentences", "responses"]) {
            top.rejectUnknownKeys()
            if let items = top.required("sentences").flatMap({ reader.sequence($0, "a list of sentences") }) {
                for item in items {
                    guard let map = reader.mapping(item, "a sentence", allowed: ["id", "text", "sources"]) else { continue }
                    map.rejectUnknownKeys()
                    guard let id = map.required("id").flatMap({ reader.string($0, "sentence id") }),
                          let text = map.required("text").flatMap({ reader.string($0, "sentence text") }) else { continue }
                    result.sentences[id] = text
                }
            }
            if let responses = top["responses"],
               let map = reader.mapping(responses, "responses", allowed: Response.allCases.map(\.rawValue)) {
                map.rejectUnknownKeys()
                for entry in map.entries {
                    guard let response = Response(rawValue: entry.key), let text = reader.string(entry.value, entry.key) else { continue }
                    result.responses[response] = text
                }
            }
        }
        if reader.hasErrors { throw DiagnosticError(reader.diagnostics) }
        return result
    }

    /// Reads `narration.yaml` from the knowledge-base directory; an absent file is no narration.
    public static func load(directory: URL, displayPrefix: String) throws(DiagnosticError) -> Narration {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return Narration() }
        let display = displayPrefix + fileName
        let text = try SourceText.read(contentsOf: url, displayName: display)
        return try load(KnowledgeSources.File(name: display, text: text))
    }
}
