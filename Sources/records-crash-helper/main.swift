// A child process for the records tests, and the records benchmark.
//
//   records-crash-helper DB COUNT|forever [LEARNER]
//       Appends events to a records database and prints each sequence number once `append` has
//       returned (committed), so a test can kill it with SIGKILL at any moment and check that
//       every printed event survived. Prints `session N` first and `done` at the end.
//   records-crash-helper DB generate N REPO
//       Plays N sessions of REPO/Cases with REPO/Scoring (a cohort of 12 learners, some sessions
//       unfinished) and stores them.
//   records-crash-helper DB bench REPO
//       Times building the report of everything in DB (median of 15 runs).
import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimRecords

/// Unbuffered: a line is out before the next append starts.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func fail(_ message: String, status: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(status)
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    fail("usage: records-crash-helper DB COUNT|forever [LEARNER] | DB generate N REPO | DB bench REPO", status: 64)
}
let url = URL(fileURLWithPath: arguments[1])

/// Knowledge, cases and simulator of a repository checkout.
func library(_ root: String) -> (knowledge: Knowledge, cases: [CaseScript], simulator: Simulator) {
    let rootURL = URL(fileURLWithPath: root)
    do {
        let workspace = try Workspace.loadSerially(
            scoring: Workspace.Directory(url: rootURL.appendingPathComponent("Scoring"), displayPrefix: "Scoring/"),
            cases: Workspace.Directory(url: rootURL.appendingPathComponent("Cases"), displayPrefix: "Cases/"))
        let knowledge = workspace.knowledge
        return (knowledge, workspace.cases.cases, Simulator(knowledge: knowledge, model: workspace.model))
    } catch {
        fail("cannot load \(root): \(error)")
    }
}

do {
    switch arguments[2] {
    case "generate":
        guard arguments.count >= 5, let count = Int(arguments[3]) else { fail("usage: DB generate N REPO", status: 64) }
        let (knowledge, cases, simulator) = library(arguments[4])
        let context = SessionContext(knowledge: knowledge, course: simulator)
        let store = try RecordStore(url: url)
        var rng = SeededGenerator(seed: 2025)
        let start = Date(timeIntervalSince1970: 1_740_819_600)
        for index in 0..<count {
            let script = cases[index % cases.count]
            let spread = Int.random(in: 0...8, using: &rng)
            var session = Session(
                script: script, seed: UInt64(1000 + index), learner: "fellow-\(index % 12)", context: context)
            while !session.isOver {
                let options = context.engine.rank(session.state).options
                session.choose(options[Int.random(in: 0...min(spread, options.count - 1), using: &rng)].regimen)
            }
            let log = index % 5 == 4 ? Array(session.log.prefix(4)) : session.log
            try store.insertSession(log: log, at: start + Double(index) * 3_600)
        }
        emit("generated \(count) sessions")
    case "bench":
        guard arguments.count >= 4 else { fail("usage: DB bench REPO", status: 64) }
        let (knowledge, cases, simulator) = library(arguments[3])
        let store = try RecordStore(url: url)
        let builder = ReportBuilder(knowledge: knowledge, cases: cases, course: simulator)
        let clock = ContinuousClock()
        var times: [Double] = []
        var sessions = 0
        for _ in 0..<15 {
            var report: Report?
            let elapsed = try clock.measure { report = try builder.report(store: store) }
            times.append(Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
            sessions = report?.sessions.count ?? 0
        }
        times.sort()
        emit(
            String(
                format: "report of %d sessions: median %.1f ms, min %.1f ms, max %.1f ms",
                sessions, times[times.count / 2] * 1000, times[0] * 1000, times[times.count - 1] * 1000))
    default:
        let limit = arguments[2] == "forever" ? Int.max : (Int(arguments[2]) ?? 0)
        let learner = arguments.count > 3 ? arguments[3] : nil
        let store = try RecordStore(url: url)
        let id = try store.startSession(caseID: "crash-test", seed: UInt64(getpid()), learner: learner, at: Date())
        emit("session \(id.rawValue)")
        var turn = 0
        var written = 0
        while written < limit {
            let event: SessionEvent
            switch written % 3 {
            case 0: event = .chose(turn: turn, regimen: "tdm1")
            case 1:
                event = .assessed(
                    turn: turn, regimen: "tdm1", tier: .preferred, points: 4, unsafe: false, reference: "tdm1")
            default:
                event = .advanced(
                    turn: turn, months: 3.25,
                    events: [TimedEvent(month: 1.5, event: .toxicity(.thrombocytopenia, grade: 2))])
                turn += 1
            }
            let sequence = try store.append(event, to: id)
            emit(String(sequence))
            written += 1
        }
        emit("done")
    }
} catch {
    fail("\(error)")
}
