/// Tests on the eight bytes of a word at once (the scans of header values, request targets and
/// logfmt values). Each returns a mask that is non-zero exactly when some byte matches, so that a
/// caller ORs several and compares once (branch-free): `(x - 0x01..01 * n) & ~x & 0x80..80` is
/// non-zero exactly when a byte of `x` is below `n` (for n <= 0x80); a byte equal to `c` is a
/// zero byte of `x ^ c..c`.
public enum ByteWord {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let highs: UInt64 = 0x8080_8080_8080_8080

    /// Non-zero when a byte of `word` is below `bound` (at most 0x80).
    @inlinable @inline(__always)
    public static func below(_ word: UInt64, _ bound: UInt64) -> UInt64 {
        (word &- ones &* bound) & ~word & highs
    }

    /// Non-zero when a byte of `word` equals `byte`.
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        below(word ^ (ones &* UInt64(byte)), 1)
    }

    /// Non-zero when a byte of `word` is 0x7F or above: bit 7 set, or set once 1 is added to its
    /// low seven bits.
    @inlinable @inline(__always)
    public static func above7E(_ word: UInt64) -> UInt64 {
        (word | ((word & (ones &* 0x7F)) &+ ones)) & highs
    }

    /// Whether every byte of `word` is visible ASCII (0x21 to 0x7E).
    @inlinable @inline(__always)
    public static func isVisibleASCII(_ word: UInt64) -> Bool {
        (below(word, 0x21) | above7E(word)) == 0
    }
}
