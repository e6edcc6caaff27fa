import Foundation
import Her2SimCore
import Testing
import Yams

/// Every reference vignette (copied from ../shared/clinical/vignettes) through the engine.
@Suite("Reference vignettes")
struct VignetteTests {
    static let files = TestSupport.fixtureFiles(in: "vignettes")

    @Test("there are 32 vignettes to check")
    func vignettesArePresent() {
        #expect(Self.files.count == 32)
    }

    @Test("vignette expectations hold", arguments: files)
    func vignette(_ url: URL) throws {
        let text = TestSupport.text(url)
        let state = try StateLoader.load(text, file: url.lastPathComponent, knowledge: TestSupport.knowledge)
        let recommendation = TestSupport.engine.rank(state)
        let expectations = try #require(try Yams.load(yaml: text) as? [String: Any])["expect"] as? [String: Any]
        let expect = try #require(expectations, "\(url.lastPathComponent) has no expect block")
        #expect(!expect.isEmpty)
        let top = recommendation.first.regimen

        if let allowed = expect["top-in"] as? [String] {
            #expect(allowed.contains(top), "top is \(top), expected one of \(allowed)")
        }
        if let forbidden = expect["top-not-in"] as? [String] {
            #expect(!forbidden.contains(top), "top is \(top), expected none of \(forbidden)")
        }
        for (regimen, tiers) in expect["tier"] as? [String: [String]] ?? [:] {
            let tier = try #require(recommendation.option(for: regimen)?.tier, "no option \(regimen)")
            #expect(tiers.contains(tier.rawValue), "\(regimen) is \(tier.rawValue), expected \(tiers)")
        }
        for (regimen, bound) in expect["at-least"] as? [String: String] ?? [:] {
            let tier = try #require(recommendation.option(for: regimen)?.tier)
            let limit = try #require(Tier(rawValue: bound))
            #expect(tier <= limit, "\(regimen) is \(tier.rawValue), expected \(bound) or better")
        }
        for (regimen, bound) in expect["at-most"] as? [String: String] ?? [:] {
            let tier = try #require(recommendation.option(for: regimen)?.tier)
            let limit = try #require(Tier(rawValue: bound))
            #expect(tier >= limit, "\(regimen) is \(tier.rawValue), expected \(bound) or worse")
        }
    }

    @Test("p04: T-DM1 first as preferred, citing HER2CLIMB and the expert panel")
    func afterHER2CLIMB() throws {
        let url = try #require(Self.files.first { $0.lastPathComponent.hasPrefix("p04") })
        let state = try StateLoader.load(TestSupport.text(url), file: "p04", knowledge: TestSupport.knowledge)
        let first = TestSupport.engine.rank(state).first
        #expect(first.regimen == "tdm1")
        #expect(first.tier == .preferred)
        let sources = Set(first.placingReasons.flatMap(\.sources))
        #expect(sources.contains("HER2CLIMB"))
        #expect(sources.contains("EXPERT-PANEL-2025"))
        #expect(first.placingReasons.contains { $0.rule == "after-her2climb-tdm1" })
    }
}
