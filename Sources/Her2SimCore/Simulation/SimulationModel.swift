import Foundation

/// How firm a model assumption is, so teaching text can say so honestly.
public enum AssumptionBasis: String, CaseIterable, Sendable, Hashable {
    /// Computed at load time from trial figures.
    case derived
    /// A prescribing-information rule.
    case label
    /// A modelling choice; its sources are the nearest data, not proof.
    case assumption
}

/// One documented assumption of `Scoring/model.yaml`: every number the simulator uses cites one.
public struct ModelAssumption: Hashable, Sendable, Identifiable {
    public var id: String
    public var basis: AssumptionBasis
    public var text: String
    /// Trial and reference ids from `trials.yaml`.
    public var sources: [String]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, basis: AssumptionBasis, text: String, sources: [String]) {
        self.id = id
        self.basis = basis
        self.text = text
        self.sources = sources
    }
}

/// A Weibull survival curve `S(t) = exp(-(t / scale)^shape)`, the simulator's PFS shape.
public struct Weibull: Hashable, Sendable {
    public var scale: Double
    public var shape: Double

    public init(scale: Double, shape: Double) {
        self.scale = scale
        self.shape = shape
    }

    /// The curve through a median (months) with a given shape.
    public init(median: Double, shape: Double) {
        self.init(scale: median / pow(Self.ln2, 1 / shape), shape: shape)
    }

    /// The curve with survival `survival` (0–1) at `time` months, for a given shape.
    public init(survival: Double, at time: Double, shape: Double) {
        self.init(scale: time / pow(-log(survival), 1 / shape), shape: shape)
    }

    /// The curve through both a median and a survival at `time`; `nil` when they cannot meet
    /// (the survival at `time` must lie on the same side of 0.5 as `time` of the median).
    public init?(median: Double, survival: Double, at time: Double) {
        guard median > 0, survival > 0, survival < 1, time > 0, median != time else { return nil }
        let ratio = log(Self.ln2 / -log(survival)) / log(median / time)
        guard ratio.isFinite, ratio > 0 else { return nil }
        self.init(median: median, shape: ratio)
    }

    public func survival(at time: Double) -> Double {
        time <= 0 ? 1 : exp(-pow(time / scale, shape))
    }

    public var median: Double { quantile(survival: 0.5) }

    /// The time at which survival equals `survival` (inverse of `survival(at:)`).
    public func quantile(survival: Double) -> Double {
        scale * pow(-log(survival), 1 / shape)
    }

    /// The same curve with its hazard multiplied by `ratio` (proportional hazards).
    public func scalingHazard(by ratio: Double) -> Weibull {
        Weibull(scale: scale * pow(ratio, -1 / shape), shape: shape)
    }

    static let ln2 = 0.693_147_180_559_945_3
}

/// Which regimens a model entry applies to, resolved to a set at load time.
public struct RegimenSelector: Hashable, Sendable {
    public var regimens: RegimenSet
    /// Every regimen (an entry that names none).
    public static let all = RegimenSelector(regimens: RegimenSet(bits: ~0))

    /// Whether the regimen at this knowledge-base index is selected.
    public func contains(_ index: Int) -> Bool { regimens.contains(index) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(regimens: RegimenSet) {
        self.regimens = regimens
    }
}

/// What happens to treatment when a toxicity strikes (label rules in `model.yaml`).
public enum DoseAction: String, CaseIterable, Sendable, Hashable {
    /// Nothing changes.
    case `continue`
    /// Held until it settles, resumed at the same dose.
    case interrupt
    /// Held, then resumed one dose level lower; stops when no level is left.
    case reduce
    /// The regimen stops; the next decision comes.
    case discontinue
}

/// A dose-modification rule: the first one matching an event decides its action.
public struct DoseRule: Hashable, Sendable {
    public var id: String
    /// Toxicities it applies to; `nil` for every toxicity (and not to LVEF values).
    public var toxicities: Set<Toxicity>?
    public var gradeAtLeast: Int
    /// Applies to LVEF values below this (for `.lvef` events) instead of a toxicity grade.
    public var lvefBelow: Int?
    public var regimens: RegimenSelector
    public var action: DoseAction
    /// The one drug of a combination whose dose the rule changes: its reductions count against
    /// its own dose levels (each drug has its own), not the regimen's. `nil`: the regimen's.
    public var agent: String? = nil

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, toxicities: Set<Toxicity>? = nil, gradeAtLeast: Int, lvefBelow: Int? = nil,
        regimens: RegimenSelector, action: DoseAction, agent: String? = nil
    ) {
        self.id = id
        self.toxicities = toxicities
        self.gradeAtLeast = gradeAtLeast
        self.lvefBelow = lvefBelow
        self.regimens = regimens
        self.action = action
        self.agent = agent
    }
}

