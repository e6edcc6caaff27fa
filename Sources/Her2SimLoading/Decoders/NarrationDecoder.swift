import Foundation
import Her2SimCore
import Yams

/// Decodes `Scoring/narration.yaml` into Core's `Narration`: the sentences an interval is
/// written from, and how each response reads.
extension Narration {
    /// Reads the file, reporting its problems at `file:line:col`.
    public static func load(_ file: KnowledgeSources.File) throws(DiagnosticError) -> Narration {
        try file.decode(incomplete: "not a valid narration file") { reader, root in decode(root, reader: reader) }.value
    }

    private static func decode(_ root: Node, reader: YAMLReader) -> Narration {
        var result = Narration()
        if let top = reader.mapping(root, "the narration file", allowed: ["sentences", "responses"]) {
            top.rejectUnknownKeys()
            if let items = top.required("sentences").flatMap({ reader.sequence($0, "a list of sentences") }) {
                for item in items {
                    guard let map = reader.mapping(item, "a sentence", allowed: ["id", "text", "sources"]) else {
                        continue
                    }
                    map.rejectUnknownKeys()
                    guard let id = map.required("id").flatMap({ reader.string($0, "sentence id") }),
                        let text = map.required("text").flatMap({ reader.string($0, "sentence text") })
                    else { continue }
                    result.sentences[id] = text
                }
            }
            if let responses = top["responses"],
                let map = reader.mapping(responses, "responses", allowed: Response.allCases.map(\.rawValue))
            {
                map.rejectUnknownKeys()
                for entry in map.entries {
                    guard let response = Response(rawValue: entry.key), let text = reader.string(entry.value, entry.key)
                    else { continue }
                    result.responses[response] = text
                }
            }
        }
        return result
    }

    /// Reads `narration.yaml` from the knowledge-base directory; an absent file is no narration.
    public static func load(directory: URL, displayPrefix: String) throws(DiagnosticError) -> Narration {
        let file = try KnowledgeSources.File.optional(fileName, in: directory, displayPrefix: displayPrefix)
        guard let file else { return Narration() }
        return try load(file)
    }
}
