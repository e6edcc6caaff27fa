/// Substring search on UTF-8 bytes, for the linter's many small scans of case prose.
enum ByteSearch {
    /// The first index at or after `start` where `needle` occurs in `haystack`.
    static func firstIndex<Bytes: RandomAccessCollection<UInt8>>(
        of needle: [UInt8], in haystack: Bytes, from start: Bytes.Index? = nil
    )
        -> Bytes.Index? where Bytes.Index == Int
    {
        guard let first = needle.first, needle.count <= haystack.count else { return nil }
        var index = start ?? haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func contains<Bytes: RandomAccessCollection<UInt8>>(_ haystack: Bytes, _ needle: [UInt8]) -> Bool
    where Bytes.Index == Int {
        firstIndex(of: needle, in: haystack) != nil
    }
}
