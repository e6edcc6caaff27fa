import Foundation
import Her2SimCore
import Her2SimLoading
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
        let top = recommendation.first.regimen.rawValue

        if let allowed = expect["top-in"] as? [String] {
            #expect(allowed.contains(top), "top is \(top), expected one of \(allowed)")
        }
        if let forbidden = expect["top-not-in"] as? [String] {
            #expect(!forbidden.contains(top), "top is \(top), expected none of \(forbidden)")
        }
        for (regimen, tiers) in expect["tier"] as? [String: [String]] ?? [:] {
            let tier = try #require(recommendation.option(for: RegimenID(regimen))?.tier, "no option \(regimen)")
            #expect(tiers.contains(tier.rawValue), "\(regimen) is \(tier.rawValue), expected \(tiers)")
        }
        for (regimen, bound) in expect["at-least"] as? [String: String] ?? [:] {
            let tier = try #require(recommendation.option(for: RegimenID(regimen))?.tier)
            let limit = try #require(Tier(rawValue: bound))
            #expect(tier <= limit, "\(regimen) is \(tier.rawValue), expected \(bound) or better")
        }
        for (regimen, bound) in expect["at-most"] as? [String: String] ?? [:] {
            let tier = try #require(recommendation.option(for: RegimenID(regimen))?.tier)
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

/// Deliverable 3 of issue 12: every preferred or recommended option is explained by a reason
/// about that regimen — its drug, one of its trials or its class — never by text about another.
@Suite("Reasons name their regimen")
struct ReasonsNameTheirRegimenTests {
    static let files = TestSupport.fixtureFiles(in: "vignettes")

    /// Words that identify a regimen in a sentence: its names and aliases, its agents' names,
    /// ids and classes, and its trials.
    static func names(of regimen: Regimen) -> [String] {
        var words = [regimen.id.rawValue, regimen.name] + regimen.aliases + regimen.evidence.trials
        if let short = regimen.name.split(separator: "(").first { words.append(String(short)) }
        for agent in regimen.agents {
            words += [agent.id, agent.name] + agent.classes
            if let short = agent.name.split(separator: "(").first { words.append(String(short)) }
            if let inner = agent.name.split(separator: "(").dropFirst().first?.split(separator: ")").first {
                words.append(String(inner))
            }
        }
        return words.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: " ")
        }
        .filter { $0.count >= 3 && !generic.contains($0) }
    }

    /// Words many regimens share: a reason naming only these is about no regimen in particular.
    static let generic: Set<String> = ["trastuzumab", "chemotherapy", "anti her2 antibody", "adc", "systemic", "tki"]

    static func mentions(_ text: String, _ regimen: Regimen) -> Bool {
        let normalized = text.lowercased().replacingOccurrences(of: "-", with: " ")
        return names(of: regimen).contains { normalized.contains($0) }
    }

    @Test("every preferred or recommended option's first reason names its regimen", arguments: files)
    func firstReasonNamesRegimen(_ url: URL) throws {
        let state = try StateLoader.load(
            TestSupport.text(url), file: url.lastPathComponent, knowledge: TestSupport.knowledge)
        let recommendation = TestSupport.engine.rank(state)
        var checked = 0
        for option in recommendation.options where option.tier <= .recommended {
            let regimen = try #require(TestSupport.knowledge.regimen(option.regimen))
            let first = try #require(option.placingReasons.first, "\(option.regimen) has no reason")
            #expect(
                first.role == .tier, "\(url.lastPathComponent): \(option.regimen)'s first reason is an order modifier")
            #expect(
                Self.mentions(first.text, regimen),
                "\(url.lastPathComponent): \(option.regimen)'s first reason is about something else: \(first.text)")
            checked += 1
        }
        // p07 and p26 (low LVEF) have nothing better than conditional; the others must check something.
        #expect(checked > 0 || ["p07", "p26"].contains { url.lastPathComponent.hasPrefix($0) })
    }

    @Test("the check can fail: another regimen's reason is caught")
    func checkCanFail() throws {
        let tucatinib = try #require(TestSupport.knowledge.regimen(named: "tucatinib-trastuzumab-capecitabine"))
        #expect(!Self.mentions("In DESTINY-Breast03 T-DXd more than quadrupled median PFS over T-DM1", tucatinib))
        #expect(Self.mentions("HER2CLIMB PFS 7.8 vs 5.6 months", tucatinib))
        // Trastuzumab alone does not identify trastuzumab + taxane.
        let taxane = try #require(TestSupport.knowledge.regimen(named: "trastuzumab-taxane"))
        #expect(!Self.mentions("T-DM1 (trastuzumab emtansine) prolonged survival", taxane))
    }
}
