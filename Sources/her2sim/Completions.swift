import ArgumentParser
import Foundation
import Her2SimCore
import Her2SimLoading

/// Shell completion (`her2sim --generate-completion-script bash|zsh|fish`): case ids and
/// regimen ids come from the case library and the knowledge base the command would use, so they
/// follow `Cases/` and `Scoring/` without a list in the code; files and folders from the shell.
enum Completions {
    /// Case ids, e.g. `her2sim play hb-4<TAB>`.
    static let caseIDs = CompletionKind.custom { words, _, prefix in
        caseIDs(casesDirectory: value(of: "--cases", in: words)).filter { $0.hasPrefix(prefix) }
    }

    /// Regimen ids, e.g. `--path tdm1,tuc<TAB>`: completes the last of a comma-separated list.
    static let regimenIDs = CompletionKind.custom { words, _, prefix in
        let head = prefix.range(of: ",", options: .backwards).map { String(prefix[..<$0.upperBound]) } ?? ""
        let last = String(prefix.dropFirst(head.count))
        return regimenIDs(scoringDirectory: value(of: "--scoring", in: words))
            .filter { $0.hasPrefix(last) }.map { head + $0 }
    }

    /// Trial ids of `Scoring/trials.yaml`, e.g. `calibrate --trial HER<TAB>`.
    static let trialIDs = CompletionKind.custom { words, _, prefix in
        knowledge(scoringDirectory: value(of: "--scoring", in: words))?.trials.map(\.id.rawValue).filter {
            $0.hasPrefix(prefix)
        }
            ?? []
    }

    static let stateFiles = CompletionKind.file(extensions: ["yaml", "yml"])
    static let caseFiles = CompletionKind.file(extensions: ["yaml", "yml"])
    static let folders = CompletionKind.directory

    /// The ids of the cases in the library (a top-level `id:` line of each file), sorted.
    static func caseIDs(casesDirectory: String?) -> [String] {
        guard
            let location = ResourceLocator.locate(
                "Cases", marker: "README.md", explicit: casesDirectory,
                environmentKey: CaseOptions.environmentKey)
        else { return [] }
        let ids = CaseLibrary.yamlFiles(in: location.url, displayPrefix: "").compactMap { file -> String? in
            // The id is near the top: read at most 64 KiB, whatever the file's size.
            guard let head = try? FileHandle(forReadingFrom: file.url).read(upToCount: 65_536) else { return nil }
            let text = String(decoding: head, as: UTF8.self)
            for line in text.split(separator: "\n") where line.hasPrefix("id:") {
                let id = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return id.isEmpty ? nil : id
            }
            return nil
        }
        return Array(Set(ids)).sorted()
    }

    /// The canonical regimen ids of the knowledge base, in its order.
    static func regimenIDs(scoringDirectory: String?) -> [String] {
        knowledge(scoringDirectory: scoringDirectory)?.regimenIDs.map(\.rawValue) ?? []
    }

    /// The knowledge base the command would load, or nil (completion prints nothing then).
    private static func knowledge(scoringDirectory: String?) -> Knowledge? {
        guard
            let location = ResourceLocator.locate(
                "Scoring", marker: "regimens.yaml", explicit: scoringDirectory,
                environmentKey: "HER2SIM_SCORING")
        else { return nil }
        return try? Workspace.knowledge(scoring: Workspace.Directory(url: location.url, displayPrefix: ""))
    }

    /// The value given to `option` earlier on the command line, if any.
    private static func value(of option: String, in words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if word == option, index + 1 < words.count { return words[index + 1] }
            if word.hasPrefix(option + "=") { return String(word.dropFirst(option.count + 1)) }
        }
        return nil
    }
}

/// A word as a POSIX shell reads it back: as is when it is plain, else in single quotes.
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "-_./=+,:@%").union(.alphanumerics)
        if !word.isEmpty, word.unicodeScalars.allSatisfy({ $0.isASCII && plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
