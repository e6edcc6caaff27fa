import Her2SimCore
import Testing

/// One focused test per rule of Scoring/rules.yaml: the rule fires where it should, is cited,
/// and the same patient without its trigger is judged differently.
@Suite("Reference rules")
struct RuleTests {
    typealias S = TestSupport
    let engine = TestSupport.engine

    func option(_ regimen: RegimenID, _ state: PatientState) throws -> RankedOption {
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
        let noPertuzumab = TherapyLine(
            regimen: "trastuzumab-taxane", setting: .early, months: 12, stopped: .completed, relapseMonths: 8)
        #expect(engine.line(of: S.state(history: [noPertuzumab])) == 1)
        #expect(engine.rank(S.state(history: [fast])).option(for: "thp")?.tier == .notRecommended)
        // It keeps counting after metastatic lines follow: early failure + T-DXd = third line.
        #expect(engine.line(of: S.state(history: [fast] + S.progressed("tdxd"))) == 3)
        #expect(engine.line(of: S.state(history: [late] + S.progressed("thp"))) == 2)
    }

    // MARK: Safety

    @Test func lvefAntibody() throws {
        for state in [
            S.state(lvef: 38, history: Self.secondLine),
            S.state(lvef: 60, heartFailure: true, history: Self.secondLine),
        ] {
            for regimen: RegimenID in [
                "tdxd", "tdm1", "thp", "margetuximab-chemotherapy", "tucatinib-trastuzumab-capecitabine",
            ] {
                let judged = try option(regimen, state)
                #expect(judged.tier == .contraindicated, "\(regimen)")
                #expect(cites(judged, "lvef-antibody"))
            }
            // Version 2: lapatinib joins the LVEF rules; neratinib and pyrotinib are conditional.
            #expect(try option("lapatinib-capecitabine", state).tier == .contraindicated)
            #expect(try option("neratinib-capecitabine", state).tier == .conditional)
            #expect(try option("pyrotinib-capecitabine", state).tier == .conditional)
        }
        #expect(try option("tdxd", S.state(lvef: 40, history: Self.secondLine)).tier != .contraindicated)
    }

