import Foundation
import FuzzSupport
import Her2SimLoading

// Bytes → a case index file. Twice: the bytes as a whole file (the checksum must refuse nearly
// all of them), and the bytes as the records after a fixed stamp with a correct checksum added
// (so the record parser itself is driven). Whatever decodes must encode and decode to itself.
let stamp = SourceStamp(text: "version\tfuzz\n")
let prefix = Array(("her2sim case index 1\n" + stamp.text).utf8)
FuzzSupport.run { data in
    let bytes = [UInt8](data)
    _ = CaseIndexFile.decode(bytes, stamp: stamp)
    var file = prefix + bytes
    var hash = FNV1a()
    hash.add(file)
    let digits = String(hash.value, radix: 16)
    file += Array(("checksum\t" + String(repeating: "0", count: 16 - digits.count) + digits + "\n").utf8)
    guard let index = CaseIndexFile.decode(file, stamp: stamp) else { return }
    precondition(CaseIndexFile.decode(CaseIndexFile.encode(index, stamp: stamp), stamp: stamp) == index)
}
