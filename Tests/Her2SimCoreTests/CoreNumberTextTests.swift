import Testing

@testable import Her2SimCore

/// Core's numbers in text never trap, whatever the value (the fuzzer's lesson).
@Suite("Core numbers in text")
struct CoreNumberTextTests {
    @Test("whole, fractional, huge, negative zero, NaN and infinite values all print")
    func neverTraps() {
        #expect(ClinicalWording.number(12) == "12")
        #expect(ClinicalWording.number(12.5) == "12.5")
        #expect(ClinicalWording.number(1e300) == "1e+300")
        #expect(ClinicalWording.number(-0.0) == "0")
        #expect(ClinicalWording.number(.nan) == "nan")
        #expect(ClinicalWording.number(.infinity) == "inf")
        #expect(ClinicalWording.months(1e300).hasSuffix("months"))
    }
}
