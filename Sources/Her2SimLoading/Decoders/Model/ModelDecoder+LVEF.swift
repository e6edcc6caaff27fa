import Foundation
import Her2SimCore
import Yams

/// `lvef`: the LVEF band each grade of decline leads to.
extension ModelDecoder {
    func lvef(_ node: Node) -> SimulationModel.LVEFSection? {
        guard let map = assumptionMap(node, "the LVEF model", extra: ["grades"], section: "lvef") else { return nil }
        guard let gradesNode = map.required("grades"),
            let grades = reader.mapping(gradesNode, "LVEF bands by grade (1–4)", allowed: [])
        else { return nil }
        lvefGradesNode = gradesNode
        var bands: [Int: LVEFBand] = [:]
        for entry in grades.entries {
            guard let grade = reader.int(entry.keyNode, "grade", in: 1...4),
                let band = reader.mapping(
                    entry.value, "the LVEF band of grade \(grade)", allowed: ["drop", "lowest", "highest"])
            else { continue }
            band.rejectUnknownKeys()
            let drop = band.required("drop").flatMap { reader.int($0, "drop (points)", in: 0...80) }
            let lowest = band.required("lowest").flatMap { reader.int($0, "lowest LVEF", in: 0...90, unit: "percent") }
            let highest = band.required("highest").flatMap {
                reader.int($0, "highest LVEF", in: 0...90, unit: "percent")
            }
            guard let drop, let lowest, let highest else { continue }
            if lowest > highest {
                reader.error("lowest (\(lowest)) is above highest (\(highest))", at: entry.value)
                continue
            }
            bands[grade] = LVEFBand(drop: drop, lowest: lowest, highest: highest)
        }
        // Grade 1 is checked against lvef-decline's lowest grade once the grade mixes are read.
        let missing = (2...4).filter { bands[$0] == nil }
        if !missing.isEmpty, !reader.hasErrors {
            reader.error(
                "LVEF bands are missing for grade \(missing.map(String.init).joined(separator: ", "))", at: gradesNode)
        }
        return .init(bands: bands)
    }

    /// Grade 1 of the LVEF bands against lvef-decline's lowest grade, once the grade mixes are read.
    func checkLVEFBands(_ lvef: SimulationModel.LVEFSection, against toxicity: SimulationModel.ToxicitySection) {
        let lowestLVEFGrade = toxicity.gradeMix(of: .lvefDecline).lowestGrade
        if let gradesNode = lvefGradesNode {
            if lowestLVEFGrade >= 2, lvef.bands[1] != nil {
                reader.error(
                    "an LVEF band for grade 1 is never used: lvef-decline's lowest grade is \(lowestLVEFGrade) (toxicity grades)",
                    at: gradesNode)
            } else if lowestLVEFGrade == 1, lvef.bands[1] == nil {
                reader.error("LVEF bands are missing for grade 1", at: gradesNode)
            }
        }
    }
}
