import Her2SimCore
import Yams

// The simulation model keys arms and toxicities by regimen and trial ids as text (`model.yaml`),
// while the knowledge base types them (`RegimenID`, `TrialID`). These overloads, internal to
// Her2SimLoading, let SimulationModelDecoder.swift read the typed knowledge as the text it
// keys the model by; each converts at the boundary with `rawValue`. Once that decoder converts
// explicitly, this file can go.

extension Knowledge {
    /// A trial by its id as `model.yaml` writes it.
    func trial(_ id: String) -> Trial? { trial(TrialID(id)) }
}

extension Suggestion {
    static func hint(for word: String, in candidates: [RegimenID]) -> String {
        hint(for: word, in: candidates.map(\.rawValue))
    }
}

extension YAMLReader {
    /// `identifier` over a typed vocabulary (trial ids), answering with the id as text.
    func identifier<ID: RawRepresentable>(
        _ node: Node, _ what: String, resolve: @escaping (String) -> ID?, candidates: @escaping () -> [ID],
        listedIn: String? = nil
    ) -> String? where ID.RawValue == String {
        identifier(
            node, what, resolve: { resolve($0)?.rawValue }, candidates: { candidates().map(\.rawValue) },
            listedIn: listedIn)
    }
}

extension Sequence where Element == TrialID {
    func joined(separator: String) -> String { map(\.rawValue).joined(separator: separator) }
}

/// A model arm's regimen (text) against a knowledge regimen's id.
func == (lhs: String, rhs: RegimenID) -> Bool { lhs == rhs.rawValue }

extension Dictionary where Key == String {
    /// The model's tables keyed by a regimen id's text.
    subscript(id: RegimenID) -> Value? {
        get { self[id.rawValue] }
        set { self[id.rawValue] = newValue }
    }
}

extension ArmFit {
    init(
        trial: TrialID, armLabel: String, regimen: String, line: Int, brainMetastases: Bool, pfs: Weibull,
        endpoint: String, orr: Double, orrSource: String, proxy: String?
    ) {
        self.init(
            trial: trial.rawValue, armLabel: armLabel, regimen: regimen, line: line, brainMetastases: brainMetastases,
            pfs: pfs, endpoint: endpoint, orr: orr, orrSource: orrSource, proxy: proxy)
    }
}
