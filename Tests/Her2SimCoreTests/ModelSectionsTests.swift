import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// `SimulationModel` mirrors `Scoring/model.yaml`: one property per top-level key, each decoded by
/// one section decoder, and a misspelt key still gets its did-you-mean.
@Suite("Simulation model sections mirror model.yaml")
struct ModelSectionsTests {
    /// The top-level keys of the bundled file, in file order.
    static let fileKeys: [String] = SimulationFixture.modelText.split(separator: "\n", omittingEmptySubsequences: true)
        .compactMap { line -> String? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        }

    /// `line-of-therapy` → `lineOfTherapy`.
    static func propertyName(_ key: String) -> String {
        let words = key.split(separator: "-")
        return ([String(words[0])] + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }).joined()
    }

    @Test func theDecoderKnowsExactlyTheFilesKeysInItsOrder() {
        #expect(Self.fileKeys == ModelDecoder.topKeys)
        #expect(Set(ModelDecoder.topKeys).count == ModelDecoder.topKeys.count)
    }

    @Test func eachTopLevelKeyIsOneProperty() {
        let notSections: Set<String> = ["assumptions", "sectionAssumptions", "narration"]
        let properties = Mirror(reflecting: SimulationFixture.model).children.compactMap(\.label)
            .filter { !notSections.contains($0) }
        #expect(properties == ModelDecoder.topKeys.map(Self.propertyName))
    }

    @Test func derivedValuesLiveInTheirSection() {
        let model = SimulationFixture.model
        #expect(!model.pfs.arms.isEmpty)
        #expect(model.toxicity.byRegimen["tdxd"]?.isEmpty == false)
    }

    @Test(arguments: ModelDecoder.topKeys)
    func misspeltTopLevelKeyGetsADidYouMean(_ key: String) throws {
        let diagnostics = SimulationFixture.diagnostics(replacing: "\n\(key):", with: "\n\(key)x:")
        let expected = "unknown key '\(key)x' in the simulation model (did you mean '\(key)'?)"
        let error = try #require(diagnostics.first { $0.message.hasPrefix(expected) }, "got: \(diagnostics)")
        let position = try #require(
            SimulationFixture.position(of: "\n\(key)x:", replacing: "\n\(key):", with: "\n\(key)x:"))
        #expect(error.location?.line == position.line + 1)
        #expect(error.location?.column == 1)
    }
}
