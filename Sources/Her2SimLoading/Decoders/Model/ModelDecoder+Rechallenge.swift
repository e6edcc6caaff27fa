import Foundation
import Her2SimCore
import Yams

/// `rechallenge`: the risks of giving a drug again after a toxicity that ended it.
extension ModelDecoder {
    func rechallenge(_ node: Node) -> [RechallengeRisk]? {
        reader.sequence(node, "the list of rechallenge risks").map { $0.compactMap(rechallengeRisk) }
    }

    /// `{id, basis, text, sources, regimens, after: {toxicity, grade-at-least, on}, recurrence,
    /// onset-median-months, grades: {2: share, …}}`.
    func rechallengeRisk(_ node: Node) -> RechallengeRisk? {
        guard
            let map = assumptionMap(
                node, "a rechallenge risk",
                extra: ["regimens", "after", "recurrence", "onset-median-months", "grades"])
        else {
            return nil
        }
        let id = map["id"]?.scalar?.string
        let regimens = map.required("regimens").flatMap(selector)
        var toxicity: Toxicity?
        var grade: Int?
        var on: RegimenSelector?
        if let afterNode = map.required("after"),
            let after = reader.mapping(
                afterNode, "what ended the drug (toxicity, grade-at-least, on)",
                allowed: ["toxicity", "grade-at-least", "on"])
        {
            after.rejectUnknownKeys()
            toxicity = after.required("toxicity").flatMap { reader.choice($0, "toxicity", as: Toxicity.self) }
            grade = after.required("grade-at-least").flatMap { reader.int($0, "grade", in: 1...4) }
            on = after.required("on").flatMap(selector)
        }
        let recurrence = probability(map, "recurrence", "recurrence probability")
        let median = map.required("onset-median-months").flatMap {
            reader.number($0, "onset median (months)", in: 0.01...60)
        }
        var grades: [(grade: Int, share: Double)] = []
        if let gradesNode = map.required("grades"),
            let entries = reader.mapping(gradesNode, "grades of the recurrence (grade: share)", allowed: [])
        {
            for entry in entries.entries {
                guard let value = reader.int(entry.keyNode, "grade", in: 1...5),
                    let share = reader.number(entry.value, "share", in: 0...1)
                else { continue }
                grades.append((value, share))
            }
            let total = grades.reduce(0) { $0 + $1.share }
            if abs(total - 1) > 1e-6 {
                reader.error("the grades of a recurrence must add up to 1 (they add up to \(total))", at: gradesNode)
                return nil
            }
        }
        guard let id, let regimens, let toxicity, let grade, let on, let recurrence, let median, !grades.isEmpty else {
            return nil
        }
        return RechallengeRisk(
            id: id, regimens: regimens, toxicity: toxicity, gradeAtLeast: grade, on: on,
            recurrence: recurrence, onset: OnsetCurve(medianMonths: median, shape: 1),
            grades: grades)
    }
}
