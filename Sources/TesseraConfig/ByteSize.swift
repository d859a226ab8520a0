/// A config size: `512KiB`, `16MiB`, `1GiB` (binary units, an integer count of them) or a bare
/// number of bytes (`1048576`). Nothing else: no fractions, no signs, no decimal `MB` whose
/// meaning readers disagree on.
package enum ByteSize {
    static let units: [(suffix: String, shift: Int)] = [("KiB", 10), ("MiB", 20), ("GiB", 30), ("TiB", 40)]

    /// The size in bytes, or nil for anything that is not one (or does not fit in an Int).
    package static func parse(_ text: String) -> Int? {
        var number = Substring(text)
        var shift = 0
        for unit in units where number.hasSuffix(unit.suffix) {
            number = number.dropLast(unit.suffix.count)
            shift = unit.shift
            break
        }
        guard !number.isEmpty, number.count <= 19, number.utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let count = Int(number), count <= Int.max >> shift
        else { return nil }
        return count << shift
    }

    /// The shortest spelling of `bytes` in the units `parse` reads: `16MiB`, `1536KiB`, `1000`.
    package static func text(_ bytes: Int) -> String {
        for unit in units.reversed() where bytes != 0 && bytes % (1 << unit.shift) == 0 {
            return "\(bytes >> unit.shift)\(unit.suffix)"
        }
        return "\(bytes)"
    }
}
