import COpenSSL

/// SHA-256 of a token: the key of the introspection cache, so the cache holds no token and a lookup
/// costs one hash; also the digest the ES256 and RS256 keys sign and verify. Digest contexts are pooled (`ContextPool`): OpenSSL 3's one-shot `SHA256()`
/// fetches the algorithm and allocates a context per call (about a microsecond); re-initialising a
/// pooled context with a pre-fetched `EVP_MD` costs a fraction of that and allocates nothing.
package enum TokenDigest {
    // nonisolated(unsafe): fetched once, then only read; OpenSSL lets every thread use one EVP_MD.
    nonisolated(unsafe) private static let sha256 = EVP_MD_fetch(nil, "SHA256", nil)
    private static let pool = ContextPool(limit: 32, make: { EVP_MD_CTX_new() }, destroy: { EVP_MD_CTX_free($0) })

    package static func of(_ token: UnsafeRawBufferPointer) -> Digest32 {
        withUnsafeTemporaryAllocation(byteCount: 32, alignment: 8) { out in
            let ok = pool.withContext { context -> (result: Bool, reusable: Bool) in
                var length: UInt32 = 0
                let ok = EVP_DigestInit_ex2(context, sha256 ?? EVP_sha256(), nil) == 1
                    && EVP_DigestUpdate(context, token.baseAddress, token.count) == 1
                    && EVP_DigestFinal_ex(context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length) == 1
                    && length == 32
                return (ok, ok)
            }
            precondition(ok == true, "SHA-256 failed")
            return Digest32(UnsafeRawBufferPointer(out))
        }
    }

    package static func of(_ token: [UInt8]) -> Digest32 {
        token.withUnsafeBytes { of($0) }
    }
}
