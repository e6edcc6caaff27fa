import Foundation
import Testing

/// Issue 14: a fellow plays a management decision in a real terminal — `manage h<TAB>` completes,
/// the tier and the label's instruction are shown, and the next interval reflects the choice.
/// Its own tmux server (`-L`, a socket of its own), like the other terminal tests.
@Suite("Management decision in a real terminal (tmux)", .serialized)
struct ManagementTerminalTests {
    @Test("manage h<TAB> completes; reduce shows its tier, the label and the lower dose in the timeline")
    func manageInTmux() throws {
        let binary = try #require(CLI.binary)
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux"), "tmux is needed")
        let tmux = try TerminalSessionTests.Tmux()
        try tmux.start(binary: binary)
        try tmux.waitFor("her2sim>")
        try tmux.send("start hb-411 seed 1", "Enter")
        try tmux.waitFor("her2sim hb-411 t1>")
        try tmux.send("choose tucatinib-trastuzumab-capecitabine", "Enter")
        try tmux.waitFor("How sure are you?")
        try tmux.send("Enter")
        let asked = try tmux.waitFor("A toxicity to manage")
        #expect(asked.contains("Grade 3 hand-foot syndrome"))
        #expect(asked.contains("omit-capecitabine"))

        try tmux.send("manage h", "Tab")
        try tmux.waitFor("> manage hold")
        try tmux.send("C-u")
        try tmux.send("manage reduce", "Enter")
        // Asked like after a regimen choice, before the verdict.
        let question = try tmux.waitFor("manage reduce\nHow sure are you?")
        #expect(!question.contains("You chose to reduce"))
        try tmux.send("60", "Enter")
        let verdict = try tmux.waitFor("You chose to reduce")
        #expect(verdict.contains("preferred, 10/10 points"))
        #expect(verdict.contains("75% of the starting dose"), "the label's instruction is quoted")
        #expect(verdict.contains("Holding capecitabine, then one dose level lower (75%)"))

        try tmux.send("timeline", "Enter")
        let timeline = try tmux.waitFor("↳ reduce")
        #expect(timeline.contains("one dose level lower (75%)"))
        try tmux.send("quit", "Enter")
        #expect(try tmux.exitStatus() == "0")
    }
}
