import Foundation
import Testing

@testable import Her2SimCore
@testable import Her2SimLoading

/// Inputs the libFuzzer targets (Fuzz/) once crashed on, kept so the fix stays: each must now
/// load without trapping and be refused with located errors. Fixtures/fuzz/TARGET/NAME.yaml; the
/// expected messages are listed here so a vaguer message also fails.
@Suite("Fuzzer-found inputs")
struct FuzzRegressionTests {
    static let expected: [String: [String]] = [
        // A 67-digit month count: formatting it for the range error converted it to Int and trapped.
        "FuzzStateLoader/months-beyond-int.yaml": [
            "1:1: error: unknown key 'patinet' in a state file (did you mean 'patient'?); expected one of: patient, history, expect, id, title, notes",
            "10:11: error: months must be between 0 and 300; found 7e+65",
        ]
    ]

    static var files: [String] {
        ["FuzzCaseLoader", "FuzzStateLoader"].flatMap { target in
            TestSupport.fixtureFiles(in: "fuzz/\(target)").map { "\(target)/\($0.lastPathComponent)" }
        }
    }

    @Test("every kept input has its expected messages listed")
    func everyInputIsListed() {
        #expect(Set(Self.files) == Set(Self.expected.keys))
    }

    @Test("loads without trapping and is refused with the expected located errors", arguments: files)
    func refusedClearly(_ name: String) throws {
        let url = TestSupport.fixtures.appendingPathComponent("fuzz/\(name)")
        let diagnostics: [Diagnostic]
        if name.hasPrefix("FuzzStateLoader/") {
            do {
                _ = try StateLoader.load(contentsOf: url, displayName: "f.yaml", knowledge: TestSupport.knowledge)
                diagnostics = []
            } catch {
                diagnostics = error.diagnostics
            }
        } else {
            diagnostics =
                CaseLoader.load(contentsOf: url, displayName: "f.yaml", knowledge: TestSupport.knowledge).diagnostics
        }
        let rendered = diagnostics.map { $0.description.replacingOccurrences(of: "f.yaml:", with: "") }
        #expect(rendered == Self.expected[name], "\(rendered)")
    }
}
