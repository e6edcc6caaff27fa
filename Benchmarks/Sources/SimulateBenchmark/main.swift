import Foundation
import Her2SimCore

/// Times the simulator in a release build, on one core:
/// - the calibration hot path (`Simulator.calibrate`, Kaplan–Meier included) over every arm;
/// - full courses (`Simulator.course`, events and explanations) and `advance` for cases.
/// Run: cd Benchmarks && swift run -c release SimulateBenchmark [patients-per-arm]
let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let scoring = root.appendingPathComponent("Scoring")
let knowledge: Knowledge
let model: SimulationModel
do {
    knowledge = try KnowledgeLoader.load(KnowledgeSources.directory(scoring, displayPrefix: "Scoring/"))
    model = try SimulationModelLoader.load(directory: scoring, displayPrefix: "Scoring/", knowledge: knowledge)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let simulator = Simulator(knowledge: knowledge, model: model)
let arms = simulator.calibrationArms
let patients = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000

/// CPU seconds of this thread: the work done on one core, fair even on a busy machine.
func cpuNow() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

nonisolated(unsafe) var wallTotal = 0.0

func seconds(_ body: () -> Void) -> Double {
    let wall = DispatchTime.now().uptimeNanoseconds
    let start = cpuNow()
    body()
    wallTotal += Double(DispatchTime.now().uptimeNanoseconds - wall) / 1e9
    return cpuNow() - start
}

// Calibration: every arm, `patients` each, 5 runs (one warm-up).
var checksum = 0.0
_ = seconds { checksum += simulator.calibrate(arms[0], patients: 10_000, seed: 0).simulated.median ?? 0 }
var samples: [Double] = []
for run in 0..<5 {
    samples.append(seconds {
        for arm in arms { checksum += simulator.calibrate(arm, patients: patients, seed: UInt64(run)).simulated.median ?? 0 }
    })
}
samples.sort()
let courses = Double(arms.count * patients)
print(String(format: "calibrate: %d arms × %d patients = %.0f courses; CPU median %.3f s, best %.3f s → %.2f M courses/s (median), %.2f M/s (best) on one core",
             arms.count, patients, courses, samples[2], samples[0], courses / samples[2] / 1e6, courses / samples[0] / 1e6))

// Full courses with events, as a case plays them.
let state = PatientState(ecog: 1, sites: ["liver", "bone"], history: [
    TherapyLine(regimen: "thp", months: 20, response: .partial, stopped: .progression),
    TherapyLine(regimen: "tdxd", months: 18, response: .partial, stopped: .progression),
])
let regimens = knowledge.regimenIDs
let calls = 200_000
var monthsSum = 0.0
let courseTime = seconds {
    for index in 0..<calls {
        monthsSum += simulator.course(for: state, regimen: regimens[index % regimens.count], patient: UInt64(index)).months
    }
}
print(String(format: "course: %d calls, %.2f µs per course (%.0f courses/s)", calls, courseTime / Double(calls) * 1e6,
             Double(calls) / courseTime))
let advanceCalls = 100_000
let advanceTime = seconds {
    for index in 0..<advanceCalls {
        monthsSum += simulator.advance(state, choosing: regimens[index % regimens.count], patient: UInt64(index),
                                       decisionIndex: 0, scripted: [.toxicity(.nausea, grade: 1)]).months
    }
}
print(String(format: "advance: %d calls, %.2f µs per call", advanceCalls, advanceTime / Double(advanceCalls) * 1e6))
print(String(format: "(CPU times; wall clock for everything %.2f s; checksum %.3f)", wallTotal, checksum + monthsSum / 1e9))
