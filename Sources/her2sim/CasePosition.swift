import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimText

/// A case played up to one decision, the way the REPL plays it (the same `Session`, simulator
/// and seed), so `recommend --case` ranks the patient a fellow would see at that turn.
struct CasePosition {
    var session: Session
    var recommendation: Recommendation
    /// What was chosen before this decision (from --path, then the reference's choices).
    var choices: [String]

    /// "hb-401 · decision 2 of 3 · line 5 · seed 1 · after tdm1".
    var heading: String {
        let script = session.script
        let before = choices.isEmpty ? "" : " · after \(choices.joined(separator: " → "))"
        return "\(script.id) · decision \(session.decisions.count + 1) of \(script.decisions)"
            + " · line \(recommendation.line) · seed \(session.seed)\(before)"
    }

    /// A case file, not a state file: it names its turns.
    static func looksLikeCase(_ text: String) -> Bool {
        let keys = Set(
            text.split(separator: "\n").compactMap { line -> Substring? in
                guard let first = line.first, first != " ", first != "#",
                    let colon = line.firstIndex(of: ":")
                else { return nil }
                return line[..<colon]
            })
        return keys.contains("turns") && keys.contains("id")
    }

    static func find(
        caseID: String, turn: Int, path: String?, seed: UInt64, knowledge: Knowledge,
        knowledgeOptions: KnowledgeOptions, caseOptions: CaseOptions
    ) throws -> CasePosition {
        let model = try knowledgeOptions.loadModel(knowledge: knowledge)
        let script = try loadScript(caseID, knowledge: knowledge, caseOptions: caseOptions)
        let context = SessionContext(knowledge: knowledge, course: Simulator(knowledge: knowledge, model: model))
        var session = Session(script: script, seed: seed, context: context)
        let given = (path ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if given.count > turn - 1 {
            printError(
                "error: --path gives \(given.count) choice\(given.count == 1 ? "" : "s"), but decision \(turn) "
                    + "follows only \(turn - 1); give --turn \(given.count + 1) to rank after all of them")
            throw ExitStatus.invalidInput
        }
        var choices: [String] = []
        for index in 0..<(turn - 1) {
            guard !session.isOver else {
                printError(
                    "error: case '\(script.id)' ends after decision \(index) on this path"
                        + " (it has at most \(script.decisions)); give a smaller --turn")
                throw ExitStatus.invalidInput
            }
            let choice: String
            if index < given.count {
                guard let id = knowledge.canonicalRegimenID(given[index]) else {
                    printError(
                        "error: unknown regimen '\(given[index])' in --path"
                            + "\(Suggestion.hint(for: given[index], in: knowledge.regimenIDs.map(\.rawValue) + knowledge.regimenNames)); "
                            + "'her2sim recommend --case \(script.id)' ranks them")
                    throw ExitStatus.invalidInput
                }
                choice = id
            } else {
                choice = context.engine.rank(session.state).first.regimen.rawValue
            }
            guard session.choose(choice) != nil else {
                printError("error: '\(choice)' cannot be chosen at decision \(index + 1) of '\(script.id)'")
                throw ExitStatus.invalidInput
            }
            choices.append(choice)
        }
        guard !session.isOver else {
            printError("error: case '\(script.id)' ends after decision \(turn - 1) on this path; give a smaller --turn")
            throw ExitStatus.invalidInput
        }
        return CasePosition(session: session, recommendation: context.engine.rank(session.state), choices: choices)
    }

    /// A case of the library by id, or a case file by path (an author's draft).
    private static func loadScript(
        _ caseID: String, knowledge: Knowledge,
        caseOptions: CaseOptions
    ) throws -> CaseScript {
        let isFile = caseID.hasSuffix(".yaml") || caseID.hasSuffix(".yml") || caseID.contains("/")
        if isFile {
            let file = (url: URL(fileURLWithPath: caseID), displayName: caseID)
            let library = CaseLibrary.load(files: [file], knowledge: knowledge, lint: false)
            DiagnosticPrinter.print(library.diagnostics.filter { $0.severity == .error })
            guard let script = library.cases.first else { throw ExitStatus.invalidInput }
            return script
        }
        let library = try caseOptions.library(knowledge: knowledge)
        guard let script = library.script(caseID) else {
            printError(
                "error: no case '\(caseID)'\(Suggestion.hint(for: caseID, in: library.cases.map(\.id))); "
                    + "'her2sim cases' lists them")
            throw ExitStatus.invalidInput
        }
        return script
    }
}
