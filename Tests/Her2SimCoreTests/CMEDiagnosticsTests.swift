import Foundation
import Her2SimCore
import Her2SimLoading
import Testing

/// `cme.yaml` and `Scoring/approvals.yaml`: located diagnostics with a did-you-mean, the way
/// case files are checked, and the shipped example loading clean.
@Suite("CME activity and approval files: diagnostics")
struct CMEDiagnosticsTests {
    static let regions = ["US", "EU", "CN"]
    static let example = TestSupport.repositoryRoot.appendingPathComponent("Examples/cme.yaml")

    /// A minimal valid activity; tests replace one line at a time.
    static let valid = """
        title: Case simulations
        provider: Example Provider (fictional)
        accreditation: Example Provider is accredited by the ACCME.
        credit-designation: Example Provider designates this enduring material for a maximum of 1.5 AMA PRA Category 1 Credits.
        credit-hours: 1.5
        practice-region: US
        target-audience: oncology fellows
        release-date: 2026-12-01
        expiry-date: 2028-11-30
        commercial-support: None
        faculty:
          - name: A. Person
            role: author
            disclosures: none
        evaluation:
          - The activity met its objectives.

        """

    static func load(_ text: String, fingerprint: KnowledgeFingerprint? = nil) -> CMELoader.Result {
        CMELoader.load(text, file: "cme.yaml", regions: regions, fingerprint: fingerprint)
    }

    static func rendered(_ result: CMELoader.Result) -> [String] {
        result.diagnostics.map { diagnostic in
            (diagnostic.location.map { "\($0.line):\($0.column): " } ?? "")
                + "\(diagnostic.severity.rawValue): \(diagnostic.message)"
        }
    }

    static func replacing(_ old: String, with new: String) -> String {
        precondition(valid.contains(old), old)
        return valid.replacingOccurrences(of: old, with: new)
    }

