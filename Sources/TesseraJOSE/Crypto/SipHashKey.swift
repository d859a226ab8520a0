import CTessera

/// A 128-bit SipHash-2-4 key: the MAC the per-request secret check compares (see
/// `VerifiedSecretCache`). SipHash is a pseudorandom function built for short inputs; under a key
/// drawn at start-up and never stored, forging a 128-bit tag is a 2^-128 guess. It costs about 200
/// instructions for a client id and secret, where HMAC-SHA256 costs two SHA-256 compressions
/// (about 4,900 instructions per request measured with callgrind, docs/PERFORMANCE.md).
@frozen
public struct SipHashKey: Sendable {
    @usableFromInline let k0: UInt64
    @usableFromInline let k1: UInt64

    /// The key's 16 bytes (the first 16 of `bytes`).
    package init(_ bytes: [UInt8]) {
        precondition(bytes.count >= 16)
        (k0, k1) = bytes.withUnsafeBytes {
            (UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }

    /// A key drawn from OpenSSL's generator.
    package static func random() -> SipHashKey {
        SipHashKey(OpenSSLCrypto.randomBytes(16))
    }

    /// The 16-byte tag of `message`.
    @inlinable
    package func mac(_ message: UnsafeRawBufferPointer) -> Digest16 {
        var out: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &out) { raw in
            tessera_siphash128(k0, k1, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                               raw.baseAddress!.assumingMemoryBound(to: UInt64.self))
        }
        return Digest16(w0: out.0, w1: out.1)
    }

    /// The tag of `first`, one zero byte, then `second` (`mac` of that message), read from the
    /// two where they are: the message, which may hold a secret, is not copied anywhere.
    @inlinable
    package func mac(_ first: UnsafeRawBufferPointer, joinedTo second: UnsafeRawBufferPointer) -> Digest16 {
        var out: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &out) { raw in
            tessera_siphash128_joined(
                k0, k1, first.baseAddress?.assumingMemoryBound(to: UInt8.self), first.count,
                second.baseAddress?.assumingMemoryBound(to: UInt8.self), second.count,
                raw.baseAddress!.assumingMemoryBound(to: UInt64.self))
        }
        return Digest16(w0: out.0, w1: out.1)
    }
}
