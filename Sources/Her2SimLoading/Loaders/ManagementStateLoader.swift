import Foundation
import Her2SimCore
import Yams

public enum ManagementStateLoader {
    public static let topKeys = ["patient", "history", "current", "event"]

    public static func load(_ original: String, file: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: ManagementState, warnings: [Diagnostic])
    {
        let (state, warnings) = try KnowledgeSources.File(name: file, text: original).decode(
            incomplete: "not a valid management state file", withLines: true
        ) { reader, root in decode(root, reader: reader, knowledge: knowledge) }
        return (state, warnings)
    }

    private static func decode(_ root: Node, reader: YAMLReader, knowledge: Knowledge) -> ManagementState? {
        let decoder = StateDecoder(reader: reader, knowledge: knowledge)
        var result: ManagementState?
        if let top = reader.mapping(
            root, "a management state file",
            shape: "a mapping with patient, history, current and event",
            allowed: topKeys + StateLoader.ignoredKeys)
        {
            top.rejectUnknownKeys()
            let history = top["history"].flatMap(decoder.history) ?? []
            let patient = top.required("patient").flatMap {
                decoder.patient($0, history: history, anchor: top.keyNode("patient"))
            }
            let current = top.required("current", why: "the regimen she is on now").flatMap {
                self.current($0, reader: reader, knowledge: knowledge)
            }
            let event = top.required("event", why: "the new toxicity and its grade").flatMap {
                self.event($0, reader: reader)
            }
            if let patient, let event, patient.toxicities[event.toxicity] != event.grade, let node = top["event"] {
                reader.warning(
                    "the event is grade \(event.grade) \(event.toxicity.rawValue) but patient.toxicities says grade \(patient.toxicities[event.toxicity]); the event decides",
                    at: node)
            }
            if let patient, let current, let event {
                result = ManagementState(
                    patient: patient,
                    decision: ManagementDecision(
                        regimen: current.regimen, months: current.months, toxicity: event.toxicity, grade: event.grade,
                        occurrence: event.occurrence, heartFailure: event.heartFailure || patient.heartFailure))
            }
        }
        return result
    }

    public static func load(contentsOf url: URL, displayName: String, knowledge: Knowledge) throws(DiagnosticError)
        -> (state: ManagementState, warnings: [Diagnostic])
    {
        let text = try SourceText.read(contentsOf: url, displayName: displayName)
        return try load(text, file: displayName, knowledge: knowledge)
    }

    private static func current(_ node: Node, reader: YAMLReader, knowledge: Knowledge) -> (
        regimen: RegimenID, months: Double
    )? {
        guard let map = reader.mapping(node, "current", allowed: ["regimen", "months"]) else { return nil }
        map.rejectUnknownKeys()
        let regimen = map.required("regimen").flatMap { reader.regimen($0, knowledge: knowledge) }
        let months = map.required("months").flatMap { reader.number($0, "months", in: 0...300) }
        guard let regimen, let months else { return nil }
        return (regimen, months)
    }

    private static func event(_ node: Node, reader: YAMLReader)
        -> (toxicity: Toxicity, grade: Int, occurrence: Int, heartFailure: Bool)?
    {
        guard
            let map = reader.mapping(node, "the event", allowed: ["toxicity", "grade", "occurrence", "heart-failure"])
        else { return nil }
        map.rejectUnknownKeys()
        let toxicity = map.required("toxicity").flatMap { reader.choice($0, "toxicity", as: Toxicity.self) }
        let grade = map.required("grade").flatMap { reader.int($0, "grade", in: 1...4, unit: "(CTCAE)") }
        let occurrence = map["occurrence"].flatMap { reader.int($0, "occurrence", in: 1...10) } ?? 1
        let heartFailure = map["heart-failure"].flatMap { reader.bool($0, "heart-failure") } ?? false
        guard let toxicity, let grade else { return nil }
        return (toxicity, grade, occurrence, heartFailure)
    }
}
