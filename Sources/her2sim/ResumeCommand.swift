import ArgumentParser

/// `her2sim resume [SESSION]`: rebuild a stored session from its log and continue it.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue an unfinished session (default: your latest) from the records database."
    )

    @Argument(help: ArgumentHelp("The session number (see 'her2sim report').", valueName: "session"))
    var session: String?

    @OptionGroup var options: ReplOptions

    /// Not offered (so not in the help), only caught to say why it cannot apply.
    @Option(help: .private)
    var seed: UInt64?

    func validate() throws {
        // The stored session keeps the seed it was played with; another would not replay its log.
        if let seed {
            throw ValidationError(
                "--seed \(seed) cannot apply to 'resume': a stored session continues with the seed it was started with (see 'her2sim report'); use it with 'play'"
            )
        }
    }

    func run() throws {
        try options.launch(caseID: nil, resuming: session ?? "")
    }
}