/// A trial arm standing in for regimens that have none of their own (best supportive care…).
public struct PFSProxy: Hashable, Sendable {
    public var id: String
    public var regimens: [String]
    public var trial: String
    public var armLabel: String
    /// Multiplies the proxy arm's hazard.
    public var hazardRatio: Double

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, regimens: [String], trial: String, armLabel: String, hazardRatio: Double) {
        self.id = id
        self.regimens = regimens
        self.trial = trial
        self.armLabel = armLabel
        self.hazardRatio = hazardRatio
    }
}

/// A prior-exposure effect: after progression on some regimens, another works less well.
public struct PriorExposureEffect: Hashable, Sendable {
    public var id: String
    /// True for "the same regimen again after progression on it".
    public var sameRegimen: Bool
    public var regimens: RegimenSelector
    public var afterProgressionOn: RegimenSelector
    public var hazardRatio: Double

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, sameRegimen: Bool, regimens: RegimenSelector, afterProgressionOn: RegimenSelector,
        hazardRatio: Double
    ) {
        self.id = id
        self.sameRegimen = sameRegimen
        self.regimens = regimens
        self.afterProgressionOn = afterProgressionOn
        self.hazardRatio = hazardRatio
    }
}

/// A drug given again after a toxicity its label ends it for good with: the toxicity may come
/// back, sooner and worse (`rechallenge` in `model.yaml`).
public struct RechallengeRisk: Hashable, Sendable {
    public var id: String
    /// The regimens given again that the risk applies to.
    public var regimens: RegimenSelector
    public var toxicity: Toxicity
    /// The prior toxicity that ended the drug: at least this grade, on one of `on`.
    public var gradeAtLeast: Int
    public var on: RegimenSelector
    /// Probability that the toxicity comes back on the rechallenge.
    public var recurrence: Double
    /// When it comes back, from the start of the rechallenge.
    public var onset: OnsetCurve
    /// Grade of the recurrence (grade 5: fatal) and its share; shares add up to 1.
    public var grades: [(grade: Int, share: Double)]

    public static func == (a: Self, b: Self) -> Bool {
        a.id == b.id && a.regimens == b.regimens && a.toxicity == b.toxicity && a.gradeAtLeast == b.gradeAtLeast
            && a.on == b.on && a.recurrence == b.recurrence && a.onset == b.onset
            && a.grades.map(\.grade) == b.grades.map(\.grade) && a.grades.map(\.share) == b.grades.map(\.share)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// The grade a draw `u` (0–1) gives.
    func grade(_ u: Double) -> Int {
        var total = 0.0
        for entry in grades {
            total += entry.share
            if u < total { return entry.grade }
        }
        return grades.last?.grade ?? gradeAtLeast
    }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        id: String, regimens: RegimenSelector, toxicity: Toxicity, gradeAtLeast: Int, on: RegimenSelector,
        recurrence: Double, onset: OnsetCurve, grades: [(grade: Int, share: Double)]
    ) {
        self.id = id
        self.regimens = regimens
        self.toxicity = toxicity
        self.gradeAtLeast = gradeAtLeast
        self.on = on
        self.recurrence = recurrence
        self.onset = onset
        self.grades = grades
    }
}

/// Onset curve of a toxicity (Weibull through its median).
public struct OnsetCurve: Hashable, Sendable {
    public var medianMonths: Double
    public var shape: Double

    public var weibull: Weibull { Weibull(median: medianMonths, shape: shape) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(medianMonths: Double, shape: Double) {
        self.medianMonths = medianMonths
        self.shape = shape
    }
}

/// How a toxicity's grade is split once it strikes.
public struct GradeMix: Hashable, Sendable {
    /// Share of grade 1–2 events that are grade 2.
    public var grade2Share: Double
    /// Share of grade ≥ 3 events that are grade 4.
    public var grade4Share: Double
    /// The lowest and highest grades CTCAE defines for the toxicity (ejection fraction
    /// decreased starts at grade 2, alopecia stops at grade 2).
    public var lowestGrade: Int = 1
    public var highestGrade: Int = 4

    /// The mix as drawn: no grade below `lowestGrade` or above `highestGrade`.
    package func bounded() -> GradeMix {
        var mix = self
        if lowestGrade >= 2 { mix.grade2Share = 1 }
        if highestGrade <= 3 { mix.grade4Share = 0 }
        return mix
    }

