import COpenSSL
import CTesseraOpenSSL

/// HMAC-SHA256 under one fixed key, with the key schedule computed once (see
/// `tessera_hmac_key` in CTesseraOpenSSL): the per-request secret checks call it with a short message,
/// so each MAC costs two SHA-256 compressions and no allocation.
public final class PreparedHMAC: @unchecked Sendable {
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
}
