import Foundation
import Her2SimCore

// The JSON form of session events, as stored in `events.payload`. Keys are fixed (kebab-case,
// like the case and state formats); every field of every event is kept, so decoding gives back
// exactly the event that was encoded — a stored log replays the session it came from.
//
//   {"kind": "started",  "case": "hb-401", "seed": 4711, "learner": "alice"}      learner null: anonymous
//   {"kind": "chose",    "turn": 0, "regimen": "tdm1"}
//   {"kind": "assessed", "turn": 0, "regimen": "tdm1", "tier": "preferred", "points": 4,
//                        "unsafe": false, "reference": "tdm1"}
//   {"kind": "advanced", "turn": 0, "months": 3.5, "events": [{"month": 1.2, "event": {…}}]}
//   {"kind": "ended",    "score": 7, "maximum": 8}
//
// Clinical events: {"type": "toxicity", "toxicity": "diarrhea", "grade": 2},
// {"type": "progression", "new-sites": ["liver"], "brain-metastases": "active"} (null: unchanged),
// {"type": "response", "response": "partial"}, {"type": "lvef", "value": 50},
// {"type": "ecog", "value": 2}, {"type": "trial-available", "value": true},
// {"type": "preference", "preference": "oral"}, {"type": "preference-withdrawn", "preference": "oral"},
// {"type": "hepatic-impairment", "value": "mild"}, {"type": "heart-failure", "value": true}.

/// A `SessionEvent` that encodes to and decodes from its stored JSON.
public struct CodableSessionEvent: Codable, Hashable, Sendable {
    public var event: SessionEvent

    public init(_ event: SessionEvent) { self.event = event }

    /// The `kind` column: `started`, `chose`, `assessed`, `advanced` or `ended`.
    public var kind: String { Self.kind(of: event) }

    public static func kind(of event: SessionEvent) -> String {
        switch event {
        case .started: "started"
        case .chose: "chose"
        case .assessed: "assessed"
        case .advanced: "advanced"
        case .managed: "managed"
        case .ended: "ended"
        }
    }

    private enum Key: String, CodingKey {
        case kind, turn, regimen, tier, points, unsafe, reference, months, events, score, maximum, seed, learner, action
        case caseID = "case"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "started":
            event = .started(
                caseID: try container.decode(String.self, forKey: .caseID),
                seed: try container.decode(UInt64.self, forKey: .seed),
                learner: try container.decodeIfPresent(String.self, forKey: .learner))
        case "chose":
            event = .chose(
                turn: try container.decode(Int.self, forKey: .turn),
                regimen: RegimenID(try container.decode(String.self, forKey: .regimen)))
        case "assessed":
            event = .assessed(
                turn: try container.decode(Int.self, forKey: .turn),
                regimen: RegimenID(try container.decode(String.self, forKey: .regimen)),
                tier: try container.decode(Tier.self, forKey: .tier),
                points: try container.decode(Int.self, forKey: .points),
                unsafe: try container.decode(Bool.self, forKey: .unsafe),
                reference: RegimenID(try container.decode(String.self, forKey: .reference)))
        case "advanced":
            event = .advanced(
                turn: try container.decode(Int.self, forKey: .turn),
                months: try container.decode(Double.self, forKey: .months),
                events: try container.decode([CodableTimedEvent].self, forKey: .events).map(\.event))
        case "managed":
            event = .managed(
                turn: try container.decode(Int.self, forKey: .turn),
                action: try container.decode(String.self, forKey: .action),
                tier: try container.decode(Tier.self, forKey: .tier),
                points: try container.decode(Int.self, forKey: .points),
                unsafe: try container.decode(Bool.self, forKey: .unsafe),
                reference: try container.decode(String.self, forKey: .reference))
        case "ended":
            event = .ended(
                score: try container.decode(Int.self, forKey: .score),
                maximum: try container.decode(Int.self, forKey: .maximum))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: "unknown session event kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(kind, forKey: .kind)
        switch event {
        case .started(let caseID, let seed, let learner):
            try container.encode(caseID, forKey: .caseID)
            try container.encode(seed, forKey: .seed)
            try container.encode(learner, forKey: .learner)
        case .chose(let turn, let regimen):
            try container.encode(turn, forKey: .turn)
            try container.encode(regimen.rawValue, forKey: .regimen)
        case .assessed(let turn, let regimen, let tier, let points, let unsafe, let reference):
            try container.encode(turn, forKey: .turn)
            try container.encode(regimen.rawValue, forKey: .regimen)
            try container.encode(tier, forKey: .tier)
            try container.encode(points, forKey: .points)
            try container.encode(unsafe, forKey: .unsafe)
            try container.encode(reference.rawValue, forKey: .reference)
        case .advanced(let turn, let months, let events):
            try container.encode(turn, forKey: .turn)
            try container.encode(months, forKey: .months)
            try container.encode(events.map(CodableTimedEvent.init), forKey: .events)
        case .managed(let turn, let action, let tier, let points, let unsafe, let reference):
            try container.encode(turn, forKey: .turn)
            try container.encode(action, forKey: .action)
            try container.encode(tier, forKey: .tier)
            try container.encode(points, forKey: .points)
            try container.encode(unsafe, forKey: .unsafe)
            try container.encode(reference, forKey: .reference)
        case .ended(let score, let maximum):
            try container.encode(score, forKey: .score)
            try container.encode(maximum, forKey: .maximum)
        }
    }
}

