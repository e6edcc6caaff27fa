import Foundation
import Her2SimCore
import Testing

@testable import Her2SimRecords

@Suite("Records: event JSON")
struct EventCodingTests {
    /// Random events of every kind, with every field exercised.
    struct EventGenerator {
        var rng: SeededGenerator

        mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        mutating func bool() -> Bool { Bool.random(using: &rng) }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

        mutating func double() -> Double {
            switch int(0...5) {
            case 0: return Double(int(0...40))
            case 1: return Double.random(in: 0...60, using: &rng)
            case 2: return Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF) // any finite positive
            case 3: return -Double.random(in: 0...1e-300, using: &rng)
            case 4: return .leastNonzeroMagnitude
            default: return 1.0 / 3.0
            }
        }

        mutating func string() -> String {
            let pieces = [
                "hb-401", "tdm1", "Ä", "Ms. \"L\"", "back\\slash", "line\nbreak", "😀", "", " ", "/", "\u{1}", "日本",
            ]
            return (0..<int(1...3)).map { _ in pick(pieces) }.joined()
        }

        mutating func clinical() -> ClinicalEvent {
            switch int(0...9) {
            case 0: return .toxicity(pick(Toxicity.allCases), grade: int(0...5))
            case 1:
                return .progression(
                    newSites: (0..<int(0...3)).map { _ in string() },
                    brainMetastases: bool() ? nil : pick(BrainMetastases.allCases))
            case 2: return .response(pick(Response.allCases))
            case 3: return .lvef(int(-5...95))
            case 4: return .ecog(int(0...4))
            case 5: return .trialAvailable(bool())
            case 6: return .preference(pick(Preference.allCases))
            case 7: return .preferenceWithdrawn(pick(Preference.allCases))
            case 8: return .hepaticImpairment(pick(HepaticImpairment.allCases))
            default: return .heartFailure(bool())
            }
        }

        mutating func event() -> SessionEvent {
            switch int(0...4) {
            case 0:
                let seed = pick([0, 1, UInt64.max, UInt64(Int64.max), UInt64(Int64.max) + 1, rng.next()])
                return .started(caseID: string(), seed: seed, learner: bool() ? nil : string())
            case 1: return .chose(turn: int(0...20), regimen: RegimenID(string()))
            case 2:
                return .assessed(
                    turn: int(0...20), regimen: RegimenID(string()), tier: pick(Tier.allCases), points: int(-4...10),
                    unsafe: bool(), reference: RegimenID(string()))
            case 3:
                return .advanced(
                    turn: int(0...20), months: double(),
                    events: (0..<int(0...6)).map { _ in TimedEvent(month: double(), event: clinical()) })
            default: return .ended(score: int(0...40), maximum: int(0...40))
            }
        }
    }

    @Test("every event round-trips through its JSON exactly (2,000 random events)")
    func roundTrip() throws {
        var generator = EventGenerator(rng: SeededGenerator(seed: 20_250_301))
        var kinds: Set<String> = []
        for _ in 0..<2_000 {
            let event = generator.event()
            let json = try EventJSON.encode(event)
            let decoded = try EventJSON.decode(json)
            #expect(decoded == event, "\(json)")
            // The same event always gives the same bytes.
            #expect(try EventJSON.encode(decoded) == json)
            kinds.insert(CodableSessionEvent.kind(of: event))
        }
        #expect(kinds.count == 5)
    }

    @Test("every clinical event type round-trips, with or without brain metastases")
    func clinicalEvents() throws {
        let all: [ClinicalEvent] = [
            .toxicity(.ild, grade: 2), .progression(newSites: ["liver"], brainMetastases: .active),
            .progression(newSites: [], brainMetastases: nil), .response(.partial), .lvef(45), .ecog(2),
            .trialAvailable(true), .preference(.oral), .preferenceWithdrawn(.avoidAlopecia),
            .hepaticImpairment(.moderate), .heartFailure(false),
        ]
        let event = SessionEvent.advanced(
            turn: 1, months: 3.5,
            events: all.enumerated().map { TimedEvent(month: Double($0.offset) / 2, event: $0.element) })
        #expect(try EventJSON.decode(EventJSON.encode(event)) == event)
    }

    @Test("the stored form is the documented one")
    func documentedShape() throws {
        #expect(
            try EventJSON.encode(.started(caseID: "hb-401", seed: 4711, learner: nil))
                == #"{"case":"hb-401","kind":"started","learner":null,"seed":4711}"#)
        #expect(
            try EventJSON.encode(
                .assessed(turn: 0, regimen: "tdm1", tier: .notRecommended, points: 1, unsafe: false, reference: "tdxd"))
                == #"{"kind":"assessed","points":1,"reference":"tdxd","regimen":"tdm1","tier":"not-recommended","turn":0,"unsafe":false}"#
        )
        #expect(
            try EventJSON.encode(
                .advanced(
                    turn: 2, months: 3.5,
                    events: [
                        TimedEvent(month: 1.25, event: .progression(newSites: ["brain"], brainMetastases: .active))
                    ]))
                == #"{"events":[{"event":{"brain-metastases":"active","new-sites":["brain"],"type":"progression"},"month":1.25}],"kind":"advanced","months":3.5,"turn":2}"#
        )
    }

    @Test("non-finite months survive (as strings)")
    func nonFinite() throws {
        let event = SessionEvent.advanced(
            turn: 0, months: .infinity, events: [TimedEvent(month: -.infinity, event: .ecog(1))])
        #expect(try EventJSON.decode(EventJSON.encode(event)) == event)
    }

    @Test("an unknown kind or type is an error, not a crash")
    func unknownKinds() {
        #expect(throws: DecodingError.self) { try EventJSON.decode(#"{"kind":"paused"}"#) }
        #expect(throws: DecodingError.self) {
            try EventJSON.decode(
                #"{"kind":"advanced","turn":0,"months":1,"events":[{"month":0,"event":{"type":"rash"}}]}"#)
        }
        #expect(throws: (any Error).self) { try EventJSON.decode("not json") }
    }
}
