/// Regimens with no toxicity rates of their own borrow some from a similar regimen.
public struct ToxicityProxy: Hashable, Sendable {
    public var id: String
    public var regimens: [String]
    public var like: String
    public var toxicities: [Toxicity]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, regimens: [String], like: String, toxicities: [Toxicity]) {
        self.id = id
        self.regimens = regimens
        self.like = like
        self.toxicities = toxicities
    }
}
