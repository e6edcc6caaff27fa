import Foundation
import Her2SimCore
import Her2SimLoading
import Her2SimTestSupport

/// Shared test fixtures: the repository's own knowledge base and the copied vignettes.
enum TestSupport {
    /// The repository root (tests never depend on ../shared).
    static let repositoryRoot = RepositoryRoot.url

    static let scoringDirectory = repositoryRoot.appendingPathComponent("Scoring")

    static let fixtures = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The knowledge base's texts, for tests that mutate one file and expect a diagnostic.
    static let sources: KnowledgeSources = {
        do {
            return try KnowledgeSources.directory(scoringDirectory, displayPrefix: "Scoring/")
        } catch {
            fatalError("Scoring/ is unreadable: \(error)")
        }
    }()

    /// Loaded once for the whole test run.
    static let knowledge: Knowledge = {
        do {
            return try KnowledgeLoader.load(sources)
        } catch {
            fatalError("Scoring/ does not load:\n\(error)")
        }
    }()

    static let engine = ReferenceEngine(knowledge: knowledge)

    static func fixtureFiles(in directory: String, extension ext: String = "yaml") -> [URL] {
        let url = fixtures.appendingPathComponent(directory)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix("." + ext) }.sorted().map { url.appendingPathComponent($0) }
    }

    static func text(_ url: URL) -> String {
        (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    /// A state built in code, for focused rule tests: `history` as (regimen, stopped) pairs.
    static func state(
        ecog: Int = 1, receptor: HormoneReceptor = .positive, brain: BrainMetastases = .none, lvef: Int = 60,
        heartFailure: Bool = false, dpd: DPDDeficiency = .none, crisis: Bool = false,
        hepatic: HepaticImpairment = .none, sites: [String] = ["bone"],
        toxicities: [Toxicity: Int] = [:], preferences: [Preference] = [], trial: Bool = false,
        history: [TherapyLine] = []
    ) -> PatientState {
        PatientState(
            age: 55, ecog: ecog, hormoneReceptor: receptor, sites: sites, brainMetastases: brain,
            lvef: lvef, heartFailure: heartFailure, dpdDeficiency: dpd, visceralCrisis: crisis,
            hepaticImpairment: hepatic,
            toxicities: ToxicityGrades(toxicities), preferences: preferences, trialAvailable: trial,
            history: history)
    }

    /// Metastatic lines that each ended in progression.
    static func progressed(_ regimens: RegimenID...) -> [TherapyLine] {
        regimens.map { TherapyLine(regimen: $0, months: 8, response: .partial, stopped: .progression) }
    }
}
