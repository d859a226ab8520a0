import COpenSSL

/// An HMAC-SHA256 key (JWS `HS256`, RFC 7518 §3.2): signer and verifier in one.
///
/// `keyID` is base64url of the first 16 bytes of HMAC-SHA256(key: secret, "tessera-kid"):
/// stable for a secret, distinct between secrets, and reveals nothing about the secret.
/// The secret itself is kept only inside OpenSSL's keyed contexts.
package final class HS256Key: JWSSigner, JWSVerifier, @unchecked Sendable {
    // @unchecked: the EVP_MAC is immutable after init and the pool hands each context to one thread.
    package static let minimumSecretLength = 32
    package let algorithm = JWSAlgorithm.HS256
    package let keyID: KeyID
    private let mac: OpaquePointer
    private let pool: ContextPool

    /// - Throws: `secretTooShort` below 32 bytes, `openSSL` when HMAC is unavailable.
    package init(secret: [UInt8]) throws(JOSEError) {
        guard secret.count >= Self.minimumSecretLength else {
            throw .secretTooShort(minimum: Self.minimumSecretLength, actual: secret.count)
        }
        guard let mac = EVP_MAC_fetch(nil, "HMAC", nil) else { throw OpenSSLError.error("EVP_MAC_fetch(HMAC)") }
        // The pool's factory keeps a copy of the secret (memory only) to key each new context.
        let keyCopy = secret
        let pool = ContextPool(
            make: {
                keyCopy.withUnsafeBufferPointer { tessera_hmac_sha256_new(mac, $0.baseAddress, $0.count) }
            },
            destroy: { EVP_MAC_CTX_free($0) }
        )
        self.mac = mac
        self.pool = pool
        var digest = [UInt8](repeating: 0, count: 32)
        let ok = Array("tessera-kid".utf8).withUnsafeBytes { input in
            digest.withUnsafeMutableBytes { Self.compute(pool: pool, input, into: $0) }
        }
        guard ok else {
            EVP_MAC_free(mac)
            throw OpenSSLError.error("HMAC-SHA256")
        }
        self.keyID = KeyID(Base64URL.encode(digest.prefix(16)))
    }

    deinit {
        EVP_MAC_free(mac)
    }

    /// HMAC-SHA256 of `input` into the 32 bytes at `out`.
    private static func compute(pool: ContextPool, _ input: UnsafeRawBufferPointer, into out: UnsafeMutableRawBufferPointer) -> Bool {
        pool.withContext { ctx in
            var length = 0
            let ok = EVP_MAC_init(ctx, nil, 0, nil) == 1
                && EVP_MAC_update(ctx, input.baseAddress?.assumingMemoryBound(to: UInt8.self), input.count) == 1
                && EVP_MAC_final(ctx, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, out.count) == 1
                && length == 32
            return (ok, ok)
        } ?? false
    }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &digest) { Self.compute(pool: pool, signingInput, into: $0) }
        guard ok else { throw OpenSSLError.error("HMAC-SHA256") }
        withUnsafeBytes(of: &digest) { out.append(contentsOf: $0) }
    }

    package func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        guard algorithm == .HS256, signature.count == 32 else { return false }
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &digest) { Self.compute(pool: pool, signingInput, into: $0) }
        guard ok else {
            OpenSSLError.clear()
            return false
        }
        return withUnsafeBytes(of: &digest) { CRYPTO_memcmp($0.baseAddress, signature.baseAddress, 32) == 0 }
    }
}
