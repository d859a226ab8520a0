import CTesseraOpenSSL

/// Tessera's one HMAC-SHA256: under a fixed key the key schedule (the SHA-256 states after
/// key^ipad and key^opad, `tessera_hmac_key` in CTesseraOpenSSL) is computed once and copied onto
/// the stack per message, so a MAC costs the message's compressions plus two, takes no lock and
/// allocates nothing, from any number of threads at once. HS256 signs and verifies with it, and the
/// per-request check of a fast secret hash runs it; `authenticate(key:message:)` is the one-off
/// form for keys used once (key derivation, hashing a new secret).
public final class PreparedHMAC: @unchecked Sendable {
    // @unchecked: the schedule is written once by init, then only read (copied) by each MAC.
    package static let length = 32
    @usableFromInline let state: OpaquePointer

    package init(key: [UInt8]) {
        let state = key.withUnsafeBytes { tessera_hmac_key_new($0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count) }
        guard let state else { fatalError("cannot allocate an HMAC key schedule") }
        self.state = state
    }

    deinit {
        tessera_hmac_key_free(state)
    }

    /// Writes the 32-byte MAC of `message` into `out`. Inlinable: called once per request from OAuth.
    @inlinable
    package func authenticate(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 32)
        tessera_hmac_key_mac(state, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                             out.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    /// The MAC of `message` as 32 new bytes.
    package func authenticate(_ message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Self.length)
        message.withUnsafeBytes { message in out.withUnsafeMutableBytes { authenticate(message, into: $0) } }
        return out
    }

    /// HMAC-SHA256 of `message` under a key used once, into `out` (32 bytes); the schedule lives
    /// on the stack and is wiped.
    package static func authenticate(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= length)
        tessera_hmac_sha256(key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count,
                            message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                            out.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }

    package static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: length)
        key.withUnsafeBytes { key in
            message.withUnsafeBytes { message in out.withUnsafeMutableBytes { authenticate(key: key, message: message, into: $0) } }
        }
        return out
    }
}
