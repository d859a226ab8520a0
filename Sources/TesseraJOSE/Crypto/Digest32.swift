/// A 32-byte digest held inline (four words), so memo entries need no heap storage, compared in
/// constant time. Inlinable: the secret and token checks on the hot path (in OAuth) build and compare
/// one per request.
@frozen
public struct Digest32: Hashable, Sendable {
    @usableFromInline package var w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64

    @inlinable
    package init(w0: UInt64, w1: UInt64, w2: UInt64, w3: UInt64) {
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2
        self.w3 = w3
    }

    @inlinable
    package init(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 32)
        w0 = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        w1 = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        w2 = bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        w3 = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
    }

    @inlinable
    package init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { Digest32($0) }
    }

    /// Constant time: every word is always compared.
    @inlinable
    package func constantTimeEquals(_ other: Digest32) -> Bool {
        ((w0 ^ other.w0) | (w1 ^ other.w1) | (w2 ^ other.w2) | (w3 ^ other.w3)) == 0
    }
}