    /// `grade` kept within the grades CTCAE defines for the toxicity.
    public func clamp(_ grade: Int) -> Int { grade <= 0 ? 0 : min(max(grade, lowestGrade), highestGrade) }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(grade2Share: Double, grade4Share: Double, lowestGrade: Int = 1, highestGrade: Int = 4) {
        self.grade2Share = grade2Share
        self.grade4Share = grade4Share
        self.lowestGrade = lowestGrade
        self.highestGrade = highestGrade
    }
}

/// The LVEF a decline of a grade leads to: `drop` points, kept inside the CTCAE band.
public struct LVEFBand: Hashable, Sendable {
    public var drop: Int
    public var lowest: Int
    public var highest: Int

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(drop: Int, lowest: Int, highest: Int) {
        self.drop = drop
        self.lowest = lowest
        self.highest = highest
    }
}

/// Regimens with no toxicity rates of their own borrow some from a similar regimen.
public struct ToxicityProxy: Hashable, Sendable {
    public var id: String
    public var regimens: [String]
    public var like: String
    public var toxicities: [Toxicity]

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(id: String, regimens: [String], like: String, toxicities: [Toxicity]) {
        self.id = id
        self.regimens = regimens
        self.like = like
        self.toxicities = toxicities
    }
}

/// Everything `Scoring/model.yaml` says, plus the per-arm fits derived from the trials at load.
///
/// Model knowledge is data: the simulator's code reads every number from here, and every number
/// here cites an assumption with its sources.
public struct SimulationModel: Sendable {
    /// The labels' dose-modification tables (`Scoring/dose-modifications.yaml`), when loaded
    /// beside the model: sessions on this course play management decisions with them.
    public var doseModifications: DoseModificationTable?
    /// Every documented assumption, in file order.
    public var assumptions: [ModelAssumption]
    /// Section key (`line-of-therapy`, `ecog`, `dose-levels`…) → the id of its assumption, so
    /// explanations cite whatever id the file gives.
    public var sectionAssumptions: [String: String]

    public var defaultShape: Double
    /// No simulated course runs longer (months): the curves' tails go beyond any follow-up.
    public var longestCourseMonths: Double = .infinity
    /// Regimen id → the trial whose arm the simulator starts from when several share a line.
    public var preferredArms: [String: String]
    public var proxies: [PFSProxy]

    public var hazardRatioPerLine: Double
    public var mostLinesEarlier: Int
    public var mostLinesLater: Int
    /// ECOG → hazard ratio (ECOG 0–1 are 1).
    public var ecogHazardRatios: [Int: Double]
    public var brainHazardRatios: [BrainMetastases: Double]
    public var priorExposure: [PriorExposureEffect]

    public var responseCorrelation: Double
    public var completeShare: Double
    public var firstRestagingMonths: Double
    /// Percent.
    public var defaultORR: Double

    public var newSiteProbability: Double
    /// Candidate new sites with weights, in file order.
    public var siteWeights: [(site: String, weight: Double)]
    public var newBrainMetastases: Double
    public var stableToActive: Double
    public var cnsActiveAgents: Set<String>
    public var cnsActiveFactor: Double
    public var ecogWorsensAtProgression: Double
    public var ecogWorsensOnSupportiveCare: Double
    public var supportiveCare: Set<String>

    public var defaultOnset: OnsetCurve
    public var onsets: [Toxicity: OnsetCurve]
    public var defaultGradeMix: GradeMix
    public var gradeMixes: [Toxicity: GradeMix]
    public var grade3ShareWhenOnlyAny: Double
    public var anyGradePerGrade3: Double
    public var persistentToxicities: Set<Toxicity>
    public var improveGrades: Int
    public var furtherImprovementProbability: Double
    public var worseningOverResidual: Int
    public var toxicityProxies: [ToxicityProxy]

    public var lvefBands: [Int: LVEFBand]
    public var maximumReductions: Int
    public var doseRules: [DoseRule]
    /// A toxicity stop followed by progression within these months is recorded as progression
    /// (`progression-first` in model.yaml; 0: never).
    public var progressionFirstWithinMonths: Double = 0
    /// Risks of giving a drug again after a toxicity that ended it for good, in file order.
    public var rechallenges: [RechallengeRisk] = []

    public var followUpMinimum: Double
    public var followUpMaximum: Double

    /// Derived at load: one fitted curve per trial arm mapped to a regimen, then proxy arms.
    public var arms: [ArmFit]
    /// Derived at load: each regimen's toxicities (own profile, then borrowed ones).
    public var toxicities: [String: [ToxicityParameters]]
    /// Trial id → the trial whose patients it reports again (a subgroup): the leave-one-trial-out
    /// check leaves both out together.
    public var samePatients: [String: String] = [:]
    /// The interval sentences of `Scoring/narration.yaml`, read with the model.
    public var narration = Narration()

