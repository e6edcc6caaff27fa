import ArgumentParser
import Foundation
import Her2SimCore

/// `--cases DIR`: where the case library lives (default `$HER2SIM_CASES`, else `./Cases`).
struct CaseOptions: ParsableArguments {
    @Option(name: .customLong("cases"), help: ArgumentHelp(
        "The case directory (default: $HER2SIM_CASES, else ./Cases or the one beside the program).",
        valueName: "dir"))
    var directory: String?

    /// The bundled case library's files, or exit 1 with a message when there is none.
    func files() throws -> [(url: URL, displayName: String)] {
        guard let location = ResourceLocator.locate("Cases", marker: "README.md", explicit: directory,
                                                    environmentKey: "HER2SIM_CASES") else {
            printError("error: cannot find the case directory (Cases/); pass --cases DIR or set HER2SIM_CASES")
            throw ExitStatus.invalidInput
        }
        return CaseLibrary.yamlFiles(in: location.url, displayPrefix: location.displayPrefix)
    }
}
