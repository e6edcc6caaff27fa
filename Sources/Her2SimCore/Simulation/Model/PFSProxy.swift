/// A trial arm standing in for regimens that have none of their own (best supportive care…).
public struct PFSProxy: Hashable, Sendable {
    public var id: String
    public var regimens: [String]
    public var trial: String
    public var armLabel: String
    /// Multiplies the proxy arm's hazard.
    public var hazardRatio: Double

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, regimens: [String], trial: String, armLabel: String, hazardRatio: Double) {
        self.id = id
        self.regimens = regimens
        self.trial = trial
        self.armLabel = armLabel
        self.hazardRatio = hazardRatio
    }
}
