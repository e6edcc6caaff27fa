import Foundation

/// Did-you-mean suggestions: a common name's canonical id (`hfs` → `hand-foot-syndrome`), the
/// first candidate the word begins (`tuc` → `tucatinib-…`), else the nearest by edit distance.
public enum Suggestion {
    /// Common names of vocabulary ids (the toxicity table's and the sites'), by normalized name.
    static let commonNames: [String: String] = Dictionary(
        Toxicity.commonNames.map { (String(normalized($0.key)), $0.value.rawValue) }
            + MetastaticSites.commonNames.map { (String(normalized($0.key)), $0.value) },
        uniquingKeysWith: { first, _ in first })

    /// The closest candidate to `word`, or `nil` when nothing is plausibly what was meant.
    /// Candidates are tried in order for a prefix match, so list canonical ids first.
    public static func nearest<S: Sequence>(to word: String, in candidates: S) -> String?
    where S.Element == String {
        let target = normalized(word)
        let candidates = Array(candidates)
        if let canonical = commonNames[String(target)], candidates.contains(canonical) { return canonical }
        // A few typed letters of an id are its beginning, not a typo of a short id ('tuc' ≠ 'ttc').
        if target.count >= 3, let prefixed = candidates.first(where: { normalized($0).starts(with: target) }) {
            return prefixed
        }
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, normalized(candidate))
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        // Short words need a close match: 'ag' may be 'age', but 'xy' is not 'id'. An edit
        // distance as long as the word itself means nothing of it survives.
        let limit = target.count <= 3 ? 1 : max(2, min(target.count, best?.candidate.count ?? 0) / 3)
        if let best, best.distance <= limit, best.distance < target.count {
            return best.candidate
        }
        return partMatch(for: target, in: candidates)
    }

    /// A candidate of which `word` is a whole hyphenated part (`neuropathy` → `peripheral-neuropathy`),
    /// when exactly one candidate has it.
    private static func partMatch(for target: [Character], in candidates: [String]) -> String? {
        let word = String(target)
        guard word.count >= 3 else { return nil }
        let matches = candidates.filter { candidate in
            let parts = String(normalized(candidate)).split(separator: "-").map(String.init)
            return parts.contains(word)
        }
        return Set(matches).count == 1 ? matches.first : nil
    }

    /// `" (did you mean 'x'?)"` or the empty string, ready to append to a message; `display`
    /// writes the candidate as the message writes the others (`{line}` for a placeholder).
    public static func hint<S: Sequence>(for word: String, in candidates: S, display: (String) -> String = { $0 })
        -> String
    where S.Element == String {
        nearest(to: word, in: candidates).map { " (did you mean '\(display($0))'?)" } ?? ""
    }

    /// The same over typed ids (`RegimenID`, `TrialID`), compared as the text they are written as.
    public static func hint<S: Sequence>(for word: String, in candidates: S) -> String
    where S.Element: TextIdentifier {
        hint(for: word, in: candidates.map(\.rawValue))
    }

    /// Case, '_' and spaces do not count: `Last_Regimen` and `total months` are near misses.
    private static func normalized(_ word: String) -> [Character] {
        Array(word.lowercased().replacingOccurrences(of: "_", with: "-").replacingOccurrences(of: " ", with: "-"))
    }

    /// Damerau–Levenshtein (optimal string alignment): a swapped pair of letters costs one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previousPrevious[j - 2] + 1)
                }
            }
            (previousPrevious, previous, current) = (previous, current, previousPrevious)
        }
        return previous[b.count]
    }
}
