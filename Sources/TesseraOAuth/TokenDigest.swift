import COpenSSL
import TesseraCore

/// SHA-256 of a token: the key of the introspection cache, so the cache holds no token and a lookup
/// costs one hash. Digest contexts are pooled: OpenSSL 3's one-shot `SHA256()` fetches the algorithm
/// and allocates a context per call (about a microsecond); re-initialising a pooled context with a
/// pre-fetched `EVP_MD` costs a fraction of that and allocates nothing.
enum TokenDigest {
    private static let pool = DigestContextPool()

    /// SHA-256 of `token`.
    static func of(_ token: UnsafeRawBufferPointer) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { out in
            pool.sha256(token, into: out)
            return Digest32(UnsafeRawBufferPointer(out))
        }
    }

    static func of(_ token: [UInt8]) -> Digest32 {
        token.withUnsafeBytes { of($0) }
    }
}

/// Reusable `EVP_MD_CTX`s for SHA-256; each is used by one thread at a time.
private final class DigestContextPool: @unchecked Sendable {
    private let md: OpaquePointer?
    private let lock = PthreadMutex()
    private var free: [OpaquePointer] = []
    private let limit = 32

    init() {
        md = EVP_MD_fetch(nil, "SHA256", nil)
        free.reserveCapacity(limit)
    }

    func sha256(_ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) {
        let context = lock.withLock { free.popLast() } ?? EVP_MD_CTX_new()
        var length: UInt32 = 0
        let ok = context != nil
            && EVP_DigestInit_ex2(context, md ?? EVP_sha256(), nil) == 1
            && EVP_DigestUpdate(context, input.baseAddress, input.count) == 1
            && EVP_DigestFinal_ex(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
            && length == 32
        precondition(ok, "SHA-256 failed")
        let kept = lock.withLock { () -> Bool in
            guard free.count < limit else { return false }
            free.append(context!)
            return true
        }
        if !kept { EVP_MD_CTX_free(context) }
    }
}
