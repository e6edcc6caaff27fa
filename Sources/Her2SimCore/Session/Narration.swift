import Foundation

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
}
