/// What a CME office supplies for an exported activity (`cme.yaml`): her2sim certifies
/// nothing, it carries these statements into every export so none has to be retyped.
public struct CMEActivity: Hashable, Sendable {
    public var title: String
    /// "enduring material".
    public var format: String
    public var provider: String
    /// Supplied text, printed as written (ACCME, EACCME, Royal College…).
    public var accreditation: String
    public var creditDesignation: String
    public var creditHours: Double
    /// An approval region id (`US`): off-label notes say what is not approved there.
    public var practiceRegion: String
    public var targetAudience: String
    public var releaseDate: CMEDate
    public var expiryDate: CMEDate
    public var reviewDate: CMEDate?
    public var methodOfParticipation: String?
    /// Percent needed to pass the post-test.
    public var passingScore: Int?
    public var commercialSupport: String
    public var faculty: [CMEPerson]
    /// The activity's objectives; when empty, exports use the cases' own.
    public var objectives: [String]
    public var evaluation: [CMEEvaluationQuestion]
    public var contact: String?
    /// The knowledge-base fingerprint the content was reviewed against, if recorded.
    public var reviewedKnowledgeBase: String?

    /// "2 AMA PRA Category 1 Credits™"-style figures: 2, 1.5, 0.25.
    public var creditHoursText: String {
        ClinicalWording.number(creditHours)
    }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        title: String, format: String, provider: String, accreditation: String, creditDesignation: String,
        creditHours: Double, practiceRegion: String, targetAudience: String, releaseDate: CMEDate, expiryDate: CMEDate,
        reviewDate: CMEDate? = nil, methodOfParticipation: String? = nil, passingScore: Int? = nil,
        commercialSupport: String, faculty: [CMEPerson], objectives: [String], evaluation: [CMEEvaluationQuestion],
        contact: String? = nil, reviewedKnowledgeBase: String? = nil
    ) {
        self.title = title
        self.format = format
        self.provider = provider
        self.accreditation = accreditation
        self.creditDesignation = creditDesignation
        self.creditHours = creditHours
        self.practiceRegion = practiceRegion
        self.targetAudience = targetAudience
        self.releaseDate = releaseDate
        self.expiryDate = expiryDate
        self.reviewDate = reviewDate
        self.methodOfParticipation = methodOfParticipation
        self.passingScore = passingScore
        self.commercialSupport = commercialSupport
        self.faculty = faculty
        self.objectives = objectives
        self.evaluation = evaluation
        self.contact = contact
        self.reviewedKnowledgeBase = reviewedKnowledgeBase
    }
}

/// A faculty member or planner and their disclosures.
public struct CMEPerson: Hashable, Sendable {
    public var name: String
    public var degree: String?
    public var affiliation: String?
    public var role: String
    /// Relevant financial relationships with ineligible companies; empty means none.
    public var disclosures: [CMEDisclosure]
    /// How relationships were mitigated (required when there are any).
    public var mitigation: String?

    /// "Avery Example, MD".
    public var displayName: String { degree.map { "\(name), \($0)" } ?? name }

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(
        name: String, degree: String? = nil, affiliation: String? = nil, role: String, disclosures: [CMEDisclosure],
        mitigation: String? = nil
    ) {
        self.name = name
        self.degree = degree
        self.affiliation = affiliation
        self.role = role
        self.disclosures = disclosures
        self.mitigation = mitigation
    }
}

public struct CMEDisclosure: Hashable, Sendable {
    public var company: String
    public var relationship: String

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(company: String, relationship: String) {
        self.company = company
        self.relationship = relationship
    }
}

public struct CMEEvaluationQuestion: Hashable, Sendable {
    public enum Kind: String, CaseIterable, Hashable, Sendable {
        case likert
        case yesNo = "yes-no"
        case freeText = "free-text"

        /// How a paper form asks for the answer.
        public var answerHint: String {
            switch self {
            case .likert: "strongly disagree · disagree · neutral · agree · strongly agree"
            case .yesNo: "yes · no"
            case .freeText: "free text"
            }
        }
    }

    public var text: String
    public var kind: Kind

    /// Memberwise, for the decoders in Her2SimLoading.
    package init(text: String, kind: Kind) {
        self.text = text
        self.kind = kind
    }
}

/// A calendar date written `YYYY-MM-DD`.
public struct CMEDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...Self.days(in: month, of: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    /// "1 December 2026".
    public var longText: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ]
        return "\(day) \(names[month - 1]) \(year)"
    }

    /// The same day `years` later (28 February for 29 February).
    public func adding(years: Int) -> CMEDate {
        var date = self
        date.year += years
        date.day = min(day, Self.days(in: month, of: date.year))
        return date
    }

    public static func < (lhs: CMEDate, rhs: CMEDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
