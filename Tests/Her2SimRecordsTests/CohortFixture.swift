import Foundation
import Her2SimCore

@testable import Her2SimRecords

/// A seeded cohort for the HTML report's tests: learners who improve over their sessions,
/// across several cases, with a confidence on most decisions — and one learner whose name is
/// an attack on the page.
enum CohortFixture {
    typealias Support = RecordsTestSupport

    static let hostileName = "<script>alert(\"pwned\")</script>"
    static let caseIDs = ["hb-401", "hb-402", "hb-403", "hb-404", "hb-406"]

    static func learnerNames(_ count: Int) -> [String] {
        [hostileName] + (1..<max(count, 2)).map { "fellow-\($0)" }
    }

    /// Writes `learners` × `sessionsEach` sessions to a new database; returns it and the names.
    static func database(learners: Int = 5, sessionsEach: Int = 4, name: String = #function) throws
        -> (url: URL, learners: [String])
    {
        let url = Support.scratchDatabase(name)
        let store = try RecordStore(url: url)
        let names = learnerNames(learners)
        for (learnerIndex, learner) in names.enumerated() {
            for session in 0..<sessionsEach {
                let caseID = caseIDs[(learnerIndex + session) % caseIDs.count]
                // Early sessions wander down the ranking; later ones keep to its top.
                let slack = max(0, 3 - session) + learnerIndex % 2
                let played = Support.play(
                    Support.script(caseID), seed: UInt64(100 * learnerIndex + session + 1),
                    learner: learner
                ) { recommendation, decision in
                    let index = (learnerIndex + decision + session) % (slack + 1)
                    return recommendation.options[min(index, recommendation.options.count - 1)].regimen
                }
                // The last session of every other learner is left unfinished.
                var log = played.log
                if session == sessionsEach - 1, learnerIndex % 2 == 1,
                    let cut = log.lastIndex(where: { if case .advanced = $0 { true } else { false } })
                {
                    log = Array(log.prefix(cut))
                }
                let started = Support.march1 + Support.day * Double(3 * session + learnerIndex % 3)
                let id = try store.insertSession(log: log, at: started)
                let turns = log.compactMap { event -> Int? in if case .chose(let turn, _) = event { turn } else { nil }
                }
                for (decision, turn) in turns.enumerated() where (learnerIndex + decision) % 4 != 3 {
                    let confidence = [95, 85, 60, 40, 70, 90, 25][(learnerIndex * 3 + session + decision) % 7]
                    try store.setConfidence(confidence, turn: turn, session: id)
                }
            }
        }
        try store.close()
        return (url, names)
    }

    static var builder: ReportBuilder {
        ReportBuilder(knowledge: Support.knowledge, cases: Support.cases, course: Support.simulator)
    }

    /// The HTML page of a database, rendered in-process.
    static func page(_ url: URL, knowledgeBase: String? = "0123abcd") throws -> (html: String, report: Report) {
        let store = try RecordStore(url: url)
        defer { try? store.close() }
        let report = try builder.report(store: store)
        let page = CohortHTMLReport(
            report: report, knowledgeBase: knowledgeBase, generated: Support.march1 + 90 * Support.day)
        return (page.document(), report)
    }
}
