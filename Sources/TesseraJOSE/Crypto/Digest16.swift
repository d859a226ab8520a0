/// A 16-byte tag held inline (two words), compared in constant time.
@frozen
public struct Digest16: Hashable, Sendable {
    @usableFromInline package var w0: UInt64, w1: UInt64

    @inlinable
    package init(w0: UInt64, w1: UInt64) {
        self.w0 = w0
        self.w1 = w1
    }

    /// The tag's bytes, the first word's little-endian bytes first (the reference byte order).
    package var bytes: [UInt8] {
        withUnsafeBytes(of: (w0.littleEndian, w1.littleEndian)) { Array($0) }
    }

    /// Constant time: both words are always compared.
    @inlinable
    package func constantTimeEquals(_ other: Digest16) -> Bool {
        ((w0 ^ other.w0) | (w1 ^ other.w1)) == 0
    }
}
