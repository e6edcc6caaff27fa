import Foundation
import FuzzSupport
import Her2SimCore
import Her2SimREPL

// The input is what a pipe would send the REPL: bytes, split into lines by the same reader as
// `her2sim play < file`, each line parsed and handled by a real REPL on the bundled cases
// (start, choose, chart, history, summary…), and TAB completion of every line as typed.
nonisolated(unsafe) let knowledge = FuzzSupport.knowledge
nonisolated(unsafe) let configuration = Repl.Configuration(
    knowledge: knowledge, cases: FuzzSupport.cases,
    course: Simulator(knowledge: knowledge, model: FuzzSupport.model), style: .plain, makeSeed: { 7 })
nonisolated(unsafe) let completer = Completer(
    vocabulary: CommandVocabulary(knowledge: knowledge, caseIDs: FuzzSupport.cases.map(\.id)))

FuzzSupport.run { data in
    // Inputs stay under the pipe's 64 KiB buffer (-max_len), so writing first cannot block.
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { fatalError("pipe: \(errno)") }
    data.withUnsafeBytes { _ = write(ends[1], $0.baseAddress, $0.count) }
    close(ends[1])
    defer { close(ends[0]) }

    let repl = Repl(configuration: configuration, write: { _ in })
    var source = PlainLineSource(descriptor: ends[0], output: { _ in })
    while let line = source.readLine(prompt: repl.prompt) {
        let cut = line.lastIndex(of: " ").map { line.index(after: $0) } ?? line.startIndex
        _ = completer.candidates(lineBeforeWord: String(line[..<cut]), word: String(line[cut...]))
        guard repl.handle(line, length: source.lastLineLength) else { break }
    }
}
