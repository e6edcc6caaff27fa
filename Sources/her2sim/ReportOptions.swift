import ArgumentParser
import Foundation
import Her2SimRecords

/// `--db PATH`: the training records database, shared by every subcommand that reads or writes
/// records (default `$XDG_DATA_HOME/her2sim/records.sqlite`).
struct RecordsOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The records database (default: $XDG_DATA_HOME/her2sim/records.sqlite, else ~/.local/share/her2sim/records.sqlite).",
        valueName: "path"))
    var path: String?

    var url: URL {
        path.map { URL(fileURLWithPath: $0) }
            ?? RecordStore.defaultURL(environment: ProcessInfo.processInfo.environment)
    }

    /// Opens (or creates) the database; a file her2sim cannot use is reported by name and left
    /// untouched, and the command exits with status 1.
    func open() throws -> RecordStore {
        do {
            return try RecordStore(url: url)
        } catch {
            printError(error.description)
            throw ExitStatus.invalidInput
        }
    }
}

/// A calendar day given as YYYY-MM-DD, from local midnight.
enum ReportDate {
    static func parse(_ text: String, timeZone: TimeZone = .current) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == year, check.month == month, check.day == day else { return nil }   // 2025-02-30
        return date
    }
}
