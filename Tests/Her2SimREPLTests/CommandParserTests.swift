import Her2SimCore
import Her2SimREPL
import Testing

/// The REPL's parser: every command, and every kind of bad line gets one helpful sentence.
@Suite("REPL command parser")
struct CommandParserTests {
    static let knowledge = REPLTestSupport.knowledge
    let parser = CommandParser(vocabulary: CommandVocabulary(knowledge: knowledge, caseIDs: ["hb-401", "hb-402"]))

    func parsed(_ line: String) -> ReplCommand? {
        try? parser.parse(line).get()
    }

    func error(_ line: String) -> String? {
        if case .failure(let error) = parser.parse(line) { return error.message }
        return nil
    }

    @Test func everyCommandParses() {
        #expect(parsed("help") == .help(topic: nil))
        #expect(parsed("help choose") == .help(topic: "choose"))
        #expect(parsed("help exit") == .help(topic: "quit"))
        #expect(parsed("cases") == .cases)
        #expect(parsed("start hb-401") == .start(caseID: "hb-401", seed: nil))
        #expect(parsed("start hb-401 seed 42") == .start(caseID: "hb-401", seed: 42))
        #expect(parsed("start hb-401 42") == .start(caseID: "hb-401", seed: 42))
        #expect(parsed("chart") == .chart)
        #expect(parsed("options") == .options)
        #expect(parsed("info kadcyla") == .info(regimen: "tdm1"))
        #expect(parsed("choose tdm1") == .choose(regimen: "tdm1"))
        #expect(parsed("choose HER2CLIMB") == .choose(regimen: "tucatinib-trastuzumab-capecitabine"))
        #expect(parsed("  choose   t-dm1  ") == .choose(regimen: "tdm1"))
        #expect(parsed("why") == .why)
        #expect(parsed("why all") == .whyAll)
        #expect(parsed("WHY ALL") == .whyAll)
        #expect(parsed("progress") == .progress)
        #expect(parsed("report") == .progress)
        #expect(parsed("help report") == .help(topic: "progress"))
        #expect(parsed("timeline") == .timeline)
        #expect(parsed("score") == .score)
        #expect(parsed("summary") == .summary)
        #expect(parsed("restart") == .restart)
        #expect(parsed("quit") == .quit)
        #expect(parsed("exit") == .quit)
        #expect(parsed("") == .nothing)
        #expect(parsed("   \t ") == .nothing)
        #expect(parsed("CHART") == .chart)
    }

    @Test func manageTakesOneActionAndSaysWhyNot() {
        #expect(parsed("manage hold") == .manage(action: "hold"))
        #expect(parsed("manage Reduce") == .manage(action: "reduce"))
        // How sure, as after a regimen choice; out of range says what it takes.
        #expect(parsed("manage hold 70") == .manage(action: "hold", confidence: 70))
        #expect(parsed("manage hold") == .manage(action: "hold", confidence: nil))
        #expect(error("manage hold 170")?.contains("a number from 0 to 100, e.g. 'manage hold 80'") == true)
        #expect(error("manage hold -5")?.contains("0 to 100") == true)
        #expect(error("manage")?.hasPrefix("manage what?") == true)
        #expect(error("manage hodl")?.contains("did you mean 'hold'?") == true)
        for message in [error("manage"), error("manage hold 170")] {
            #expect((message?.count ?? 0) < 100, "short enough for two screen lines")
        }
    }

    @Test func unknownCommandSuggestsTheNearest() {
        #expect(error("chose tdm1") == "unknown command 'chose' (did you mean 'choose'?); type 'help' for the list")
        #expect(error("hlep") == "unknown command 'hlep' (did you mean 'help'?); type 'help' for the list")
        #expect(error("xyzzy") == "unknown command 'xyzzy'; type 'help' for the list")
    }

