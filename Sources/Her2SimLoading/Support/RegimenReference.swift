import Her2SimCore
import Yams

extension YAMLReader {
    /// A regimen named by id or alias in a state file (history entries, the current regimen):
    /// one lookup, so that both state loaders resolve and diagnose a name alike.
    func regimen(_ node: Node, knowledge: Knowledge) -> RegimenID? {
        identifier(
            node, "regimen", resolve: knowledge.canonicalRegimenID,
            candidates: { knowledge.regimenIDs.map(\.rawValue) + knowledge.regimenNames },
            listedIn: "regimen ids and aliases are listed in Scoring/regimens.yaml"
        ).map(RegimenID.init(rawValue:))
    }
}