    @Test("the fixture and Examples/cme.yaml load without errors or warnings")
    func cleanFiles() throws {
        let fixture = Self.load(Self.valid)
        #expect(fixture.diagnostics.isEmpty, "\(Self.rendered(fixture))")
        #expect(fixture.activity?.creditHours == 1.5)
        #expect(fixture.activity?.evaluation.first?.kind == .likert)
        let example = CMELoader.load(contentsOf: Self.example, displayName: "Examples/cme.yaml", regions: Self.regions)
        #expect(example.diagnostics.isEmpty, "\(Self.rendered(example))")
        let activity = try #require(example.activity)
        #expect(
            activity.faculty.count >= 2 && activity.faculty.contains { !$0.disclosures.isEmpty && $0.mitigation != nil }
        )
        #expect(
            activity.faculty.allSatisfy { ($0.affiliation ?? "").contains("fictional") },
            "example faculty are clearly fictional")
        #expect(!activity.objectives.isEmpty && !activity.evaluation.isEmpty)
    }

    @Test("a misspelt key is located and gets a did-you-mean")
    func unknownKey() {
        let result = Self.load(Self.replacing("target-audience:", with: "target-audiance:"))
        #expect(
            Self.rendered(result) == [
                "7:1: error: unknown key 'target-audiance' in the CME activity (did you mean 'target-audience'?); expected one of: "
                    + "title, format, provider, accreditation, credit-designation, credit-hours, practice-region, target-audience, "
                    + "release-date, expiry-date, review-date, method-of-participation, passing-score, commercial-support, faculty, "
                    + "objectives, evaluation, contact, knowledge-base"
            ])
        #expect(result.activity == nil)
    }

    @Test("an unknown practice region suggests the nearest one")
    func region() {
        let result = Self.load(Self.replacing("practice-region: US", with: "practice-region: UK"))
        #expect(
            Self.rendered(result).first?.hasPrefix("6:18: error: unknown practice region 'UK'") == true,
            "\(Self.rendered(result))")
        let near = Self.load(Self.replacing("practice-region: US", with: "practice-region: EV"))
        #expect(Self.rendered(near) == ["6:18: error: unknown practice region 'EV' (did you mean 'EU'?)"])
    }

    @Test("dates: the format, expiry after release, and the three-year rule")
    func dates() {
        #expect(
            Self.rendered(Self.load(Self.replacing("release-date: 2026-12-01", with: "release-date: 2026-13-01")))
                == ["8:15: error: expected the release date as YYYY-MM-DD (e.g. 2026-12-01), found '2026-13-01'"])
        #expect(
            Self.rendered(Self.load(Self.replacing("expiry-date: 2028-11-30", with: "expiry-date: 2026-11-30")))
                == ["9:14: error: the expiry date 2026-11-30 is not after the release date 2026-12-01"])
        let late = Self.load(Self.replacing("expiry-date: 2028-11-30", with: "expiry-date: 2030-01-01"))
        #expect(
            Self.rendered(late) == [
                "9:14: warning: enduring material usually expires within 3 years of release (by 2029-12-01); found 2030-01-01"
            ])
        #expect(late.activity != nil, "a warning does not make the file unusable")
    }

    @Test("disclosures: 'none' or a list, and a relationship needs its mitigation")
    func disclosures() {
        let unmitigated = Self.load(
            Self.replacing(
                "    disclosures: none",
                with: """
                        disclosures:
                          - company: Pharma (fictional)
                            relationship: speaker
                    """))
        #expect(
            Self.rendered(unmitigated) == [
                "14:5: error: A. Person discloses relationships: say how they were mitigated under 'mitigation'"
            ])
        let missing = Self.load(Self.replacing("    disclosures: none\n", with: ""))
        #expect(
            Self.rendered(missing) == [
                "12:5: error: a faculty member is missing 'disclosures' (write 'none' when there are no relevant financial relationships)"
            ])
        let word = Self.load(Self.replacing("disclosures: none", with: "disclosures: nothing"))
        #expect(
            Self.rendered(word) == [
                "14:18: error: expected 'none' or a list of {company, relationship}, found 'nothing'"
            ])
        let typo = Self.load(Self.replacing("    role: author", with: "    rolle: author"))
        #expect(
            Self.rendered(typo).contains {
                $0.hasPrefix("13:5: error: unknown key 'rolle' in a faculty member (did you mean 'role'?)")
            }, "\(Self.rendered(typo))")
    }

    @Test("credit, objectives, evaluation kinds and a stale knowledge base are flagged")
    func warnings() {
        #expect(
            Self.rendered(Self.load(Self.replacing("credit-hours: 1.5", with: "credit-hours: 1.3")))
                == [
                    "5:15: warning: credit is usually designated in quarter hours (0.25, 0.5, 0.75…); found 1.3",
                    "4:21: warning: the credit designation does not mention the 1.3 credit hours of 'credit-hours'",
                ])
        let vague = Self.load(Self.valid + "objectives:\n  - Understand HER2 biology.\n")
        #expect(
            Self.rendered(vague).first?.hasPrefix("18:5: warning: 'understand' cannot be measured") == true,
            "\(Self.rendered(vague))")
        let kind = Self.load(
            Self.replacing("  - The activity met its objectives.", with: "  - question: Bias?\n    kind: likret"))
        #expect(
            Self.rendered(kind) == [
                "17:11: error: unknown question kind 'likret' (did you mean 'likert'?); expected one of: likert, yes-no, free-text"
            ])
        let fingerprint = KnowledgeFingerprint(sha256: String(repeating: "ab", count: 32), files: ["rules.yaml"])
        let stale = Self.load(Self.valid + "knowledge-base: 0123456789ab\n", fingerprint: fingerprint)
        #expect(
            Self.rendered(stale) == [
                "17:17: warning: the knowledge base changed since this activity was reviewed (reviewed 0123456789ab, now ababababab ab)"
                    .replacingOccurrences(of: "ababababab ab", with: "abababababab")
                    + "; re-review the content and update 'knowledge-base'"
            ])
        #expect(Self.load(Self.valid + "knowledge-base: abababababab\n", fingerprint: fingerprint).diagnostics.isEmpty)
    }

    @Test("a blank statement and a missing one are errors at their place")
    func missing() {
        #expect(
            Self.rendered(Self.load(Self.replacing("commercial-support: None", with: "commercial-support: ' '")))
                == ["10:21: error: the commercial support statement is blank"])
        let result = Self.load(
            Self.replacing("accreditation: Example Provider is accredited by the ACCME.\n", with: ""))
        #expect(Self.rendered(result) == ["1:1: error: the CME activity is missing required key 'accreditation'"])
    }

    @Test("approvals.yaml: unknown regimens and regions get a did-you-mean; a regimen without an entry is a warning")
    func approvals() throws {
        let text = """
            regions:
              - id: US
                name: United States (FDA)
            approvals:
              - regimen: tdxdd
                approved-in: [US]
              - regimen: tdm1
                approved-in: [UX]

            """
        do {
            _ = try ApprovalsLoader.load(
                KnowledgeSources.File(name: "approvals.yaml", text: text), knowledge: TestSupport.knowledge)
            Issue.record("bad approvals loaded")
        } catch {
            let messages = error.diagnostics.map(\.description)
            #expect(
                messages.contains("approvals.yaml:5:14: error: unknown regimen 'tdxdd' (did you mean 'tdxd'?)"),
                "\(messages)")
            #expect(
                messages.contains("approvals.yaml:8:19: error: unknown region 'UX' (did you mean 'US'?)"), "\(messages)"
            )
        }
        let shipped = try #require(
            try ApprovalsLoader.load(
                directory: TestSupport.repositoryRoot.appendingPathComponent("Scoring"),
                displayPrefix: "Scoring/", knowledge: TestSupport.knowledge))
        #expect(shipped.table.regions.map(\.id) == Self.regions)
        let unlisted = TestSupport.knowledge.regimenIDs.filter { shipped.table.approval(for: $0.rawValue) == nil }
        #expect(unlisted.isEmpty, "add these regimens to Scoring/approvals.yaml (off-label notes): \(unlisted)")
        #expect(shipped.warnings.isEmpty, "\(shipped.warnings.map(\.description))")
        let partial = try ApprovalsLoader.load(
            KnowledgeSources.File(
                name: "approvals.yaml",
                text: """
                    regions: [{id: US, name: United States}]
                    approvals:
                      - regimen: tdm1
                        approved-in: [US]

                    """), knowledge: TestSupport.knowledge)
        let missing = TestSupport.knowledge.regimenIDs.filter { $0 != "tdm1" }
        #expect(partial.warnings.count == missing.count)
        #expect(
            partial.warnings.first?.description
                == "approvals.yaml:3:3: warning: regimen '\(missing[0])' has no approval entry; exports will say its approval status is not recorded"
        )
        #expect(
            partial.table.offLabelNote(for: missing[0].rawValue, region: "US")?.text.contains("not recorded") == true)
    }
}