    @Test func aRegimenAloneIsNotACommand() {
        #expect(error("tdm1") == "unknown command 'tdm1'; to choose it, type 'choose tdm1'")
    }

    @Test func unknownRegimenSuggestsTheNearest() {
        #expect(error("choose tdm-1x") == "unknown regimen 'tdm-1x' (did you mean 'tdm1'?); type 'options' to see them")
        #expect(error("info zanidatamab") == "unknown regimen 'zanidatamab'; type 'options' to see them")
        // A few letters are the beginning of an id, not a typo of a short alias ('tuc' is not 'ttc').
        #expect(
            error("info tuc")
                == "unknown regimen 'tuc' (did you mean 'tucatinib-trastuzumab-capecitabine'?); type 'options' to see them"
        )
        #expect(error("why not") == "usage: why [all]")
    }

    @Test func missingOrExtraArguments() {
        #expect(error("choose") == "choose what? usage: choose REGIMEN (type 'options' to see them)")
        #expect(
            error("choose t dm1") == "choose one regimen by its id, e.g. 'choose tdm1' (ids have hyphens, not spaces)")
        #expect(error("start") == "start which case? usage: start CASE [seed N] (type 'cases' to see them)")
        #expect(error("start hb-41") == "no case 'hb-41' (did you mean 'hb-401'?); type 'cases' to see them")
        #expect(
            error("start hb-401 seed -3")
                == "a seed is a whole number from 0 to \(UInt64.max), e.g. 'start hb-401 seed 42'")
        #expect(error("start hb-401 seed") == "usage: start CASE [seed N]")
        #expect(error("chart now") == "usage: chart")
        #expect(error("info") == "usage: info REGIMEN")
        #expect(error("help me please") == "usage: help [COMMAND]")
        #expect(error("help chose") == "no command 'chose' (did you mean 'choose'?); type 'help' for the list")
    }

    @Test func hostileLinesAreRefusedWithoutWork() {
        let long = String(repeating: "a", count: 1_000_000)
        #expect(error(long) == "that line is 1000000 bytes long; commands are short — try 'help'")
        #expect(
            error("choose \u{1B}[31mtdm1") == "that line contains control characters; type a command such as 'help'")
        #expect(error("\u{0}") == "that line contains control characters; type a command such as 'help'")
    }

    @Test func completionInContext() {
        let completer = Completer(vocabulary: parser.vocabulary)
        #expect(completer.candidates(lineBeforeWord: "", word: "he") == ["help"])
        #expect(completer.candidates(lineBeforeWord: "choose ", word: "tdm") == ["tdm1"])
        #expect(completer.candidates(lineBeforeWord: "info ", word: "kad") == ["kadcyla"])
        #expect(completer.candidates(lineBeforeWord: "start ", word: "hb-40") == ["hb-401", "hb-402"])
        #expect(completer.candidates(lineBeforeWord: "start hb-401 ", word: "s") == ["seed"])
        #expect(completer.candidates(lineBeforeWord: "help ", word: "ch") == ["chart", "choose"])
        #expect(completer.candidates(lineBeforeWord: "chart ", word: "") == [])
        // Canonical ids first: aliases only when no id begins with what was typed.
        let t = completer.candidates(lineBeforeWord: "info ", word: "t")
        #expect(t == Self.knowledge.regimenIDs.map(\.rawValue).filter { $0.hasPrefix("t") }, "\(t)")
        #expect(!t.contains("t-dxd") && !t.contains("ttc"))
        #expect(completer.candidates(lineBeforeWord: "info ", word: "t-d").contains("t-dxd"))
        #expect(completer.candidates(lineBeforeWord: "why ", word: "") == ["all"])
        let all = completer.candidates(lineBeforeWord: "choose ", word: "")
        #expect(all.count == Set(all).count)
        #expect(Array(all.prefix(Self.knowledge.regimenIDs.count)) == Self.knowledge.regimenIDs.map(\.rawValue))
    }
}
