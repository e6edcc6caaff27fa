import Her2SimRecords
import Testing

/// The records library describes the file; what to type (`--db PATH`) is the command's to say.
@Suite("RecordsError text")
struct RecordsErrorTextTests {
    @Test("no message of the library names a command-line option")
    func noOptions() {
        let errors: [RecordsError] = [
            .notADatabase(path: "r.sqlite"), .foreignDatabase(path: "r.sqlite", tables: ["t"]),
            .newerSchema(path: "r.sqlite", found: 9, supported: 3), .corrupt(path: "r.sqlite", detail: "bad page"),
            .isDirectory(path: "r.sqlite"), .hardLinked(path: "r.sqlite", links: 2),
        ]
        for error in errors {
            #expect(!error.description.contains("--db"), "\(error.description)")
            #expect(error.description.hasPrefix("r.sqlite: error: "))
        }
    }
}
