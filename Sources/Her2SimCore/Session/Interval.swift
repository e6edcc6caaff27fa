/// What happened on the regimen chosen at one decision, until the next decision (or the end of
/// the case): the timeline the engine writes the interval paragraph from.
public struct Interval: Hashable, Sendable {
    /// One thing that happened, `month` counted from the start of the regimen.
    public struct Event: Hashable, Sendable {
        public enum Kind: String, Hashable, Sendable {
            case toxicity, progression, response, lvef, ecog
            case trialAvailable = "trial-available"
            case preference
            case preferenceWithdrawn = "preference-withdrawn"
            case hepaticImpairment = "hepatic-impairment"
            case heartFailure = "heart-failure"
        }

        public var month: Double
        public var kind: Kind
        public var event: ClinicalEvent
        public var toxicity: Toxicity?
        public var grade: Int?

        public init(month: Double, event: ClinicalEvent) {
            self.month = month
            self.event = event
            switch event {
            case .toxicity(let toxicity, let grade):
                kind = .toxicity
                self.toxicity = toxicity
                self.grade = grade
            case .progression: kind = .progression
            case .response: kind = .response
            case .lvef: kind = .lvef
            case .ecog: kind = .ecog
            case .trialAvailable: kind = .trialAvailable
            case .preference: kind = .preference
            case .preferenceWithdrawn: kind = .preferenceWithdrawn
            case .hepaticImpairment: kind = .hepaticImpairment
            case .heartFailure: kind = .heartFailure
            }
        }
    }

    /// The regimen given (canonical id).
    public var regimen: RegimenID
    /// How long she received it.
    public var months: Double
    /// The best response at restaging, if she was restaged.
    public var bestResponse: Response?
    /// Why it ended; `nil` when the case ended while it was still given.
    public var stopped: StopReason?
    /// The toxicity that stopped it, when `stopped` is `.toxicity`.
    public var stoppingToxicity: (toxicity: Toxicity, grade: Int)? {
        get { stopToxicity.map { ($0, stopGrade) } }
        set {
            stopToxicity = newValue?.toxicity
            stopGrade = newValue?.grade ?? 0
        }
    }
    private var stopToxicity: Toxicity?
    private var stopGrade = 0
    public var events: [Event]
    /// No anticancer therapy (best supportive care): the disease followed its own course.
    public var isSupportiveCare: Bool
    /// How it went on after a management decision ("T-DM1 one dose level lower (3.0 mg/kg)");
    /// nil for a regimen as started.
    public var management: String? = nil
    /// Months she had already been on the regimen when this interval began (a management
    /// decision's interval goes on from there): the paragraph counts the whole course.
    public var earlierMonths: Double = 0
    /// What the fellow chose; differs from `regimen` when it could not be given (a clinical
    /// trial with none open to her runs as best supportive care).
    public var chosen: RegimenID?
    /// The events of a branch that ended the case: undated (the author's closing words say
    /// when), `months` is 0 and means nothing.
    public var isClosing = false
    /// The fellow chose a trial but none was open, so she had no anticancer therapy.
    public var noTrialOpen: Bool { chosen.map { $0 != regimen } ?? false }

    public init(
        regimen: RegimenID, months: Double, bestResponse: Response?, stopped: StopReason?,
        stoppingToxicity: (Toxicity, Int)? = nil, events: [Event], isSupportiveCare: Bool
    ) {
        self.regimen = regimen
        self.months = months
        self.bestResponse = bestResponse
        self.stopped = stopped
        self.events = events
        self.isSupportiveCare = isSupportiveCare
        self.stoppingToxicity = stoppingToxicity
    }
}
