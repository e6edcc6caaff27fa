import Foundation
import Testing

/// The story follows the learner (issue 13): the `play --format jsonl` transcripts of every case,
/// on the reference path and on paths that leave it at the first decision, never contradict the
/// choices made.
@Suite("Story coherence of jsonl transcripts")
struct StoryCoherenceTests {
    /// What Scoring/regimens.yaml says of a regimen: the toxicities of its profile and the words
    /// that name it (name, aliases, agents).
    struct RegimenFacts {
        var causes: Set<String> = []
        var terms: Set<String> = []
    }

    static let signature: Set<String> = ["hand-foot-syndrome", "peripheral-neuropathy", "ild", "infusion-reaction", "alopecia"]
    /// Regimens whose words are everyday clinical words ("trial", "endocrine", "chemotherapy").
    static let generic: Set<String> = ["clinical-trial", "best-supportive-care", "endocrine-her2", "chemotherapy-alone"]

    /// A line-based read of Scoring/regimens.yaml (the test target has no YAML parser).
    static let regimens: [String: RegimenFacts] = {
        let text = (try? String(contentsOf: CLI.scoring.appendingPathComponent("regimens.yaml"), encoding: .utf8)) ?? ""
        var agents: [String: String] = [:]
        var result: [String: RegimenFacts] = [:]
        var section = "", current: String?, inRates = false
        func list(_ line: Substring) -> [String] {
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return [] }
            return line[line.index(after: open)..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        var lastAgent: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), line.hasSuffix(":") { section = String(line.dropLast()) }
            if line.hasPrefix("  - id: ") {
                let id = String(line.dropFirst(8))
                if section == "agents" { lastAgent = id } else if section == "regimens" { current = id; result[id] = RegimenFacts() }
                inRates = false
                continue
            }
            if section == "agents", line.hasPrefix("    name: "), let agent = lastAgent { agents[agent] = String(line.dropFirst(10)) }
            guard section == "regimens", let id = current else { continue }
            if line.hasPrefix("    aliases: ") { result[id]?.terms.formUnion(list(line)) }
            if line.hasPrefix("    agents: ") {
                for agent in list(line) { result[id]?.terms.insert(agent); if let name = agents[agent] { result[id]?.terms.insert(name) } }
            }
            if line.hasPrefix("      rates:") { inRates = true; continue }
            if inRates {
                if line.hasPrefix("        "), let colon = line.firstIndex(of: ":") {
                    result[id]?.causes.insert(line[..<colon].trimmingCharacters(in: .whitespaces))
                } else {
                    inRates = false
                }
            }
        }
        // Regimens with no rates of their own borrow some from a similar one (model.yaml's
        // toxicity proxies): those are part of their profile too.
        let model = (try? String(contentsOf: CLI.scoring.appendingPathComponent("model.yaml"), encoding: .utf8)) ?? ""
        var inProxies = false, proxyRegimens: [String] = []
        for line in model.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  proxies:" { inProxies = true; continue }
            guard inProxies else { continue }
            if !line.isEmpty, !line.hasPrefix("  ") { inProxies = false; continue }
            if line.hasPrefix("      regimens: ") { proxyRegimens = list(line) }
            if line.hasPrefix("      toxicities: ") {
                for regimen in proxyRegimens { result[regimen]?.causes.formUnion(list(line)) }
            }
        }
        return result
    }()

    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("Cases").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func transcript(_ caseID: String, seed: Int, choices: [String]) throws -> [[String: Any]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("her2sim-story-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("choices.txt")
        try choices.map { "choose \($0)\n" }.joined().write(to: script, atomically: true, encoding: .utf8)
        let result = try CLI.run(["play", caseID, "--seed", String(seed), "--script", script.path, "--format", "jsonl",
                                  "--scoring", CLI.scoring.path])
        #expect(result.status == 0, "\(caseID): \(result.stderr)")
        return try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    /// Every contradiction in one transcript, as readable findings.
    static func findings(_ lines: [[String: Any]], label: String) -> [String] {
        var findings: [String] = []
        var received = Set<String>()
        var chosen: String?
        for line in lines {
            let type = line["type"] as? String
            if type == "decision", let history = line["history"] as? [[String: Any]] {
                for entry in history { if let regimen = entry["regimen"] as? String { received.insert(regimen) } }
            }
            if let interval = line["interval"] as? [String: Any] {
                let regimen = interval["regimen"] as? String ?? ""
                received.insert(regimen)
                if regimen != chosen { findings.append("\(label): interval on \(regimen) after choosing \(chosen ?? "nothing")") }
                let end = interval["months"] as? Double ?? 0
                var progression: Double?
                for event in interval["events"] as? [[String: Any]] ?? [] {
                    let month = event["month"] as? Double ?? 0
                    let kind = event["kind"] as? String ?? ""
                    if month > end + 1e-9 { findings.append("\(label): \(kind) at month \(month) after the line ended (\(end))") }
                    if let progression, month > progression + 1e-9 {
                        findings.append("\(label): \(kind) at month \(month) after progression at \(progression)")
                    }
                    if kind == "progression" { progression = progression ?? month }
                    if let toxicity = event["toxicity"] as? String, signature.contains(toxicity), event["grade"] as? Int ?? 0 > 0,
                       let facts = regimens[regimen], !facts.causes.contains(toxicity) {
                        findings.append("\(label): \(toxicity) on \(regimen), whose profile has no such toxicity")
                    }
                }
            }
            if let text = line["narrative"] as? String {
                let lower = text.lowercased()
                let allowed = received.flatMap { regimens[$0]?.terms ?? [] }.map { $0.lowercased() }
                for (id, facts) in regimens where !received.contains(id) && !generic.contains(id) {
                    for term in facts.terms.map({ $0.lowercased() }) where term.count >= 5 && !allowed.contains(where: { $0.contains(term) }) {
                        if Self.names(lower, term) { findings.append("\(label): the narrative names '\(term)' (\(id)), never received") }
                    }
                }
            }
            // A management choice (`hold`, `reduce`…) goes on with the regimen it manages.
            if type == "choice" { chosen = (line["kind"] as? String == "management" ? line["regimen"] : line["chosen"]) as? String }
        }
        return findings
    }

    /// `term` as a word of `text` (not part of a longer word).
    static func names(_ text: String, _ term: String) -> Bool {
        var range = text.startIndex..<text.endIndex
        while let found = text.range(of: term, range: range) {
            let before = found.lowerBound == text.startIndex ? " " : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? " " : text[found.upperBound]
            if !(before.isLetter || before == "-"), !(after.isLetter || after == "-") { return true }
            range = found.upperBound..<text.endIndex
        }
        return false
    }

    @Test("the parser of regimens.yaml sees profiles and names")
    func regimenFacts() {
        #expect(Self.regimens.count >= 21)
        #expect(Self.regimens["tdxd"]?.causes.contains("ild") == true)
        #expect(Self.regimens["tdxd"]?.causes.contains("hand-foot-syndrome") == false)
        #expect(Self.regimens["tucatinib-trastuzumab-capecitabine"]?.terms.contains("tucatinib") == true)
        #expect(Self.regimens["trastuzumab-taxane"]?.causes.contains("alopecia") == true, "a proxy of model.yaml")
    }

    @Test("a contradiction is found: the checker can fail")
    func checkerFindsContradictions() {
        let lines: [[String: Any]] = [
            ["type": "choice", "chosen": "tdxd"],
            ["type": "decision", "history": [["regimen": "tdxd"]], "narrative": "Nine months into tucatinib.",
             "interval": ["regimen": "tdm1", "months": 2.0, "events": [
                ["month": 1.0, "kind": "progression"], ["month": 1.5, "kind": "toxicity", "toxicity": "hand-foot-syndrome", "grade": 2],
                ["month": 3.0, "kind": "response"]]]],
        ]
        let found = Self.findings(lines, label: "x")
        #expect(found.contains { $0.contains("interval on tdm1 after choosing tdxd") })
        #expect(found.contains { $0.contains("after the line ended") })
        #expect(found.contains { $0.contains("after progression") })
        #expect(found.contains { $0.contains("hand-foot-syndrome on tdm1") })
        #expect(found.contains { $0.contains("names 'tucatinib'") })
    }

    /// The engine's own text (the interval paragraph, the timeline) on the reference path and
    /// on paths leaving it at the first decision; the authors' narratives are checked only for
    /// cases written with guards (the cases are being rewritten to the new format).
    @Test("every case's transcript is coherent", arguments: cases)
    func coherent(_ caseID: String) throws {
        let guarded = ((try? String(contentsOf: CLI.repositoryRoot.appendingPathComponent("Cases/\(caseID).yaml"), encoding: .utf8)) ?? "")
            .contains("when: {received") || false
        // (a case written with guards names drugs by path; older ones are checked on the engine's text)
        var paths: [[String]] = [Array(repeating: "reference", count: 8)]
        for first in ["tdxd", "tucatinib-trastuzumab-capecitabine", "trastuzumab-taxane", "best-supportive-care"] {
            paths.append([first] + Array(repeating: "reference", count: 7))
        }
        for (index, path) in paths.enumerated() {
            for seed in [3, 11] {
                var lines = try Self.transcript(caseID, seed: seed, choices: path)
                if !guarded {
                    lines = lines.map { line in
                        var copy = line
                        copy["narrative"] = line["interval-text"]
                        return copy
                    }
                }
                let found = Self.findings(lines, label: "\(caseID) seed \(seed) path \(path[0])")
                #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
                #expect(lines.last?["type"] as? String == "end", "\(caseID) path \(index): the script plays to the end")
            }
        }
    }
}
