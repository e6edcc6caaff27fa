import Testing

@testable import Her2SimCore

/// The three regimens of rules version 2 run in the simulator from their own trial arms.
@Suite("Simulation: the version 2 regimens")
struct NewRegimenSimulationTests {
    let simulator = SimulationFixture.simulator
    static let regimens = ["abemaciclib-trastuzumab-fulvestrant", "trastuzumab-pertuzumab", "chemotherapy-alone"]

    @Test("each new regimen has a calibrated arm and a deterministic course", arguments: regimens)
    func runs(_ regimen: String) {
        let state = TestSupport.state(receptor: .positive, history: TestSupport.progressed("thp", "tdxd", "tdm1"))
        let arms = simulator.calibrationArms.filter { $0.regimen == regimen }
        #expect(!arms.isEmpty, "\(regimen) has no calibrated trial arm to start from")
        let months = (1...200).map { simulator.course(for: state, regimen: RegimenID(regimen), patient: $0).months }
        #expect(months.allSatisfy { $0 > 0 })
        let mean = months.reduce(0, +) / Double(months.count)
        #expect(mean > 1 && mean < 30, "\(regimen): mean \(mean) months")
        #expect(
            simulator.course(for: state, regimen: RegimenID(regimen), patient: 7)
                == simulator.course(for: state, regimen: RegimenID(regimen), patient: 7))
    }
}
