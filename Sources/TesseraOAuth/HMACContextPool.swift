import COpenSSL
import TesseraCore

/// Reusable HMAC-SHA256 contexts for per-request keyed hashes (fast secret hashes, the verified
/// secret memo). OpenSSL 3's one-shot `HMAC()` fetches the algorithm and builds a context on every
/// call (about 1 µs); re-keying a pooled `EVP_MAC_CTX` costs less than half of that and allocates
/// nothing. Each context is used by one thread at a time; the lock guards only the free list.
final class HMACContextPool: @unchecked Sendable {
    static let shared = HMACContextPool()

    private let mac: OpaquePointer?
    private let lock = PthreadMutex()
    private var free: [OpaquePointer] = []
    private let limit = 32

    private init() {
        mac = EVP_MAC_fetch(nil, "HMAC", nil)
        free.reserveCapacity(limit)
    }

    /// HMAC-SHA256(key, message) into `out` (32 bytes); false when OpenSSL failed.
    func authenticate(key: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        guard let mac else { return false }
        let pooled = lock.withLock { free.popLast() }
        let keyBase = key.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let context: OpaquePointer
        if let pooled {
            context = pooled
            guard EVP_MAC_init(context, keyBase, key.count, nil) == 1 else {
                EVP_MAC_CTX_free(context)
                return false
            }
        } else {
            guard let fresh = tessera_hmac_sha256_new(mac, keyBase, key.count) else { return false }
            context = fresh
        }
        var length = 0
        let ok = EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
            && EVP_MAC_final(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, out.count) == 1
            && length == OpenSSLCrypto.sha256Length
        let kept = ok && lock.withLock { () -> Bool in
            guard free.count < limit else { return false }
            free.append(context)
            return true
        }
        if !kept { EVP_MAC_CTX_free(context) }
        return ok
    }
}
