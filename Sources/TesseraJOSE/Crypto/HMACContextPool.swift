import COpenSSL

/// Reusable HMAC-SHA256 contexts for per-request keyed hashes (fast secret hashes, the verified
/// secret memo). OpenSSL 3's one-shot `HMAC()` fetches the algorithm and builds a context on every
/// call (about 1 µs); re-keying a pooled `EVP_MAC_CTX` costs less than half of that and allocates
/// nothing. The contexts live in a `ContextPool`.
final class HMACContextPool: @unchecked Sendable {
    static let shared = HMACContextPool()

    private let mac: OpaquePointer?
    private let pool: ContextPool

    private init() {
        let mac = EVP_MAC_fetch(nil, "HMAC", nil)
        self.mac = mac
        // A new context gets its digest (SHA-256) here, under a placeholder key; every use re-keys it.
        pool = ContextPool(
            limit: 32,
            make: {
                guard let mac else { return nil }
                var placeholder: UInt8 = 0
                return tessera_hmac_sha256_new(mac, &placeholder, 1)
            },
            destroy: { EVP_MAC_CTX_free($0) })
    }

    /// HMAC-SHA256 of `message` under `key` into `out` (32 bytes); false when OpenSSL refused, and
    /// the caller falls back to the one-shot `HMAC()`.
    func authenticate(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard mac != nil else { return false }
        return pool.withContext { context -> (result: Bool, reusable: Bool) in
            var length = 0
            let ok = EVP_MAC_init(context, key.baseAddress?.assumingMemoryBound(to: UInt8.self), key.count, nil) == 1
                && EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                && EVP_MAC_final(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, out.count) == 1
                && length == OpenSSLCrypto.sha256Length
            return (ok, ok)
        } ?? false
    }
}
