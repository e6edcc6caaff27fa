/// Sorting simulated times in linear time: non-negative doubles order like their bit patterns,
/// so an LSD radix sort over 11-bit digits sorts them exactly — a few times faster than a
/// comparison sort at calibration sizes.
enum RadixSort {
    static func sort(_ values: inout [Double]) {
        let count = values.count
        guard count > 512 else {
            values.sort()
            return
        }
        var keys = values.map { $0 > 0 ? $0.bitPattern : 0 }
        var scratch = [UInt64](repeating: 0, count: count)
        var counts = [Int](repeating: 0, count: 2048)
        var shift: UInt64 = 0
        while shift < 64 {
            for index in counts.indices { counts[index] = 0 }
            for key in keys { counts[Int((key >> shift) & 0x7FF)] += 1 }
            if counts.contains(count) {
                shift += 11
                continue
            }
            var total = 0
            for index in counts.indices {
                let bucket = counts[index]
                counts[index] = total
                total += bucket
            }
            for key in keys {
                let digit = Int((key >> shift) & 0x7FF)
                scratch[counts[digit]] = key
                counts[digit] += 1
            }
            swap(&keys, &scratch)
            shift += 11
        }
        for index in 0..<count { values[index] = Double(bitPattern: keys[index]) }
    }
}
