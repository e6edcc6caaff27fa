import Foundation
import Her2SimCore
import Testing

/// `DrugMentions`: the one definition of a drug named as given, which `lint --paths` and the
/// jsonl story-coherence test share.
@Suite struct DrugMentionsTests {
    static let mentions = DrugMentions(knowledge: TestSupport.knowledge)

    @Test(
        "hedged mentions are not claims that she received the drug",
        arguments: [
            ("If she had received T-DM1, it would have been her third line.", [String]()),
            ("T-DM1 would be the usual next step.", []),
            ("She had no prior T-DXd.", []),
            ("Without tucatinib, the brain is less well covered.", []),
            ("Had she received T-DXd earlier, the choice would differ.", []),
            ("Unless T-DXd is given, ILD is not the worry.", []),
            ("She received T-DM1 for five months.", ["T-DM1"]),
            ("Nine months into the HER2CLIMB regimen, new lesions.", ["HER2CLIMB regimen"]),
            ("On Kadcyla her platelets fell; if T-DXd follows, watch her lungs.", ["kadcyla"]),
        ])
    func hedged(text: String, expected: [String]) {
        #expect(Self.mentions.asserted(in: text).map(\.name) == expected, "\(text)")
    }

    @Test func unreceivedFollowsTheHistoryAndAliases() {
        let text = "After T-DM1 and tucatinib, she is tired."
        #expect(Self.mentions.unreceived(in: text, received: ["thp"]).map(\.name) == ["T-DM1", "tucatinib"])
        #expect(Self.mentions.unreceived(in: text, received: ["kadcyla"]).map(\.name) == ["tucatinib"])
        #expect(Self.mentions.unreceived(in: text, received: ["tdm1", "tucatinib-trastuzumab-capecitabine"]).isEmpty)
        // A drug inside the full name of a regimen she received names that regimen.
        let name = "She received trastuzumab + taxane (weekly paclitaxel or docetaxel) for 2.3 months."
        #expect(Self.mentions.unreceived(in: name, received: ["trastuzumab-taxane"]).isEmpty)
        #expect(Self.mentions.unreceived(in: name, received: ["thp"]).map(\.name) == ["paclitaxel"])
        let offset = try? #require(Self.mentions.asserted(in: text).first?.offset)
        #expect(offset == 6)
    }
}