/// A `TimedEvent` as `{"month": 1.5, "event": {…}}`.
public struct CodableTimedEvent: Codable, Hashable, Sendable {
    public var event: TimedEvent

    public init(_ event: TimedEvent) { self.event = event }

    private enum Key: String, CodingKey { case month, event }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        event = TimedEvent(
            month: try container.decode(Double.self, forKey: .month),
            event: try container.decode(CodableClinicalEvent.self, forKey: .event).event)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(event.month, forKey: .month)
        try container.encode(CodableClinicalEvent(event.event), forKey: .event)
    }
}

/// A `ClinicalEvent` as `{"type": …}` with the fields of its kind.
public struct CodableClinicalEvent: Codable, Hashable, Sendable {
    public var event: ClinicalEvent

    public init(_ event: ClinicalEvent) { self.event = event }

    private enum Key: String, CodingKey {
        case type, toxicity, grade, response, value, preference
        case newSites = "new-sites"
        case brainMetastases = "brain-metastases"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "toxicity":
            event = .toxicity(
                try container.decode(Toxicity.self, forKey: .toxicity),
                grade: try container.decode(Int.self, forKey: .grade))
        case "progression":
            event = .progression(
                newSites: try container.decode([String].self, forKey: .newSites),
                brainMetastases: try container.decodeIfPresent(BrainMetastases.self, forKey: .brainMetastases))
        case "response":
            event = .response(try container.decode(Response.self, forKey: .response))
        case "lvef":
            event = .lvef(try container.decode(Int.self, forKey: .value))
        case "ecog":
            event = .ecog(try container.decode(Int.self, forKey: .value))
        case "trial-available":
            event = .trialAvailable(try container.decode(Bool.self, forKey: .value))
        case "preference":
            event = .preference(try container.decode(Preference.self, forKey: .preference))
        case "preference-withdrawn":
            event = .preferenceWithdrawn(try container.decode(Preference.self, forKey: .preference))
        case "hepatic-impairment":
            event = .hepaticImpairment(try container.decode(HepaticImpairment.self, forKey: .value))
        case "heart-failure":
            event = .heartFailure(try container.decode(Bool.self, forKey: .value))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown clinical event type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        switch event {
        case .toxicity(let toxicity, let grade):
            try container.encode("toxicity", forKey: .type)
            try container.encode(toxicity, forKey: .toxicity)
            try container.encode(grade, forKey: .grade)
        case .progression(let newSites, let brainMetastases):
            try container.encode("progression", forKey: .type)
            try container.encode(newSites, forKey: .newSites)
            try container.encode(brainMetastases, forKey: .brainMetastases)
        case .response(let response):
            try container.encode("response", forKey: .type)
            try container.encode(response, forKey: .response)
        case .lvef(let value):
            try container.encode("lvef", forKey: .type)
            try container.encode(value, forKey: .value)
        case .ecog(let value):
            try container.encode("ecog", forKey: .type)
            try container.encode(value, forKey: .value)
        case .trialAvailable(let value):
            try container.encode("trial-available", forKey: .type)
            try container.encode(value, forKey: .value)
        case .preference(let preference):
            try container.encode("preference", forKey: .type)
            try container.encode(preference, forKey: .preference)
        case .preferenceWithdrawn(let preference):
            try container.encode("preference-withdrawn", forKey: .type)
            try container.encode(preference, forKey: .preference)
        case .hepaticImpairment(let value):
            try container.encode("hepatic-impairment", forKey: .type)
            try container.encode(value, forKey: .value)
        case .heartFailure(let value):
            try container.encode("heart-failure", forKey: .type)
            try container.encode(value, forKey: .value)
        }
    }
}

/// Encodes and decodes stored payloads: compact, keys sorted, so the same event always gives
/// the same bytes. Non-finite numbers (which the simulator never produces) survive as strings.
public enum EventJSON {
    public static func encode(_ event: SessionEvent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(CodableSessionEvent(event)), as: UTF8.self)
    }

    public static func decode(_ payload: String) throws -> SessionEvent {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(CodableSessionEvent.self, from: Data(payload.utf8)).event
    }
}
