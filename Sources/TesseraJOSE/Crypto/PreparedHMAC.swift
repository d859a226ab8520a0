import COpenSSL

/// HMAC-SHA256 under one fixed key, with the key schedule computed once (see
/// `tessera_hmac_key` in shim.h): the per-request secret checks call it with a short message,
/// so each MAC costs two SHA-256 compressions and no allocation.
public final class PreparedHMAC: @unchecked Sendable {
    @usableFromInline let state: UnsafeMutablePointer<tessera_hmac_key>

    package init(key: [UInt8]) {
        let state = UnsafeMutablePointer<tessera_hmac_key>.allocate(capacity: 1)
        key.withUnsafeBytes { tessera_hmac_key_init(state, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count) }
        self.state = state
    }

    deinit {
        OPENSSL_cleanse(state, MemoryLayout<tessera_hmac_key>.size)
        state.deallocate()
    }

    /// Writes the 32-byte MAC of `message` into `out`. Inlinable: called once per request from OAuth.
    @inlinable
    package func authenticate(_ message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        precondition(out.count >= 32)
        tessera_hmac_key_mac(state, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count,
                             out.baseAddress!.assumingMemoryBound(to: UInt8.self))
    }
}
