import Testing

@testable import Her2SimCore

/// `her2sim calibrate --holdout`: the leave-one-trial-out check through the Core API.
@Suite("Simulation: leave-one-trial-out")
struct SimulationHoldoutTests {
    let simulator = SimulationFixture.simulator

    /// Holding out a trial removes its arms from the fit and predicts each of them from the
    /// regimen's other trials, moved to the held-out line.
    @Test func holdingOutATrialRemovesItsArmsAndPredictsThem() throws {
        let result = simulator.holdout(trial: "DESTINY-Breast02")
        #expect(result.heldOut == ["DESTINY-Breast02"])
        #expect(
            result.predictions.map(\.arm.id)
                == simulator.calibrationArms.filter { $0.trial == "DESTINY-Breast02" }.map(\.id))
        let tdxd = try #require(result.predictions.first { $0.arm.regimen == "tdxd" })
        #expect(tdxd.published == 17.8)
        #expect(!tdxd.contributions.isEmpty)
        #expect(tdxd.contributions.allSatisfy { $0.trial != "DESTINY-Breast02" })
        #expect(Set(tdxd.contributions.map(\.trial)).isSuperset(of: ["DESTINY-Breast03", "DESTINY-Breast01"]))
        // The second-line arm is moved to the third line: a shorter median than its own.
        let db03 = try #require(tdxd.contributions.first { $0.trial == "DESTINY-Breast03" })
        #expect(db03.hazardRatio == simulator.model.lineOfTherapy.hazardRatioPerLine)
        #expect(db03.adjustedMedian < db03.median)
        // The prediction is not the held-out arm's own fit.
        let predicted = try #require(tdxd.predicted)
        #expect(predicted != 17.8)
        #expect(abs(try #require(tdxd.relativeError)) < 0.2)
    }

    /// A subgroup reporting the same patients is held out with its trial.
    @Test func aSubgroupIsHeldOutWithItsTrial() throws {
        let result = simulator.holdout(trial: "HER2CLIMB")
        #expect(result.heldOut == ["HER2CLIMB", "HER2CLIMB-BM"])
        let control = try #require(result.predictions.first { $0.arm.regimen == "trastuzumab-capecitabine" })
        #expect(Set(control.contributions.map(\.trial)) == ["GBG-26", "PHEREXA"])
        // …and the subgroup held out holds out its trial: no arm of HER2CLIMB predicts HER2CLIMB-BM.
        let subgroup = simulator.holdout(trial: "HER2CLIMB-BM")
        #expect(subgroup.heldOut == ["HER2CLIMB-BM", "HER2CLIMB"])
        #expect(subgroup.predictions.allSatisfy { $0.arm.trial == "HER2CLIMB-BM" })
        #expect(subgroup.predictions.flatMap(\.contributions).allSatisfy { !$0.trial.hasPrefix("HER2CLIMB") })
        // Tucatinib + trastuzumab + capecitabine has no arm outside HER2CLIMB: not predicted.
        let tucatinib = try #require(
            result.predictions.first { $0.arm.regimen == "tucatinib-trastuzumab-capecitabine" })
        #expect(tucatinib.predicted == nil && tucatinib.contributions.isEmpty)
    }

    /// The five arms, each predicted within 20 % (NALA on its 12-month PFS).
    @Test(arguments: [
        ("DESTINY-Breast02", "tdxd"), ("TH3RESA", "tdm1"), ("HER2CLIMB", "trastuzumab-capecitabine"),
        ("NALA", "lapatinib-capecitabine"), ("PHOEBE", "lapatinib-capecitabine"),
    ])
    func predictionIsWithin20Percent(_ trial: String, _ regimen: String) throws {
        let prediction = try #require(simulator.holdout(trial: trial).predictions.first { $0.arm.regimen == regimen })
        let error = try #require(prediction.relativeError)
        #expect(
            abs(error) < 0.2,
            "\(trial) \(regimen): published \(prediction.published), predicted \(prediction.predicted ?? .nan)")
    }

    /// Analytic: the same answer every time.
    @Test func holdoutIsDeterministic() {
        let a = simulator.holdout(trial: "NALA").predictions.map(\.predicted)
        let b = simulator.holdout(trial: "NALA").predictions.map(\.predicted)
        #expect(a == b)
    }
}
