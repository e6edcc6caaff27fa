import Her2SimCore
import Testing

/// One focused test per rule of Scoring/rules.yaml: the rule fires where it should, is cited,
/// and the same patient without its trigger is judged differently.
@Suite("Reference rules")
struct RuleTests {
    typealias S = TestSupport
    let engine = TestSupport.engine

    func option(_ regimen: String, _ state: PatientState) throws -> RankedOption {
        try #require(engine.rank(state).option(for: regimen))
    }

    func cites(_ option: RankedOption, _ rule: String) -> Bool {
        option.placingReasons.contains { $0.rule == rule }
    }

    static let secondLine = TestSupport.progressed("thp")
    static let fourthAfterClimb = TestSupport.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine")

    // MARK: Line of therapy (rule 0)

    @Test func lineCountsMetastaticEntries() {
        #expect(engine.line(of: S.state()) == 1)
        #expect(engine.line(of: S.state(history: Self.fourthAfterClimb)) == 4)
    }

    @Test func earlyRelapseWithinWindowCountsAsFailedFirstLine() {
        let fast = TherapyLine(regimen: "thp", setting: .early, months: 12, stopped: .completed, relapseMonths: 11)
        let late = TherapyLine(regimen: "thp", setting: .early, months: 12, stopped: .completed, relapseMonths: 13)
        #expect(engine.line(of: S.state(history: [fast])) == 2)
        #expect(engine.line(of: S.state(history: [late])) == 1)
        // Without pertuzumab the window is 6 months, not 12.
        let noPertuzumab = TherapyLine(regimen: "trastuzumab-taxane", setting: .early, months: 12, stopped: .completed, relapseMonths: 8)
        #expect(engine.line(of: S.state(history: [noPertuzumab])) == 1)
        #expect(engine.rank(S.state(history: [fast])).option(for: "thp")?.tier == .notRecommended)
        // It keeps counting after metastatic lines follow: early failure + T-DXd = third line.
        #expect(engine.line(of: S.state(history: [fast] + S.progressed("tdxd"))) == 3)
        #expect(engine.line(of: S.state(history: [late] + S.progressed("thp"))) == 2)
    }

    // MARK: Safety

    @Test func lvefAntibody() throws {
        for state in [S.state(lvef: 38, history: Self.secondLine), S.state(lvef: 60, heartFailure: true, history: Self.secondLine)] {
            for regimen in ["tdxd", "tdm1", "thp", "margetuximab-chemotherapy", "tucatinib-trastuzumab-capecitabine"] {
                let judged = try option(regimen, state)
                #expect(judged.tier == .contraindicated, "\(regimen)")
                #expect(cites(judged, "lvef-antibody"))
            }
            #expect(try option("lapatinib-capecitabine", state).tier != .contraindicated)
        }
        #expect(try option("tdxd", S.state(lvef: 40, history: Self.secondLine)).tier != .contraindicated)
    }