    public func assumption(_ id: String) -> ModelAssumption? { assumptions.first { $0.id == id } }

    /// The assumption id of a section of the file (`line-of-therapy`, `ecog`, `brain-metastases`,
    /// `dose-levels`…), or the section key itself when unknown.
    public func assumptionID(forSection section: String) -> String { sectionAssumptions[section] ?? section }

    public func onset(of toxicity: Toxicity) -> OnsetCurve { onsets[toxicity] ?? defaultOnset }

    public func gradeMix(of toxicity: Toxicity) -> GradeMix { gradeMixes[toxicity] ?? defaultGradeMix }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        doseModifications: DoseModificationTable? = nil, assumptions: [ModelAssumption],
        sectionAssumptions: [String: String], defaultShape: Double, longestCourseMonths: Double = .infinity,
        preferredArms: [String: String], proxies: [PFSProxy], hazardRatioPerLine: Double, mostLinesEarlier: Int,
        mostLinesLater: Int, ecogHazardRatios: [Int: Double], brainHazardRatios: [BrainMetastases: Double],
        priorExposure: [PriorExposureEffect], responseCorrelation: Double, completeShare: Double,
        firstRestagingMonths: Double, defaultORR: Double, newSiteProbability: Double,
        siteWeights: [(site: String, weight: Double)], newBrainMetastases: Double, stableToActive: Double,
        cnsActiveAgents: Set<String>, cnsActiveFactor: Double, ecogWorsensAtProgression: Double,
        ecogWorsensOnSupportiveCare: Double, supportiveCare: Set<String>, defaultOnset: OnsetCurve,
        onsets: [Toxicity: OnsetCurve], defaultGradeMix: GradeMix, gradeMixes: [Toxicity: GradeMix],
        grade3ShareWhenOnlyAny: Double, anyGradePerGrade3: Double, persistentToxicities: Set<Toxicity>,
        improveGrades: Int, furtherImprovementProbability: Double, worseningOverResidual: Int,
        toxicityProxies: [ToxicityProxy], lvefBands: [Int: LVEFBand], maximumReductions: Int, doseRules: [DoseRule],
        progressionFirstWithinMonths: Double = 0, rechallenges: [RechallengeRisk] = [], followUpMinimum: Double,
        followUpMaximum: Double, arms: [ArmFit], toxicities: [String: [ToxicityParameters]],
        samePatients: [String: String] = [:]
    ) {
        self.doseModifications = doseModifications
        self.assumptions = assumptions
        self.sectionAssumptions = sectionAssumptions
        self.defaultShape = defaultShape
        self.longestCourseMonths = longestCourseMonths
        self.preferredArms = preferredArms
        self.proxies = proxies
        self.hazardRatioPerLine = hazardRatioPerLine
        self.mostLinesEarlier = mostLinesEarlier
        self.mostLinesLater = mostLinesLater
        self.ecogHazardRatios = ecogHazardRatios
        self.brainHazardRatios = brainHazardRatios
        self.priorExposure = priorExposure
        self.responseCorrelation = responseCorrelation
        self.completeShare = completeShare
        self.firstRestagingMonths = firstRestagingMonths
        self.defaultORR = defaultORR
        self.newSiteProbability = newSiteProbability
        self.siteWeights = siteWeights
        self.newBrainMetastases = newBrainMetastases
        self.stableToActive = stableToActive
        self.cnsActiveAgents = cnsActiveAgents
        self.cnsActiveFactor = cnsActiveFactor
        self.ecogWorsensAtProgression = ecogWorsensAtProgression
        self.ecogWorsensOnSupportiveCare = ecogWorsensOnSupportiveCare
        self.supportiveCare = supportiveCare
        self.defaultOnset = defaultOnset
        self.onsets = onsets
        self.defaultGradeMix = defaultGradeMix
        self.gradeMixes = gradeMixes
        self.grade3ShareWhenOnlyAny = grade3ShareWhenOnlyAny
        self.anyGradePerGrade3 = anyGradePerGrade3
        self.persistentToxicities = persistentToxicities
        self.improveGrades = improveGrades
        self.furtherImprovementProbability = furtherImprovementProbability
        self.worseningOverResidual = worseningOverResidual
        self.toxicityProxies = toxicityProxies
        self.lvefBands = lvefBands
        self.maximumReductions = maximumReductions
        self.doseRules = doseRules
        self.progressionFirstWithinMonths = progressionFirstWithinMonths
        self.rechallenges = rechallenges
        self.followUpMinimum = followUpMinimum
        self.followUpMaximum = followUpMaximum
        self.arms = arms
        self.toxicities = toxicities
        self.samePatients = samePatients
    }
}
