import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// The story follows the learner (issue 13): the `play --format jsonl` transcripts of every case,
/// on the reference path and on every path that leaves it at one decision (all 21 regimens at
/// every decision, the paths `lint --paths` plays), never contradict the choices made.
@Suite("Story coherence of jsonl transcripts")
struct StoryCoherenceTests {
    /// What Scoring/regimens.yaml says of a regimen: the toxicities of its profile.
    struct RegimenFacts {
        var causes: Set<String> = []
    }

    /// Which drugs a narrative names as given: the same definition `lint --paths` uses, so the
    /// two checkers agree on hedged mentions ("if she had received T-DM1").
    static let mentions: DrugMentions = {
        do {
            return DrugMentions(
                knowledge: try Workspace.knowledge(
                    scoring: Workspace.Directory(url: CLI.scoring, displayPrefix: "Scoring/")))
        } catch {
            fatalError("Scoring/ does not load:\n\(error)")
        }
    }()

    static let signature: Set<String> = [
        "hand-foot-syndrome", "peripheral-neuropathy", "ild", "infusion-reaction", "alopecia",
    ]

    /// A line-based read of Scoring/regimens.yaml (the test target has no YAML parser).
    static let regimens: [String: RegimenFacts] = {
        let text = (try? String(contentsOf: CLI.scoring.appendingPathComponent("regimens.yaml"), encoding: .utf8)) ?? ""
        var result: [String: RegimenFacts] = [:]
        var section = ""
        var current: String?
        var inRates = false
        func list(_ line: Substring) -> [String] {
            guard let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return [] }
            return line[line.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" "), line.hasSuffix(":") { section = String(line.dropLast()) }
            if line.hasPrefix("  - id: ") {
                let id = String(line.dropFirst(8))
                if section == "regimens" {
                    current = id
                    result[id] = RegimenFacts()
                }
                inRates = false
                continue
            }
            guard section == "regimens", let id = current else { continue }
            if line.hasPrefix("      rates:") {
                inRates = true
                continue
            }
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
        var inProxies = false
        var proxyRegimens: [String] = []
        for line in model.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "  proxies:" {
                inProxies = true
                continue
            }
            guard inProxies else { continue }
            if !line.isEmpty, !line.hasPrefix("  ") {
                inProxies = false
                continue
            }
            if line.hasPrefix("      regimens: ") { proxyRegimens = list(line) }
            if line.hasPrefix("      toxicities: ") {
                for regimen in proxyRegimens { result[regimen]?.causes.formUnion(list(line)) }
            }
        }
        return result
    }()

    static let cases: [String] = {
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: CLI.repositoryRoot.appendingPathComponent("Cases").path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func transcript(_ caseID: String, seed: Int, choices: [String]) throws -> [[String: Any]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-story-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("choices.txt")
        try choices.map { "choose \($0)\n" }.joined().write(to: script, atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "play", caseID, "--seed", String(seed), "--script", script.path, "--format", "jsonl",
            "--scoring", CLI.scoring.path,
        ])
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
            // A management choice (`hold`, `reduce`…) goes on with the regimen it manages, and
            // carries that interval itself: before the first regimen choice it is the regimen of
            // her last line (a case may open with a management decision).
            if type == "choice" {
                chosen = (line["kind"] as? String == "management" ? line["regimen"] : line["chosen"]) as? String
            }
            if type == "decision", let history = line["history"] as? [[String: Any]] {
                for entry in history { if let regimen = entry["regimen"] as? String { received.insert(regimen) } }
            }
            if let interval = line["interval"] as? [String: Any] {
                let regimen = interval["regimen"] as? String ?? ""
                received.insert(regimen)
                // `chosen` differs from `regimen` only when the choice could not be given (a
                // trial with none open runs as best supportive care).
                if interval["chosen"] as? String ?? regimen != chosen {
                    findings.append("\(label): interval on \(regimen) after choosing \(chosen ?? "nothing")")
                }
                let end = interval["months"] as? Double ?? 0
                var progression: Double?
                for event in interval["events"] as? [[String: Any]] ?? [] {
                    let month = event["month"] as? Double ?? 0
                    let kind = event["kind"] as? String ?? ""
                    if month > end + 1e-9 {
                        findings.append("\(label): \(kind) at month \(month) after the line ended (\(end))")
                    }
                    if let progression, month > progression + 1e-9 {
                        findings.append("\(label): \(kind) at month \(month) after progression at \(progression)")
                    }
                    if kind == "progression" { progression = progression ?? month }
                    if let toxicity = event["toxicity"] as? String, signature.contains(toxicity),
                        event["grade"] as? Int ?? 0 > 0,
                        let facts = regimens[regimen], !facts.causes.contains(toxicity)
                    {
                        findings.append("\(label): \(toxicity) on \(regimen), whose profile has no such toxicity")
                    }
                }
            }
            if let text = line["narrative"] as? String {
                for mention in mentions.unreceived(in: text, received: Set(received.map(RegimenID.init(rawValue:)))) {
                    findings.append("\(label): the narrative names '\(mention.name)' as given, never received")
                }
            }
        }
        return findings
    }

    @Test("the parser of regimens.yaml sees profiles and names")
    func regimenFacts() {
        #expect(Self.regimens.count >= 21)
        #expect(Self.regimens["tdxd"]?.causes.contains("ild") == true)
        #expect(Self.regimens["tdxd"]?.causes.contains("hand-foot-syndrome") == false)
        #expect(Self.regimens["trastuzumab-taxane"]?.causes.contains("alopecia") == true, "a proxy of model.yaml")
    }

    @Test("a contradiction is found: the checker can fail")
    func checkerFindsContradictions() {
        let lines: [[String: Any]] = [
            ["type": "choice", "chosen": "tdxd"],
            [
                "type": "decision", "history": [["regimen": "tdxd"]], "narrative": "Nine months into tucatinib.",
                "interval": [
                    "regimen": "tdm1", "months": 2.0,
                    "events": [
                        ["month": 1.0, "kind": "progression"],
                        ["month": 1.5, "kind": "toxicity", "toxicity": "hand-foot-syndrome", "grade": 2],
                        ["month": 3.0, "kind": "response"],
                    ],
                ],
            ],
        ]
        let found = Self.findings(lines, label: "x")
        #expect(found.contains { $0.contains("interval on tdm1 after choosing tdxd") })
        #expect(found.contains { $0.contains("after the line ended") })
        #expect(found.contains { $0.contains("after progression") })
        #expect(found.contains { $0.contains("hand-foot-syndrome on tdm1") })
        #expect(found.contains { $0.contains("names 'tucatinib' as given") })
    }

    @Test("a management choice before any regimen choice goes on with its regimen; another interval is found")
    func managementFirst() {
        let lines: [[String: Any]] = [
            [
                "type": "decision", "kind": "management", "history": [["regimen": "tdm1"]],
                "narrative": "ALT 290 on T-DM1.",
            ],
            [
                "type": "choice", "kind": "management", "chosen": "reduce", "regimen": "tdm1",
                "interval": ["regimen": "tdm1", "months": 2.0, "events": []],
            ],
            [
                "type": "decision", "history": [["regimen": "tdm1"]], "narrative": "Her ALT settled.",
                "interval": ["regimen": "tdm1", "months": 2.0, "events": []],
            ],
        ]
        #expect(Self.findings(lines, label: "x").isEmpty, "\(Self.findings(lines, label: "x"))")
        var wrong = lines
        wrong[2]["interval"] = ["regimen": "tdxd", "months": 2.0, "events": []]
        #expect(Self.findings(wrong, label: "x").contains { $0.contains("interval on tdxd after choosing tdm1") })
    }

    @Test(
        "hedged mentions are not findings, asserted ones are, as lint --paths has it",
        arguments: [
            ("If she had received T-DM1, it would have been her third line.", false),
            ("T-DM1 would be the usual next step.", false),
            ("She had no prior T-DXd.", false),
            ("She has never had tucatinib.", false),
            ("Had she received T-DXd earlier, the choice would differ.", false),
            ("She received T-DM1 for five months.", true),
            ("Nine months into the HER2CLIMB regimen her scan shows new lesions.", true),
            ("After T-DXd her cough has settled.", true),
        ])
    func hedgedVersusAsserted(text: String, asserted: Bool) {
        let lines: [[String: Any]] = [
            ["type": "decision", "history": [["regimen": "thp"]], "narrative": "Start."],
            ["type": "choice", "chosen": "neratinib-capecitabine"],
            [
                "type": "decision", "history": [["regimen": "thp"], ["regimen": "neratinib-capecitabine"]],
                "narrative": text,
            ],
        ]
        let found = Self.findings(lines, label: "x")
        #expect(found.isEmpty == !asserted, "\(text): \(found)")
        // The same definition as lint --paths: DrugMentions (Her2SimCore) is what both ask.
        #expect(Self.mentions.unreceived(in: text, received: ["thp", "neratinib-capecitabine"]).isEmpty == !asserted)
    }

    /// Many paths' transcripts from one process (`play --paths-file`, a hidden option), each
    /// the lines that follow its `{"type": "path"}` header.
    static func transcripts(_ caseID: String, seed: Int, paths: [[String]]) throws -> [[[String: Any]]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "her2sim-story-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("paths.txt")
        try paths.map { $0.joined(separator: " ") + "\n" }.joined().write(to: file, atomically: true, encoding: .utf8)
        let result = try CLI.run([
            "play", caseID, "--seed", String(seed), "--paths-file", file.path, "--format", "jsonl",
            "--patients", "0", "--scoring", CLI.scoring.path,
        ])
        #expect(result.status == 0, "\(caseID): \(result.stderr.prefix(2_000))")
        var transcripts: [[[String: Any]]] = []
        for line in result.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            if object["type"] as? String == "path" {
                transcripts.append([])
            } else if !transcripts.isEmpty {
                transcripts[transcripts.count - 1].append(object)
            }
        }
        #expect(transcripts.count == paths.count, "\(caseID): one transcript per path")
        return transcripts
    }

    static let regimenIDs: [String] = mentions.regimenIDs.map(\.rawValue)

    /// The paths `lint --paths` plays, as choices: the reference path, and every path that leaves
    /// it at one decision (each other regimen there, then the reference's choice on what follows).
    static func paths(reference: [String]) -> [[String]] {
        let tail = Array(repeating: "reference", count: 10)
        var paths = [reference + tail]
        for (index, choice) in reference.enumerated() {
            for regimen in regimenIDs where regimen != choice {
                paths.append(Array(reference.prefix(index)) + [regimen] + tail)
            }
        }
        return paths
    }

    /// Every case's reference path and every path leaving it at one decision (all 21 regimens),
    /// read from the `--format jsonl` transcripts: the engine's interval paragraphs, the timeline
    /// and the authors' narratives on the path played. The reference path and a few first
    /// decisions are played with a second seed too.
    @Test("every case's transcript is coherent on every one-decision path", arguments: cases)
    func coherent(_ caseID: String) throws {
        let reference = try #require(
            try Self.transcripts(caseID, seed: 3, paths: [Array(repeating: "reference", count: 10)]).first)
        // Regimen choices only: the paths take the label's action at a management decision.
        let choices = reference.filter { $0["type"] as? String == "choice" && $0["kind"] as? String != "management" }
            .compactMap { $0["chosen"] as? String }
        try #require(!choices.isEmpty, "\(caseID): the reference path decides")
        let paths = Self.paths(reference: choices)
        #expect(paths.count == 1 + choices.count * (Self.regimenIDs.count - 1))
        var checked = 0
        for seed in [3, 11] {
            let played = seed == 3 ? paths : Array(paths.prefix(6))
            for (path, lines) in zip(played, try Self.transcripts(caseID, seed: seed, paths: played)) {
                let label = "\(caseID) seed \(seed) path \(path.prefix { $0 != "reference" }.joined(separator: " → "))"
                let found = Self.findings(lines, label: label)
                #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
                #expect(lines.last?["type"] as? String == "end", "\(label): the script plays to the end")
                checked += 1
            }
        }
        #expect(checked == paths.count + 6)
    }
}