    @Test func lvefBorderline() throws {
        let judged = try option("tdxd", S.state(lvef: 45, history: Self.secondLine))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "lvef-borderline"))
        #expect(try option("tdxd", S.state(lvef: 50, history: Self.secondLine)).tier == .preferred)
    }

    @Test func ildTDXd() throws {
        let now = try option("tdxd", S.state(toxicities: [.ild: 2], history: Self.secondLine))
        #expect(now.tier == .contraindicated)
        #expect(cites(now, "ild-tdxd"))
        var stopped = Self.secondLine
        stopped.append(TherapyLine(regimen: "tdm1", months: 3, stopped: .toxicity, toxicity: (.ild, 2)))
        #expect(try option("tdxd-pertuzumab", S.state(history: stopped)).tier == .contraindicated)
    }

    @Test func ildGrade1() throws {
        let judged = try option("tdxd", S.state(toxicities: [.ild: 1], history: Self.secondLine))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "ild-grade1"))
    }

    @Test func dpd() throws {
        for regimen in ["lapatinib-capecitabine", "neratinib-capecitabine", "tucatinib-trastuzumab-capecitabine",
                        "trastuzumab-capecitabine", "pyrotinib-capecitabine"] {
            let judged = try option(regimen, S.state(dpd: true, history: Self.secondLine))
            #expect(judged.tier == .contraindicated, "\(regimen)")
            #expect(cites(judged, "dpd"))
        }
        #expect(try option("tucatinib-trastuzumab-capecitabine", S.state(history: Self.secondLine)).tier == .recommended)
    }

    @Test func handFootSyndrome() throws {
        let judged = try option("tucatinib-trastuzumab-capecitabine", S.state(toxicities: [.handFootSyndrome: 3], history: Self.secondLine))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "hfs"))
        #expect(try option("tucatinib-trastuzumab-capecitabine", S.state(toxicities: [.handFootSyndrome: 2], history: Self.secondLine)).tier == .recommended)
    }

    @Test func neuropathyGrade2() throws {
        let state = S.state(toxicities: [.peripheralNeuropathy: 2])
        let thp = try option("thp", state)
        #expect(thp.tier == .notRecommended)
        #expect(cites(thp, "neuropathy-taxane"))
        #expect(try option("trastuzumab-vinorelbine", state).tier == .conditional)
        #expect(try option("tdxd-pertuzumab", state).tier == .preferred)
        #expect(engine.rank(state).first.regimen == "tdxd-pertuzumab")
    }

    @Test func neuropathyGrade3() throws {
        let state = S.state(toxicities: [.peripheralNeuropathy: 3], history: Self.fourthAfterClimb)
        let taxane = try option("trastuzumab-taxane", state)
        #expect(taxane.tier == .contraindicated)
        #expect(cites(taxane, "neuropathy-taxane-severe"))
        #expect(try option("trastuzumab-eribulin", state).tier == .notRecommended)
        #expect(try option("tdm1", state).tier == .conditional)
    }

    @Test func hepaticSevere() throws {
        let state = S.state(hepatic: .severe, history: Self.fourthAfterClimb)
        let tdm1 = try option("tdm1", state)
        #expect(tdm1.tier == .notRecommended)
        #expect(cites(tdm1, "hepatic-severe"))
        #expect(try option("lapatinib-trastuzumab", state).tier == .conditional)
        #expect(try option("tdm1", S.state(hepatic: .moderate, history: Self.fourthAfterClimb)).tier == .preferred)
    }

    @Test func poorPerformanceStatus() throws {
        let state = S.state(ecog: 3, trial: true, history: Self.fourthAfterClimb)
        let recommendation = engine.rank(state)
        #expect(recommendation.first.regimen == "best-supportive-care")
        #expect(cites(recommendation.first, "poor-ps"))
        #expect(recommendation.option(for: "tdm1")?.tier == .notRecommended)
        #expect(recommendation.option(for: "clinical-trial")?.tier == .notRecommended)
        #expect(recommendation.option(for: "endocrine-her2")?.tier == .recommended)
    }

    // MARK: Do not repeat what failed

    @Test func progressedOn() throws {
        let judged = try option("tdxd", S.state(history: S.progressed("thp", "tdxd")))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "progressed-on"))
        let completed = [TherapyLine(regimen: "tdxd", months: 12, stopped: .completed)]
        #expect(try option("tdxd", S.state(history: S.progressed("thp") + completed)).tier != .notRecommended)
    }

    @Test func progressedOnSameDrug() throws {
        let judged = try option("tdxd-pertuzumab", S.state(history: S.progressed("thp", "tdxd")))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "progressed-on-same-drug"))
        #expect(try option("tdxd", S.state(history: S.progressed("tdxd-pertuzumab"))).tier == .notRecommended)
    }

    @Test func progressedOnSubset() throws {
        let taxane = try option("trastuzumab-taxane", S.state(history: S.progressed("thp")))
        #expect(taxane.tier == .notRecommended)
        #expect(cites(taxane, "progressed-on-subset"))
        let capecitabine = try option("trastuzumab-capecitabine", S.state(history: Self.fourthAfterClimb))
        #expect(capecitabine.tier == .notRecommended)
    }

    @Test func toxicityStop() throws {
        let history = S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 5, stopped: .toxicity, toxicity: (.neutropenia, 3))]
        let judged = try option("tdxd", S.state(history: history))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "toxicity-stop"))
        let mild = S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 5, stopped: .toxicity, toxicity: (.nausea, 2))]
        let afterMild = try option("tdxd", S.state(history: mild))
        #expect(afterMild.tier != .notRecommended)
        #expect(!cites(afterMild, "toxicity-stop"))
    }

    // MARK: Guideline order by line

    @Test func firstLine() throws {
        let recommendation = engine.rank(S.state(receptor: .negative))
        #expect(["thp", "tdxd-pertuzumab"].contains(recommendation.first.regimen))
        #expect(recommendation.option(for: "tdxd-pertuzumab")?.tier == .preferred)
        #expect(cites(recommendation.first, "first-line"))
        #expect(try option("endocrine-her2", S.state(receptor: .positive)).tier == .recommended)
    }

    @Test func secondLine() throws {
        let recommendation = engine.rank(S.state(history: Self.secondLine))
        #expect(recommendation.first.regimen == "tdxd")
        #expect(cites(recommendation.first, "second-line"))
        #expect(recommendation.option(for: "tucatinib-trastuzumab-capecitabine")?.tier == .recommended)
        #expect(recommendation.option(for: "tdm1")?.tier == .conditional)
    }

    @Test func thirdLine() throws {
        let recommendation = engine.rank(S.state(history: S.progressed("thp", "tdxd")))
        #expect(recommendation.first.regimen == "tucatinib-trastuzumab-capecitabine")
        #expect(cites(recommendation.first, "third-line"))
        #expect(recommendation.option(for: "tdm1")?.tier == .recommended)
        // T-DXd not yet received at line 3 (e.g. after THP then T-DM1): preferred too.
        #expect(try option("tdxd", S.state(history: S.progressed("thp", "tdm1"))).tier == .preferred)
    }

    @Test func tdm1AfterHER2CLIMB() throws {
        let recommendation = engine.rank(S.state(history: Self.fourthAfterClimb))
        #expect(recommendation.first.regimen == "tdm1")
        #expect(recommendation.first.tier == .preferred)
        #expect(cites(recommendation.first, "after-her2climb-tdm1"))
        // Without the HER2CLIMB regimen in the history, T-DM1 is not promoted in line 4.
        let noClimb = S.state(history: S.progressed("thp", "tdxd", "lapatinib-capecitabine"))
        #expect(try option("tdm1", noClimb).tier == .conditional)
    }

    @Test func laterLine() throws {
        let state = S.state(history: S.progressed("thp", "tdxd", "tdm1"))
        #expect(try option("tucatinib-trastuzumab-capecitabine", state).tier == .preferred)
        let vinorelbine = try option("trastuzumab-vinorelbine", state)
        #expect(vinorelbine.tier == .recommended)
        #expect(cites(vinorelbine, "later-line"))
    }

    @Test func notListedForLine() throws {
        let judged = try option("lapatinib-trastuzumab", S.state(history: Self.secondLine))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "not-listed-for-line"))
    }

    @Test func trialHeavilyPretreated() throws {
        let recommendation = engine.rank(S.state(trial: true, history: S.progressed("thp", "tdxd")))
        #expect(recommendation.first.regimen == "clinical-trial")
        #expect(recommendation.first.tier == .preferred)
        #expect(cites(recommendation.first, "trial-heavily-pretreated"))
        // Ranked first even against an active-brain promotion.
        let brain = engine.rank(S.state(brain: .active, trial: true, history: S.progressed("thp", "tdxd")))
        #expect(brain.first.regimen == "clinical-trial")
    }

    @Test func trialEarlyLines() throws {
        let judged = try option("clinical-trial", S.state(trial: true, history: Self.secondLine))
        #expect(judged.tier == .recommended)
        #expect(cites(judged, "trial-early-lines"))
    }

    @Test func trialUnavailable() throws {
        let judged = try option("clinical-trial", S.state(history: Self.fourthAfterClimb))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "trial-unavailable"))
    }

    @Test func sequentialTKI() throws {
        let state = S.state(history: Self.fourthAfterClimb)
        let neratinib = try option("neratinib-capecitabine", state)
        #expect(neratinib.tier == .conditional)
        #expect(cites(neratinib, "sequential-tki"))
        let noTucatinib = S.state(history: S.progressed("thp", "tdxd", "tdm1"))
        #expect(try option("neratinib-capecitabine", noTucatinib).tier == .recommended)
    }

    @Test func margetuximabIsAtMostRecommendedAndLastInItsTier() throws {
        let recommendation = engine.rank(S.state(history: S.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1")))
        let margetuximab = try #require(recommendation.option(for: "margetuximab-chemotherapy"))
        #expect(margetuximab.tier == .recommended)
        #expect(cites(margetuximab, "margetuximab"))
        let lastRecommended = recommendation.options.last { $0.tier == .recommended }
        #expect(lastRecommended?.regimen == "margetuximab-chemotherapy")
    }

    @Test func pyrotinib() throws {
        let judged = try option("pyrotinib-capecitabine", S.state(history: S.progressed("thp", "tdxd")))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "pyrotinib"))
    }

    @Test func endocrineByReceptor() throws {
        let positive = try option("endocrine-her2", S.state(receptor: .positive, history: Self.secondLine))
        #expect(positive.tier == .recommended)
        #expect(cites(positive, "endocrine-hr-positive"))
        let negative = try option("endocrine-her2", S.state(receptor: .negative, history: Self.secondLine))
        #expect(negative.tier == .notRecommended)
        #expect(cites(negative, "endocrine-hr-negative"))
    }

    @Test func bestSupportiveCareWhenFit() throws {
        let judged = try option("best-supportive-care", S.state(ecog: 2, history: Self.fourthAfterClimb))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "best-supportive-care"))
        // Never unsafe, whatever else is wrong.
        let sick = S.state(ecog: 4, lvef: 30, heartFailure: true, dpd: true, hepatic: .severe)
        #expect(try option("best-supportive-care", sick).tier == .preferred)
    }

    // MARK: Modifiers

    @Test func brainActive() throws {
        let recommendation = engine.rank(S.state(brain: .active, history: Self.secondLine))
        let tucatinib = try #require(recommendation.option(for: "tucatinib-trastuzumab-capecitabine"))
        #expect(tucatinib.tier == .preferred)
        #expect(cites(tucatinib, "brain-active"))
        #expect(recommendation.options.prefix(2).map(\.regimen).sorted() == ["tdxd", "tucatinib-trastuzumab-capecitabine"])
        // T-DXd already given (stopped, not progressed): the tucatinib regimen goes first.
        let given = S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 10, stopped: .preference)]
        #expect(engine.rank(S.state(brain: .active, history: given)).first.regimen == "tucatinib-trastuzumab-capecitabine")
    }

    @Test func evidenceOrdersWithinTier() {
        // Line 1: THP (OS benefit, CLEOPATRA) before T-DXd + pertuzumab (PFS benefit, OS immature).
        let recommendation = engine.rank(S.state(receptor: .negative))
        #expect(recommendation.options.map(\.regimen).prefix(2) == ["thp", "tdxd-pertuzumab"])
        #expect(TestSupport.knowledge.rule("evidence")?.ordersByEvidence == true)
    }

    @Test func preferOral() throws {
        let state = S.state(preferences: [.oral], history: S.progressed("thp", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine"))
        let plain = engine.rank(S.state(history: state.history))
        let oral = engine.rank(state)
        let firstRecommended = try #require(oral.options.first { $0.tier == .recommended })
        #expect(TestSupport.knowledge.regimen(named: firstRecommended.regimen)?.route == .oral
            || oral.options.first { $0.tier == .conditional && cites($0, "pref-oral") } != nil)
        #expect(oral.options.contains { cites($0, "pref-oral") })
        #expect(oral.options.map(\.regimen) != plain.options.map(\.regimen))
    }

    @Test func avoidAlopecia() throws {
        let state = S.state(receptor: .negative, preferences: [.avoidAlopecia])
        let recommendation = engine.rank(state)
        // Both first-line regimens cause alopecia; the order within preferred is unchanged, but
        // T-DXd + pertuzumab carries the modifier.
        #expect(recommendation.option(for: "tdxd-pertuzumab").map { cites($0, "pref-alopecia") } == true)
        let later = engine.rank(S.state(preferences: [.avoidAlopecia], history: S.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1")))
        let recommended = later.options.filter { $0.tier == .recommended }.map(\.regimen)
        let eribulin = try #require(recommended.firstIndex(of: "trastuzumab-eribulin"))
        let gemcitabine = try #require(recommended.firstIndex(of: "trastuzumab-gemcitabine"))
        #expect(eribulin > gemcitabine)
    }

    @Test func chemotherapyFree() throws {
        let state = S.state(preferences: [.chemotherapyFree], history: S.progressed("thp", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine"))
        let recommendation = engine.rank(state)
        let firstRecommended = recommendation.options.first { $0.tier == .recommended }
        #expect(["endocrine-her2", "lapatinib-trastuzumab"].contains(firstRecommended?.regimen ?? ""))
        #expect(firstRecommended.map { cites($0, "pref-chemo-free") } == true)
    }

    @Test func fewerVisits() throws {
        let history = S.progressed("thp", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine")
        let recommendation = engine.rank(S.state(receptor: .negative, preferences: [.fewerVisits], history: history))
        let recommended = recommendation.options.filter { $0.tier == .recommended }
        let weekly = recommended.filter { TestSupport.knowledge.regimen(named: $0.regimen)?.visits == .weekly }
        let lastNonWeekly = try #require(recommended.lastIndex { TestSupport.knowledge.regimen(named: $0.regimen)?.visits != .weekly })
        let firstWeekly = try #require(recommended.firstIndex { TestSupport.knowledge.regimen(named: $0.regimen)?.visits == .weekly })
        #expect(!weekly.isEmpty)
        #expect(lastNonWeekly < firstWeekly)
        #expect(weekly.allSatisfy { cites($0, "pref-visits") })
    }

    /// Every rule of Scoring/rules.yaml is exercised above: a new rule needs a new test.
    @Test func everyRuleIsCitedSomewhere() {
        let tested: Set<String> = [
            "lvef-antibody", "lvef-borderline", "ild-tdxd", "ild-grade1", "dpd", "hfs", "neuropathy-taxane",
            "neuropathy-taxane-severe", "hepatic-severe", "poor-ps", "progressed-on", "progressed-on-same-drug",
            "progressed-on-subset", "toxicity-stop", "first-line", "second-line", "third-line",
            "after-her2climb-tdm1", "later-line", "not-listed-for-line", "trial-heavily-pretreated",
            "trial-early-lines", "trial-unavailable", "sequential-tki", "margetuximab", "pyrotinib",
            "endocrine-hr-positive", "endocrine-hr-negative", "best-supportive-care", "brain-active", "evidence",
            "pref-oral", "pref-alopecia", "pref-chemo-free", "pref-visits",
        ]
        #expect(Set(TestSupport.knowledge.rules.map(\.id)) == tested)
    }
}
