import Foundation
import Her2SimCore
import Yams

/// The four texts of a knowledge base, with the names diagnostics should print for them.
public struct KnowledgeSources: Sendable {
    public struct File: Sendable {
        public var name: String
        public var text: String

        public init(name: String, text: String) {
            self.name = name
            self.text = text
        }
    }

    public var trials: File
    public var regimens: File
    public var rules: File
    public var rubric: File

    public init(trials: File, regimens: File, rules: File, rubric: File) {
        self.trials = trials
        self.regimens = regimens
        self.rules = rules
        self.rubric = rubric
    }

    public static let fileNames = ["trials.yaml", "regimens.yaml", "rules.yaml", "rubric.yaml"]

    /// Reads `trials.yaml`, `regimens.yaml`, `rules.yaml` and `rubric.yaml` from a directory.
    /// `displayPrefix` is what diagnostics print before each file name (e.g. `Scoring/`).
    public static func directory(_ url: URL, displayPrefix: String) throws(DiagnosticError) -> KnowledgeSources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DiagnosticError([
                Diagnostic(
                    .error,
                    "no such directory; the knowledge base is a directory holding \(fileNames.joined(separator: ", "))",
                    file: String(displayPrefix.dropLast(displayPrefix.hasSuffix("/") ? 1 : 0)))
            ])
        }
        var files: [File] = []
        var problems: [Diagnostic] = []
        for name in fileNames {
            let display = displayPrefix + name
            do {
                files.append(
                    File(
                        name: display,
                        text: try SourceText.read(contentsOf: url.appendingPathComponent(name), displayName: display)))
            } catch {
                problems.append(contentsOf: error.diagnostics)
            }
        }
        if !problems.isEmpty { throw DiagnosticError(problems) }
        return KnowledgeSources(trials: files[0], regimens: files[1], rules: files[2], rubric: files[3])
    }
}

/// Loads and cross-checks the knowledge base; reports every problem with `file:line:col`.
public enum KnowledgeLoader {
    public static func load(_ sources: KnowledgeSources) throws(DiagnosticError) -> Knowledge {
        var diagnostics: [Diagnostic] = []
        // One after another: Yams' `Node` is not `Sendable` (its tags are class instances), so
        // trees cannot cross tasks; start-up loads the model and the cases side by side instead.
        let roots = [sources.trials, sources.regimens, sources.rules, sources.rubric].map { file -> Node? in
            do throws(DiagnosticError) {
                return try YAMLDocument.parse(file.text, file: file.name)
            } catch {
                diagnostics += error.diagnostics
                return nil
            }
        }
        let (trialsRoot, regimensRoot, rulesRoot, rubricRoot) = (roots[0], roots[1], roots[2], roots[3])

        let trialsReader = YAMLReader(file: sources.trials.name)
        let (trials, references) = trialsRoot.map { TrialsDecoder(reader: trialsReader).decode($0) } ?? ([], [])
        let lookup = Knowledge(
            regimens: [], trials: trials, references: references, rules: [],
            lineOfTherapy: placeholderPolicy, evidenceOrder: [], rubric: Rubric(points: [:], unsafe: []))

        let rulesReader = YAMLReader(file: sources.rules.name)
        let evidenceOrder =
            rulesRoot.map { RulesDecoder.evidenceOrder($0, reader: YAMLReader(file: sources.rules.name)) } ?? []

        let regimensReader = YAMLReader(file: sources.regimens.name)
        let regimens =
            regimensRoot.map {
                RegimensDecoder(
                    reader: regimensReader, isSource: lookup.isSource, sourceIDs: lookup.sourceIDs,
                    evidenceOrder: evidenceOrder
                ).decode($0)
            } ?? []
        let withRegimens = Knowledge(
            regimens: regimens, trials: trials, references: references, rules: [],
            lineOfTherapy: placeholderPolicy, evidenceOrder: evidenceOrder,
            rubric: Rubric(points: [:], unsafe: []))
        checkArms(trials, against: withRegimens, root: trialsRoot, reader: trialsReader)

        let decodedRules = rulesRoot.map { RulesDecoder(reader: rulesReader, knowledgeSoFar: withRegimens).decode($0) }
        let rubricReader = YAMLReader(file: sources.rubric.name)
        let rubric = rubricRoot.flatMap { RubricDecoder(reader: rubricReader).decode($0) }

        diagnostics +=
            trialsReader.diagnostics + regimensReader.diagnostics + rulesReader.diagnostics
            + rubricReader.diagnostics
        guard !diagnostics.contains(where: { $0.severity == .error }),
            let decodedRules, let policy = decodedRules.lineOfTherapy, let rubric
        else {
            throw DiagnosticError(
                diagnostics.isEmpty
                    ? [Diagnostic(.error, "the knowledge base is incomplete", file: sources.rules.name)]
                    : diagnostics)
        }
        var knowledge = Knowledge(
            regimens: regimens, trials: trials, references: references, rules: decodedRules.rules,
            lineOfTherapy: policy, evidenceOrder: decodedRules.evidenceOrder, rubric: rubric)
        knowledge.warnings = diagnostics
        return knowledge
    }

    /// Every arm's regimen must be a canonical id: the simulator calibrates through it.
    private static func checkArms(_ trials: [Trial], against knowledge: Knowledge, root: Node?, reader: YAMLReader) {
        guard let root, case .mapping(let top) = root, let trialsNode = top["trials"],
            case .sequence(let trialNodes) = trialsNode
        else { return }
        for trialNode in trialNodes {
            guard case .mapping(let trialMap) = trialNode, let armsNode = trialMap["arms"],
                case .sequence(let armNodes) = armsNode
            else { continue }
            for armNode in armNodes {
                guard case .mapping(let armMap) = armNode, let regimenNode = armMap["regimen"],
                    let name = regimenNode.scalar?.string, !name.isEmpty
                else { continue }
                if knowledge.regimenIndex(named: name) == nil {
                    reader.error(
                        "unknown regimen '\(name)'\(Suggestion.hint(for: name, in: knowledge.regimenIDs))",
                        at: regimenNode)
                } else if knowledge.canonicalRegimenID(name) != name {
                    reader.error(
                        "trial arms name regimens by canonical id: use '\(knowledge.canonicalRegimenID(name)!)' instead of the alias '\(name)'",
                        at: regimenNode)
                }
            }
        }
    }

    private static let placeholderPolicy = LineOfTherapyPolicy(
        id: "", text: "", sources: [], relapseWindowMonths: 0, relapseWindowWithAgent: [:])
}
