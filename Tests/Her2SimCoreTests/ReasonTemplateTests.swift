import Foundation
import Testing

@testable import Her2SimCore

/// `{unused: …}` in a rule's reason names only what she has not had (issue 13, X9).
@Suite("Engine: reasons that follow her history")
struct ReasonTemplateTests {
    @Test("items carried by a received regimen's tags are dropped; none left says so")
    func fill() {
        let text = "A partner not yet used ({unused: taxane, capecitabine, vinorelbine}): more."
        #expect(
            ReasonTemplate.fill(text, received: ["taxane", "trastuzumab"])
                == "A partner not yet used (capecitabine, vinorelbine): more.")
        #expect(
            ReasonTemplate.fill(text, received: ["taxane", "capecitabine", "vinorelbine"])
                == "A partner not yet used (none left): more.")
        #expect(ReasonTemplate.fill("No template here.", received: []) == nil)
    }

    @Test("every {unused: …} item in rules.yaml is a tag some regimen carries")
    func itemsAreKnownTags() {
        let tags = Set(TestSupport.knowledge.regimens.flatMap(\.tags))
        var items: [String] = []
        for rule in TestSupport.knowledge.rules {
            for effect in rule.effects {
                let texts = [effect.reason?.text].compactMap { $0 } + effect.regimenReasons.values.map(\.text)
                items += texts.flatMap(ReasonTemplate.items(in:))
            }
        }
        #expect(!items.isEmpty)
        #expect(items.allSatisfy(tags.contains), "\(items.filter { !tags.contains($0) })")
    }

    @Test("after THP and the HER2CLIMB regimen the later-line reason names only unused partners")
    func laterLineNamesUnusedPartners() throws {
        let history = TestSupport.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1")
        let state = TestSupport.state(history: history)
        let ranking = TestSupport.engine.rank(state)
        let option = try #require(ranking.option(for: "trastuzumab-vinorelbine"))
        let reason = try #require(option.placingReasons.first { $0.rule == "later-line" })
        #expect(reason.text.hasSuffix("partners not yet used: vinorelbine, eribulin, gemcitabine."), "\(reason.text)")
        #expect(!reason.text.contains("taxane") && !reason.text.contains("capecitabine") && !reason.text.contains("{"))
        #expect(reason.text.hasPrefix("Trastuzumab + vinorelbine"))
        // Before any partner was used, all five are named.
        let unused = TestSupport.progressed("tdxd-pertuzumab", "tdxd", "tdm1")
        let fresh = TestSupport.engine.rank(TestSupport.state(history: unused))
        let eribulin = fresh.option(for: "trastuzumab-eribulin")?.placingReasons.first { $0.rule == "later-line" }
        let first = try #require(eribulin)
        #expect(
            first.text.hasSuffix("used: taxane, capecitabine, vinorelbine, eribulin, gemcitabine."),
            "\(first.text)")
    }
}
