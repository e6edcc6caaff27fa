/// Where a therapy was given: for metastatic disease, or as (neo)adjuvant treatment.
public enum TherapySetting: String, CaseIterable, Sendable, Hashable, Codable {
    case metastatic, early
}

/// Best response on a line of therapy.
public enum Response: String, CaseIterable, Sendable, Hashable, Codable {
    case complete, partial, stable, progression
}

/// Why a line of therapy ended.
public enum StopReason: String, CaseIterable, Sendable, Hashable, Codable {
    case progression, toxicity, completed, preference
}

/// One entry of the treatment history.
public struct TherapyLine: Hashable, Sendable {
    /// A canonical regimen id (aliases are resolved when the file is loaded).
    public var regimen: RegimenID
    public var setting: TherapySetting
    /// Months on that regimen.
    public var months: Double
    public var response: Response?
    public var stopped: StopReason
    /// When stopped for toxicity: which one, and its grade.
    public var toxicity: (toxicity: Toxicity, grade: Int)? {
        get { stopToxicity.map { ($0, stopGrade) } }
        set {
            stopToxicity = newValue?.toxicity
            stopGrade = newValue?.grade ?? 0
        }
    }
    /// Early setting only: months from the end of that therapy to relapse.
    public var relapseMonths: Double?
    /// Relative progression-free time on this line after the dose reductions of management
    /// decisions (the `reduced-dose-efficacy` figure per reduction); 1 at the full dose.
    public var efficacy: Double = 1
    /// Months of the full-dose course used up so far, when a reduction made them differ from
    /// `months`: the rest of the course is read from there, then scaled by `efficacy`.
    public var fullDoseMonths: Double?

    private var stopToxicity: Toxicity?
    private var stopGrade: Int = 0

    public init(
        regimen: RegimenID, setting: TherapySetting = .metastatic, months: Double,
        response: Response? = nil, stopped: StopReason = .progression,
        toxicity: (Toxicity, Int)? = nil, relapseMonths: Double? = nil
    ) {
        self.regimen = regimen
        self.setting = setting
        self.months = months
        self.response = response
        self.stopped = stopped
        self.relapseMonths = relapseMonths
        self.toxicity = toxicity
    }
}