    @Test func lvefBorderline() throws {
        let judged = try option("tdxd", S.state(lvef: 45, history: Self.secondLine))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "lvef-borderline"))
        #expect(try option("tdxd", S.state(lvef: 50, history: Self.secondLine)).tier == .preferred)
        // Lapatinib starts only with a normal LVEF; the other TKIs' trials required ≥ 50%.
        let later = S.state(lvef: 45, history: S.progressed("thp", "tdxd", "tdm1"))
        #expect(try option("lapatinib-capecitabine", later).tier == .notRecommended)
        #expect(try option("neratinib-capecitabine", later).tier == .conditional)
        #expect(try option("neratinib-capecitabine", S.state(history: later.history)).tier == .recommended)
    }

    @Test func ildTDXd() throws {
        let now = try option("tdxd", S.state(toxicities: [.ild: 2], history: Self.secondLine))
        #expect(now.tier == .contraindicated)
        #expect(cites(now, "ild-tdxd"))
        var stopped = Self.secondLine
        stopped.append(TherapyLine(regimen: "tdxd", months: 3, stopped: .toxicity, toxicity: (.ild, 2)))
        let after = try option("tdxd-pertuzumab", S.state(history: stopped))
        #expect(after.tier == .contraindicated)
        #expect(cites(after, "ild-tdxd"))
    }

    @Test func ildOtherHistory() throws {
        var stopped = Self.secondLine
        stopped.append(TherapyLine(regimen: "tdm1", months: 3, stopped: .toxicity, toxicity: (.ild, 2)))
        let judged = try option("tdxd", S.state(history: stopped))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "ild-other-history"))
        #expect(!cites(judged, "ild-tdxd"))
        // Grade 1 ILD on another drug is not enough.
        var mild = Self.secondLine
        mild.append(TherapyLine(regimen: "tdm1", months: 3, stopped: .toxicity, toxicity: (.ild, 1)))
        #expect(try !cites(option("tdxd", S.state(history: mild)), "ild-other-history"))
    }

    @Test func ildTDM1() throws {
        let now = try option("tdm1", S.state(toxicities: [.ild: 1], history: Self.fourthAfterClimb))
        #expect(now.tier == .notRecommended)
        #expect(cites(now, "ild-tdm1"))
        let stoppedOnTDM1 =
            Self.fourthAfterClimb + [TherapyLine(regimen: "tdm1", months: 2, stopped: .toxicity, toxicity: (.ild, 1))]
        #expect(try option("tdm1", S.state(history: stoppedOnTDM1)).tier == .contraindicated)
        let onOther =
            S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 4, stopped: .toxicity, toxicity: (.ild, 2))]
            + S.progressed("tucatinib-trastuzumab-capecitabine")
        let judged = try option("tdm1", S.state(history: onOther))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "ild-tdm1"))
        #expect(try option("tdm1", S.state(history: Self.fourthAfterClimb)).tier == .preferred)
    }

    @Test func ildGrade1() throws {
        let judged = try option("tdxd", S.state(toxicities: [.ild: 1], history: Self.secondLine))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "ild-grade1"))
        #expect(try option("tdxd-pertuzumab", S.state(toxicities: [.ild: 1])).tier == .notRecommended)
    }

    @Test func dpd() throws {
        for regimen: RegimenID in [
            "lapatinib-capecitabine", "neratinib-capecitabine", "tucatinib-trastuzumab-capecitabine",
            "trastuzumab-capecitabine", "pyrotinib-capecitabine",
        ] {
            let judged = try option(regimen, S.state(dpd: .complete, history: Self.secondLine))
            #expect(judged.tier == .contraindicated, "\(regimen)")
            #expect(cites(judged, "dpd"))
        }
        #expect(
            try option("tucatinib-trastuzumab-capecitabine", S.state(history: Self.secondLine)).tier == .recommended)
        // Chemotherapy alone is not a capecitabine regimen by tag: it stays available, with a note.
        let alone = try option("chemotherapy-alone", S.state(dpd: .complete, history: Self.secondLine))
        #expect(alone.tier != .contraindicated)
        #expect(alone.reasons.contains { $0.rule == "dpd" && $0.role == .order && $0.text.contains("eribulin") })
    }

    @Test func dpdPartial() throws {
        let judged = try option("tucatinib-trastuzumab-capecitabine", S.state(dpd: .partial, history: Self.secondLine))
        #expect(judged.tier == .recommended)
        #expect(cites(judged, "dpd-partial"))
        #expect(judged.placingReasons.first?.rule == "second-line")
        #expect(judged.reasons.contains { $0.rule == "dpd-partial" && $0.text.contains("25–50%") })
        #expect(
            try !cites(option("tucatinib-trastuzumab-capecitabine", S.state(history: Self.secondLine)), "dpd-partial"))
    }

    @Test func thrombocytopenia() throws {
        let grade2 = S.state(toxicities: [.thrombocytopenia: 2], history: Self.fourthAfterClimb)
        let tdm1 = try option("tdm1", grade2)
        #expect(tdm1.tier == .conditional)
        #expect(cites(tdm1, "thrombocytopenia"))
        let grade3 = S.state(toxicities: [.thrombocytopenia: 3], history: S.progressed("thp"))
        #expect(try option("tdxd", grade3).tier == .notRecommended)
        #expect(try option("tdm1", grade3).tier == .notRecommended)
        #expect(
            try option("tdxd", S.state(toxicities: [.thrombocytopenia: 2], history: S.progressed("thp"))).tier
                == .preferred)
    }

    @Test func handFootSyndrome() throws {
        let judged = try option(
            "tucatinib-trastuzumab-capecitabine", S.state(toxicities: [.handFootSyndrome: 3], history: Self.secondLine))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "hfs"))
        // Version 2: from grade 2 (the capecitabine label holds it at grade 2).
        #expect(
            try option(
                "tucatinib-trastuzumab-capecitabine",
                S.state(toxicities: [.handFootSyndrome: 2], history: Self.secondLine)
            ).tier == .notRecommended)
        #expect(
            try option(
                "tucatinib-trastuzumab-capecitabine",
                S.state(toxicities: [.handFootSyndrome: 1], history: Self.secondLine)
            ).tier == .recommended)
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
        #expect(try option("tdm1", state).tier == .notRecommended)
    }

    @Test func hepaticSevere() throws {
        let state = S.state(hepatic: .severe, history: Self.fourthAfterClimb)
        let tdm1 = try option("tdm1", state)
        #expect(tdm1.tier == .notRecommended)
        #expect(cites(tdm1, "hepatic-severe"))
        #expect(try option("lapatinib-trastuzumab", state).tier == .conditional)
        #expect(try option("tdm1", S.state(hepatic: .moderate, history: Self.fourthAfterClimb)).tier == .preferred)
        let first = S.state(hepatic: .severe)
        #expect(try option("thp", first).tier == .contraindicated)
        #expect(try option("tdxd-pertuzumab", first).tier == .notRecommended)
        #expect(try option("best-supportive-care", S.state(ecog: 1, hepatic: .severe)).tier == .recommended)
    }

    @Test func hepaticModerate() throws {
        let state = S.state(hepatic: .moderate)
        let thp = try option("thp", state)
        #expect(thp.tier == .contraindicated)
        #expect(cites(thp, "hepatic-moderate"))
        #expect(thp.reasons.first?.text.contains("Docetaxel") == true)
        #expect(try option("tdxd-pertuzumab", state).tier == .conditional)
        #expect(try option("trastuzumab-taxane", state).tier == .conditional)
        #expect(try option("thp", S.state(hepatic: .mild)).tier == .preferred)
    }

    @Test func visceralCrisis() throws {
        let state = S.state(receptor: .positive, crisis: true, sites: ["liver"], history: Self.secondLine)
        let endocrine = try option("endocrine-her2", state)
        #expect(endocrine.tier == .notRecommended)
        #expect(cites(endocrine, "visceral-crisis"))
        #expect(try option("trastuzumab-pertuzumab", state).tier == .notRecommended)
        #expect(
            try option("endocrine-her2", S.state(receptor: .positive, sites: ["liver"], history: Self.secondLine)).tier
                == .conditional)
    }

    @Test func poorPerformanceStatus() throws {
        let state = S.state(ecog: 3, trial: true, history: Self.fourthAfterClimb)
        let recommendation = engine.rank(state)
        #expect(recommendation.first.regimen == "best-supportive-care")
        #expect(cites(recommendation.first, "poor-ps"))
        #expect(recommendation.option(for: "tdm1")?.tier == .notRecommended)
        #expect(recommendation.option(for: "clinical-trial")?.tier == .notRecommended)
        // Version 2: the chemotherapy-free exceptions are conditional, endocrine only if HR-positive.
        #expect(recommendation.option(for: "endocrine-her2")?.tier == .conditional)
        #expect(
            try option("trastuzumab-pertuzumab", S.state(ecog: 3, history: S.progressed("tdxd"))).tier == .conditional)
        #expect(try option("endocrine-her2", S.state(ecog: 3, receptor: .negative)).tier == .notRecommended)
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
        let early = [TherapyLine(regimen: "thp", months: 5, response: .stable, stopped: .progression)]
        let taxane = try option("trastuzumab-taxane", S.state(history: early))
        #expect(taxane.tier == .notRecommended)
        #expect(cites(taxane, "progressed-on-subset"))
        // Version 2: progression after 6 months (on maintenance antibodies) is not taxane failure.
        #expect(try option("trastuzumab-taxane", S.state(history: S.progressed("thp"))).tier == .conditional)
        #expect(try option("trastuzumab-pertuzumab", S.state(history: S.progressed("thp"))).tier == .notRecommended)
        let capecitabine = try option("trastuzumab-capecitabine", S.state(history: Self.fourthAfterClimb))
        #expect(capecitabine.tier == .notRecommended)
    }

    @Test func toxicityStop() throws {
        let history =
            S.progressed("thp") + [
                TherapyLine(regimen: "tdxd", months: 5, stopped: .toxicity, toxicity: (.neutropenia, 3))
            ]
        let judged = try option("tdxd", S.state(history: history))
        // Version 2: the labels allow a rechallenge after recovery, one dose level lower.
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "toxicity-stop"))
        let mild =
            S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 5, stopped: .toxicity, toxicity: (.nausea, 2))]
        let afterMild = try option("tdxd", S.state(history: mild))
        #expect(afterMild.tier != .notRecommended)
        #expect(!cites(afterMild, "toxicity-stop"))
    }

    @Test func permanentDiscontinuation() throws {
        let ild =
            S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 5, stopped: .toxicity, toxicity: (.ild, 2))]
        let tdxd = try option("tdxd", S.state(history: ild))
        #expect(tdxd.tier == .contraindicated)
        #expect(cites(tdxd, "permanent-discontinuation"))
        let tucatinib4 =
            S.progressed("thp", "tdxd") + [
                TherapyLine(
                    regimen: "tucatinib-trastuzumab-capecitabine", months: 2,
                    stopped: .toxicity, toxicity: (.diarrhea, 4))
            ]
        #expect(try option("tucatinib-trastuzumab-capecitabine", S.state(history: tucatinib4)).tier == .contraindicated)
        let tucatinib3 =
            S.progressed("thp", "tdxd") + [
                TherapyLine(
                    regimen: "tucatinib-trastuzumab-capecitabine", months: 2,
                    stopped: .toxicity, toxicity: (.diarrhea, 3))
            ]
        let rechallenge = try option("tucatinib-trastuzumab-capecitabine", S.state(history: tucatinib3))
        #expect(rechallenge.tier == .conditional)
        #expect(!cites(rechallenge, "permanent-discontinuation"))
        let infusion = [TherapyLine(regimen: "thp", months: 1, stopped: .toxicity, toxicity: (.infusionReaction, 3))]
        #expect(try option("thp", S.state(history: infusion)).tier == .contraindicated)
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
        // Version 2: T-DM1 is still recommended from line 4 without the HER2CLIMB regimen.
        let noClimb = S.state(history: S.progressed("thp", "tdxd", "lapatinib-capecitabine"))
        #expect(try option("tdm1", noClimb).tier == .recommended)
        #expect(try !cites(option("tdm1", noClimb), "after-her2climb-tdm1"))
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
        let recommendation = engine.rank(S.state(trial: true, history: Self.fourthAfterClimb))
        #expect(recommendation.first.regimen == "clinical-trial")
        #expect(recommendation.first.tier == .preferred)
        #expect(cites(recommendation.first, "trial-heavily-pretreated"))
        // Ranked first even against an active-brain promotion.
        let brain = engine.rank(S.state(brain: .active, trial: true, history: Self.fourthAfterClimb))
        #expect(brain.first.regimen == "clinical-trial")
        // Version 2: not before line 4 ("beyond the third line").
        let third = engine.rank(S.state(trial: true, history: S.progressed("thp", "tdxd")))
        #expect(third.option(for: "clinical-trial")?.tier == .recommended)
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
        // Version 2: after any TKI; tucatinib after lapatinib keeps its tier.
        let afterNeratinib = S.state(history: S.progressed("thp", "tdxd", "neratinib-capecitabine"))
        #expect(try option("tucatinib-trastuzumab-capecitabine", afterNeratinib).tier == .conditional)
        let afterLapatinib = S.state(history: S.progressed("thp", "tdxd", "lapatinib-capecitabine"))
        #expect(try option("tucatinib-trastuzumab-capecitabine", afterLapatinib).tier == .preferred)
        #expect(try option("neratinib-capecitabine", afterLapatinib).tier == .conditional)
    }

    @Test func margetuximabIsAtMostRecommendedAndLastInItsTier() throws {
        let recommendation = engine.rank(
            S.state(history: S.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1")))
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
        // Version 2: only for indolent, non-visceral disease; otherwise conditional.
        let visceral = try option(
            "endocrine-her2", S.state(receptor: .positive, sites: ["bone", "liver"], history: Self.secondLine))
        #expect(visceral.tier == .conditional)
        #expect(cites(visceral, "endocrine-hr-positive"))
        let negative = try option("endocrine-her2", S.state(receptor: .negative, history: Self.secondLine))
        #expect(negative.tier == .notRecommended)
        #expect(cites(negative, "endocrine-hr-negative"))
    }

    @Test func endocrineBrainActive() throws {
        let judged = try option(
            "endocrine-her2", S.state(receptor: .positive, brain: .active, history: Self.secondLine))
        #expect(judged.tier == .notRecommended)
        #expect(cites(judged, "endocrine-brain-active"))
        #expect(
            try option("endocrine-her2", S.state(receptor: .positive, brain: .treatedStable, history: Self.secondLine))
                .tier == .conditional)
    }

    @Test func abemaciclibMonarcHER() throws {
        let afterTDM1 = S.progressed("thp", "tdxd", "tdm1")
        let judged = try option("abemaciclib-trastuzumab-fulvestrant", S.state(receptor: .positive, history: afterTDM1))
        #expect(judged.tier == .recommended)
        #expect(cites(judged, "abemaciclib-monarcher"))
        #expect(
            try option(
                "abemaciclib-trastuzumab-fulvestrant", S.state(receptor: .positive, history: Self.fourthAfterClimb)
            ).tier == .conditional)
        #expect(
            try option("abemaciclib-trastuzumab-fulvestrant", S.state(receptor: .negative, history: afterTDM1)).tier
                == .notRecommended)
    }

    @Test func trastuzumabPertuzumab() throws {
        // Lines 1, 2 and 4, never after a pertuzumab regimen failed.
        for history in [[], S.progressed("tdxd"), S.progressed("tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine")] {
            let judged = try option("trastuzumab-pertuzumab", S.state(history: history))
            #expect(judged.tier == .conditional, "line \(history.count + 1)")
            #expect(cites(judged, "trastuzumab-pertuzumab"))
        }
        #expect(try option("trastuzumab-pertuzumab", S.state(history: S.progressed("thp"))).tier == .notRecommended)
    }

    @Test func chemotherapyAloneIsTheFallback() throws {
        let conditional = try option("chemotherapy-alone", S.state(history: Self.fourthAfterClimb))
        #expect(conditional.tier == .conditional)
        #expect(cites(conditional, "chemotherapy-alone"))
        // No HER2 drug left (heart failure rules out antibodies and lapatinib, DPD the rest).
        let noHER2 = engine.rank(S.state(lvef: 35, heartFailure: true, dpd: .complete, history: Self.fourthAfterClimb))
        #expect(noHER2.first.regimen == "chemotherapy-alone")
        #expect(noHER2.first.tier == .recommended)
    }

    @Test func bestSupportiveCareWhenFit() throws {
        let judged = try option("best-supportive-care", S.state(ecog: 2, history: Self.fourthAfterClimb))
        #expect(judged.tier == .conditional)
        #expect(cites(judged, "best-supportive-care"))
        // Never unsafe, whatever else is wrong.
        let sick = S.state(ecog: 4, lvef: 30, heartFailure: true, dpd: .complete, hepatic: .severe)
        #expect(try option("best-supportive-care", sick).tier == .preferred)
    }

    // MARK: Modifiers

    @Test func brainActive() throws {
        let recommendation = engine.rank(S.state(brain: .active, history: Self.secondLine))
        let tucatinib = try #require(recommendation.option(for: "tucatinib-trastuzumab-capecitabine"))
        #expect(tucatinib.tier == .preferred)
        #expect(cites(tucatinib, "brain-active"))
        #expect(
            recommendation.options.prefix(2).map(\.regimen).sorted() == ["tdxd", "tucatinib-trastuzumab-capecitabine"])
        // Version 2: from line 2 only; at line 1 the standard first line, with a local-therapy note.
        let first = engine.rank(S.state(brain: .active))
        #expect(try option("tucatinib-trastuzumab-capecitabine", S.state(brain: .active)).tier == .conditional)
        #expect(["thp", "tdxd-pertuzumab"].contains(first.first.regimen))
        #expect(first.first.reasons.contains { $0.rule == "brain-active" && $0.role == .order })
        // T-DXd already given (stopped, not progressed): the tucatinib regimen goes first.
        let given = S.progressed("thp") + [TherapyLine(regimen: "tdxd", months: 10, stopped: .preference)]
        #expect(
            engine.rank(S.state(brain: .active, history: given)).first.regimen == "tucatinib-trastuzumab-capecitabine")
    }

    @Test func evidenceOrdersWithinTier() {
        // Line 1: THP (OS benefit, CLEOPATRA) before T-DXd + pertuzumab (PFS benefit, OS immature).
        let recommendation = engine.rank(S.state(receptor: .negative))
        #expect(recommendation.options.map(\.regimen).prefix(2) == ["thp", "tdxd-pertuzumab"])
        #expect(TestSupport.knowledge.rule("evidence")?.ordersByEvidence == true)
    }

    @Test func preferOral() throws {
        let state = S.state(
            preferences: [.oral], history: S.progressed("thp", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine"))
        let plain = engine.rank(S.state(history: state.history))
        let oral = engine.rank(state)
        let firstRecommended = try #require(oral.options.first { $0.tier == .recommended })
        #expect(
            TestSupport.knowledge.regimen(firstRecommended.regimen)?.route == .oral
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
        let later = engine.rank(
            S.state(
                preferences: [.avoidAlopecia],
                history: S.progressed("thp", "tdxd", "tucatinib-trastuzumab-capecitabine", "tdm1")))
        let recommended = later.options.filter { $0.tier == .recommended }.map(\.regimen)
        let eribulin = try #require(recommended.firstIndex(of: "trastuzumab-eribulin"))
        let gemcitabine = try #require(recommended.firstIndex(of: "trastuzumab-gemcitabine"))
        #expect(eribulin > gemcitabine)
    }

    @Test func chemotherapyFree() throws {
        let state = S.state(
            preferences: [.chemotherapyFree],
            history: S.progressed("thp", "tdxd", "tdm1", "tucatinib-trastuzumab-capecitabine"))
        let recommendation = engine.rank(state)
        let firstRecommended = recommendation.options.first { $0.tier == .recommended }
        #expect(["endocrine-her2", "lapatinib-trastuzumab"].contains(firstRecommended?.regimen ?? ""))
        #expect(firstRecommended.map { cites($0, "pref-chemo-free") } == true)
    }

    @Test func fewerVisits() throws {
        let history = S.progressed("thp", "tdxd", "tdm1")
        let recommendation = engine.rank(S.state(receptor: .negative, preferences: [.fewerVisits], history: history))
        let recommended = recommendation.options.filter { $0.tier == .recommended }
        // Margetuximab counts as weekly: only with capecitabine is it every 3 weeks.
        func isWeekly(_ id: RegimenID) -> Bool {
            id == "margetuximab-chemotherapy" || TestSupport.knowledge.regimen(id)?.visits == .weekly
        }
        let weekly = recommended.filter { isWeekly($0.regimen) }
        let lastNonWeekly = try #require(recommended.lastIndex { !isWeekly($0.regimen) })
        let firstWeekly = try #require(recommended.firstIndex { isWeekly($0.regimen) })
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
            // Version 2
            "ild-other-history", "ild-tdm1", "dpd-partial", "thrombocytopenia", "hepatic-moderate", "visceral-crisis",
            "permanent-discontinuation", "endocrine-brain-active", "abemaciclib-monarcher", "trastuzumab-pertuzumab",
            "chemotherapy-alone",
        ]
        #expect(Set(TestSupport.knowledge.rules.map(\.id)) == tested)
    }
}
