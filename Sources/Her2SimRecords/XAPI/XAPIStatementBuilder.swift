import Foundation
import Her2SimCore

/// Where statements point: the IRI base of activity ids and accounts, and who the actor is.
public struct XAPIProfile: Hashable, Sendable {
    /// Activity ids are `<base>/cases/<case>` and `<base>/cases/<case>/turns/<turn>`; a learner's
    /// account has `homePage` = base. No trailing slash.
    public var iriBase: String
    /// `mailto:` template for the actor instead of an account: `{learner}` is replaced by the
    /// learner's name (lowercased, spaces as dots), e.g. `mailto:{learner}@program.example`.
    public var mbox: String?

    public static let defaultIRIBase = "https://her2sim.invalid"

    public init(iriBase: String = XAPIProfile.defaultIRIBase, mbox: String? = nil) {
        var base = iriBase
        while base.hasSuffix("/") { base.removeLast() }
        self.iriBase = base
        self.mbox = mbox
    }
}

/// The verbs and activity types her2sim uses: ADL's, plus the MedBiquitous Virtual Patient
/// profile's id as a category (that profile reuses these ADL verbs for launched, experienced
/// and completed).
public enum XAPIVocabulary {
    public static let launched = "http://adlnet.gov/expapi/verbs/launched"
    public static let experienced = "http://adlnet.gov/expapi/verbs/experienced"
    public static let answered = "http://adlnet.gov/expapi/verbs/answered"
    public static let completed = "http://adlnet.gov/expapi/verbs/completed"
    public static let simulation = "http://adlnet.gov/expapi/activities/simulation"
    public static let question = "http://adlnet.gov/expapi/activities/question"
    /// https://w3id.org/xapi/virtual-patient (MedBiquitous Learning Experience Working Group).
    public static let virtualPatientProfile = "https://w3id.org/xapi/virtual-patient"
}

/// One stored event's statement, with where it came from.
public struct XAPIEventStatement: Hashable, Sendable {
    public var session: SessionID
    public var sequence: Int
    public var statement: XAPIStatement
}

/// Builds xAPI statements from stored sessions: pure (no clock, no network), so the same
/// records always give the same statements, ids included.
///
/// - `started` → *launched* the case;
/// - `chose` → *experienced* the turn;
/// - `assessed` → *answered* the turn, with the choice as response, the points as score and
///   the tier, unsafe flag, reference's choice and knowledge base as result extensions;
/// - `ended` → *completed* the case with the score;
/// - `advanced` (the simulated course) gives none.
///
/// A statement's id is the version 5 UUID of `<records id>/<session>/<sequence>` under the IRI
/// base: the records file's own random id keeps two laptops' session #1 apart.
public struct XAPIStatementBuilder: Sendable {
    public var profile: XAPIProfile
    /// The records file's id (`RecordStore.recordsID`).
    public var recordsID: String
    /// Turn ids per case (`t1`…), from the case library; a turn not found is `turn-<n>`.
    public var turnIDs: [String: [String]]
    /// Case titles, for activity names.
    public var caseTitles: [String: String]

    public init(
        profile: XAPIProfile, recordsID: String, turnIDs: [String: [String]] = [:],
        caseTitles: [String: String] = [:]
    ) {
        self.profile = profile
        self.recordsID = recordsID
        self.turnIDs = turnIDs
        self.caseTitles = caseTitles
    }

    /// The result of an answered decision, a regimen or (`kind: management`) a toxicity action:
    /// the choice, its tier and points, and the reference's choice as extensions.
    func answer(
        _ choice: String, tier: Tier, points: Int, unsafe: Bool, reference: String,
        knowledgeBase: String?, kind: String? = nil
    ) -> XAPIStatement.Result {
        var extensions: [String: XAPIStatement.ExtensionValue] = [
            extensionIRI("choice"): .text(choice),
            extensionIRI("tier"): .text(tier.rawValue),
            extensionIRI("points"): .number(points),
            extensionIRI("unsafe"): .flag(unsafe),
            extensionIRI("reference-choice"): .text(reference),
        ]
        if let kind { extensions[extensionIRI("decision-kind")] = .text(kind) }
        if let knowledgeBase { extensions[extensionIRI("knowledge-base")] = .text(knowledgeBase) }
        return XAPIStatement.Result(
            score: nil, success: choice == reference || tier == .preferred, completion: true,
            response: choice, extensions: extensions)
    }

    /// Every statement of `session`, in log order.
    public func statements(for session: RecordedSession) -> [XAPIEventStatement] {
        session.events.enumerated().compactMap { statement(session.session, $1, sequence: $0) }
    }

