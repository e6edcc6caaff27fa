import ArgumentParser

/// The exit statuses her2sim documents (see `her2sim --help`).
enum ExitStatus {
    /// An input file — a state file or a case — has errors.
    static let invalidInput = ExitCode(1)
    /// The knowledge base (`Scoring/`) is missing or invalid.
    static let invalidKnowledge = ExitCode(2)
}
