/// Everything `Scoring/model.yaml` says, one property per top-level key of the file (`pfs` →
/// `pfs`, `line-of-therapy` → `lineOfTherapy`…), plus the values derived from the trials at load,
/// each kept in the section it derives from (`pfs.arms`, `toxicity.byRegimen`).
///
/// Model knowledge is data: the simulator's code reads every number from here, and every number
/// here cites an assumption with its sources. The section types live in `Simulation/Model/`.
public struct SimulationModel: Sendable {
    /// Every documented assumption, in file order.
    public var assumptions: [ModelAssumption]
    /// Section key (`line-of-therapy`, `ecog`, `dose-levels`…) → the id of its assumption, so
    /// explanations cite whatever id the file gives.
    public var sectionAssumptions: [String: String]

    public var pfs: PFSSection
    public var longestCourse: LongestCourseSection
    /// Regimen id → the trial whose arm the simulator starts from when several share a line.
    public var preferredArms: [String: String]
    /// Trial arms standing in for regimens without one, in file order.
    public var proxies: [PFSProxy]
    public var lineOfTherapy: LineOfTherapySection
    public var ecog: ECOGSection
    public var brainMetastases: BrainMetastasesSection
    /// In file order.
    public var priorExposure: [PriorExposureEffect]
    public var response: ResponseSection
    public var progressionSites: ProgressionSitesSection
    public var brainProgression: BrainProgressionSection
    public var ecogDecline: ECOGDeclineSection
    public var toxicity: ToxicitySection
    public var lvef: LVEFSection
    public var doseModifications: DoseModificationsSection
    /// Risks of giving a drug again after a toxicity that ended it for good, in file order.
    public var rechallenge: [RechallengeRisk]
    public var calibration: CalibrationSection
    public var holdout: HoldoutSection

    /// The interval sentences of `Scoring/narration.yaml`, read with the model.
    public var narration = Narration()

    public func assumption(_ id: String) -> ModelAssumption? { assumptions.first { $0.id == id } }

    /// The assumption id of a section of the file (`line-of-therapy`, `ecog`, `brain-metastases`,
    /// `dose-levels`…), or the section key itself when unknown.
    public func assumptionID(forSection section: String) -> String { sectionAssumptions[section] ?? section }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        assumptions: [ModelAssumption], sectionAssumptions: [String: String], pfs: PFSSection,
        longestCourse: LongestCourseSection = LongestCourseSection(), preferredArms: [String: String],
        proxies: [PFSProxy], lineOfTherapy: LineOfTherapySection, ecog: ECOGSection,
        brainMetastases: BrainMetastasesSection, priorExposure: [PriorExposureEffect], response: ResponseSection,
        progressionSites: ProgressionSitesSection, brainProgression: BrainProgressionSection,
        ecogDecline: ECOGDeclineSection, toxicity: ToxicitySection, lvef: LVEFSection,
        doseModifications: DoseModificationsSection, rechallenge: [RechallengeRisk] = [],
        calibration: CalibrationSection, holdout: HoldoutSection = HoldoutSection()
    ) {
        self.assumptions = assumptions
        self.sectionAssumptions = sectionAssumptions
        self.pfs = pfs
        self.longestCourse = longestCourse
        self.preferredArms = preferredArms
        self.proxies = proxies
        self.lineOfTherapy = lineOfTherapy
        self.ecog = ecog
        self.brainMetastases = brainMetastases
        self.priorExposure = priorExposure
        self.response = response
        self.progressionSites = progressionSites
        self.brainProgression = brainProgression
        self.ecogDecline = ecogDecline
        self.toxicity = toxicity
        self.lvef = lvef
        self.doseModifications = doseModifications
        self.rechallenge = rechallenge
        self.calibration = calibration
        self.holdout = holdout
    }
}