    /// The statement of event `sequence` of `stored`, or nil for an event that has none.
    public func statement(_ stored: StoredSession, _ event: SessionEvent, sequence: Int) -> XAPIEventStatement? {
        let knowledgeBase = stored.knowledgeBase
        let caseActivity = self.caseActivity(stored.caseID)
        let verb: XAPIStatement.Verb
        let object: XAPIStatement.Activity
        var result: XAPIStatement.Result?
        switch event {
        case .started:
            verb = Self.verb(XAPIVocabulary.launched, "launched")
            object = caseActivity
        case .chose(let turn, _):
            verb = Self.verb(XAPIVocabulary.experienced, "experienced")
            object = turnActivity(stored.caseID, turn)
        case .assessed(let turn, let regimen, let tier, let points, let unsafe, let reference):
            verb = Self.verb(XAPIVocabulary.answered, "answered")
            object = turnActivity(stored.caseID, turn)
            result = answer(
                regimen.rawValue, tier: tier, points: points, unsafe: unsafe, reference: reference.rawValue,
                knowledgeBase: knowledgeBase)
        case .managed(let turn, let action, let tier, let points, let unsafe, let reference):
            verb = Self.verb(XAPIVocabulary.answered, "answered")
            object = turnActivity(stored.caseID, turn)
            result = answer(
                action, tier: tier, points: points, unsafe: unsafe, reference: reference,
                knowledgeBase: knowledgeBase, kind: "management")
        case .advanced:
            return nil
        case .ended(let score, let maximum):
            verb = Self.verb(XAPIVocabulary.completed, "completed")
            object = caseActivity
            let top = Double(max(maximum, 0))
            let raw = min(max(Double(score), 0), top)
            result = XAPIStatement.Result(
                score: XAPIStatement.Score(raw: raw, min: 0, max: top, scaled: top > 0 ? raw / top : nil),
                success: nil, completion: true, response: nil, extensions: nil)
        }
        var parents: [XAPIStatement.Activity]? = nil
        if object.id != caseActivity.id { parents = [Self.reference(caseActivity)] }
        let context = XAPIStatement.Context(
            registration: registration(stored.id),
            contextActivities: XAPIStatement.ContextActivities(
                parent: parents, grouping: nil,
                category: [XAPIStatement.Activity(id: XAPIVocabulary.virtualPatientProfile, definition: nil)]),
            platform: "her2sim", language: "en-US",
            extensions: [
                extensionIRI("session"): .number(Int(stored.id.rawValue)),
                extensionIRI("seed"): .text(String(stored.seed)),
            ])
        let statement = XAPIStatement(
            id: statementID(stored.id, sequence), actor: actor(stored.learner), verb: verb, object: object,
            result: result, context: context, timestamp: stored.startedText)
        return XAPIEventStatement(session: stored.id, sequence: sequence, statement: statement)
    }

    /// The statement id of event `sequence` of session `id`.
    public func statementID(_ id: SessionID, _ sequence: Int) -> String {
        NameUUID.v5("\(profile.iriBase)/records/\(recordsID)/sessions/\(id.rawValue)/events/\(sequence)")
    }

    /// The session's registration (every statement of one session shares it).
    public func registration(_ id: SessionID) -> String {
        NameUUID.v5("\(profile.iriBase)/records/\(recordsID)/sessions/\(id.rawValue)")
    }

    public func actor(_ learner: String?) -> XAPIStatement.Agent {
        let name = learner ?? RecordStore.anonymous
        if let template = profile.mbox {
            let local = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: ".")
            let encoded = local.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? local
            return XAPIStatement.Agent(name: name, mbox: template.replacingOccurrences(of: "{learner}", with: encoded))
        }
        return XAPIStatement.Agent(name: name, account: XAPIStatement.Account(homePage: profile.iriBase, name: name))
    }

    func extensionIRI(_ name: String) -> String { "\(profile.iriBase)/xapi/extensions/\(name)" }

    func caseActivity(_ caseID: String) -> XAPIStatement.Activity {
        XAPIStatement.Activity(
            id: "\(profile.iriBase)/cases/\(Self.segment(caseID))",
            definition: XAPIStatement.Definition(
                type: XAPIVocabulary.simulation, name: .init(enUS: caseTitles[caseID] ?? caseID), interactionType: nil))
    }

    func turnActivity(_ caseID: String, _ turn: Int) -> XAPIStatement.Activity {
        let ids = turnIDs[caseID] ?? []
        let turnID = ids.indices.contains(turn) ? ids[turn] : "turn-\(turn + 1)"
        return XAPIStatement.Activity(
            id: "\(profile.iriBase)/cases/\(Self.segment(caseID))/turns/\(Self.segment(turnID))",
            definition: XAPIStatement.Definition(
                type: XAPIVocabulary.question, name: .init(enUS: "\(caseID) \(turnID)"), interactionType: "choice"))
    }

    static func reference(_ activity: XAPIStatement.Activity) -> XAPIStatement.Activity {
        XAPIStatement.Activity(id: activity.id, definition: nil)
    }

    static func verb(_ id: String, _ name: String) -> XAPIStatement.Verb {
        XAPIStatement.Verb(id: id, display: .init(enUS: name))
    }

    static func segment(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
