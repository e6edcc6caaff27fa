import Foundation
import FuzzSupport
import Her2SimCore
import Her2SimREPL

// Any line (invalid UTF-8 repaired as readline's caller sees it) → a command or a message, and
// TAB completion of every prefix of it.
let vocabulary = CommandVocabulary(knowledge: FuzzSupport.knowledge, caseIDs: FuzzSupport.caseIDs)
let parser = CommandParser(vocabulary: vocabulary)
let completer = Completer(vocabulary: vocabulary)
FuzzSupport.run { data in
    let line = String(decoding: data, as: UTF8.self)
    switch parser.parse(line) {
    case .success(let command): _ = command
    case .failure(let error): _ = error.message
    }
    // Completion sees the line split at its last space, as readline hands it over.
    let cut = line.lastIndex(of: " ").map { line.index(after: $0) } ?? line.startIndex
    _ = completer.candidates(lineBeforeWord: String(line[..<cut]), word: String(line[cut...]))
}
