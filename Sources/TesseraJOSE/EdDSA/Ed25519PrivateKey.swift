import COpenSSL

/// An Ed25519 private key (JWS `EdDSA`, RFC 8037): signs with OpenSSL's one-shot
/// `EVP_DigestSign` (no digest). Safe to use from many threads at once.
/// `keyID` is the RFC 7638 thumbprint of the public JWK.
package final class Ed25519PrivateKey: DirectoryKey, @unchecked Sendable {
    // @unchecked: the EVP_PKEY is only read after init; each signing context is owned by one
    // thread at a time (ContextPool).
    package let algorithm = JWSAlgorithm.EdDSA
    package let publicKey: Ed25519PublicKey
    let pkey: OpaquePointer
    private let pool: ContextPool

    package var keyID: KeyID { publicKey.keyID }
    package var keyType: KeyType { .ed25519 }
    package var verifier: any PublicKey { publicKey }

    /// Takes ownership of `pkey`, which must be an Ed25519 private key.
    init(taking pkey: OpaquePointer) throws(JOSEError) {
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519 else {
            EVP_PKEY_free(pkey)
            throw .invalidKey("not an Ed25519 key")
        }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = 32
        guard EVP_PKEY_get_raw_public_key(pkey, &raw, &length) == 1, length == 32 else {
            EVP_PKEY_free(pkey)
            throw OpenSSLError.error("EVP_PKEY_get_raw_public_key")
        }
        do {
            self.publicKey = try Ed25519PublicKey(rawRepresentation: raw)
        } catch {
            EVP_PKEY_free(pkey)
            throw error
        }
        self.pkey = pkey
        self.pool = ContextPool(
            make: {
                guard let ctx = EVP_MD_CTX_new() else { return nil }
                guard EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else {
                    EVP_MD_CTX_free(ctx)
                    return nil
                }
                return ctx
            },
            destroy: { EVP_MD_CTX_free($0) }
        )
    }

    /// From the 32-byte seed (RFC 8032 private key, the JWK `d` member decoded).
    package convenience init(seed: [UInt8]) throws(JOSEError) {
        guard seed.count == 32 else { throw .invalidKey("an Ed25519 seed is 32 bytes, got \(seed.count)") }
        guard let pkey = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) }) else {
            throw OpenSSLError.error("EVP_PKEY_new_raw_private_key")
        }
        try self.init(taking: pkey)
    }

    /// A new random key from OpenSSL's CSPRNG.
    package static func generate() throws(JOSEError) -> Ed25519PrivateKey {
        guard let ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw OpenSSLError.error("EVP_PKEY_CTX_new_id") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var pkey: OpaquePointer?
        guard EVP_PKEY_keygen_init(ctx) == 1, EVP_PKEY_keygen(ctx, &pkey) == 1, let pkey else {
            throw OpenSSLError.error("EVP_PKEY_keygen")
        }
        return try Ed25519PrivateKey(taking: pkey)
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        // The signature goes to a 64-byte stack buffer first and is then copied in bulk: growing
        // `out` element by element costs more than the copy.
        var signature: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeMutableBytes(of: &signature) { buffer in
            pool.withContext { ctx in
                var length = 64
                let rc = EVP_DigestSign(
                    ctx, buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), &length,
                    signingInput.baseAddress?.assumingMemoryBound(to: UInt8.self), signingInput.count
                )
                return (rc == 1 && length == 64, rc == 1)
            } ?? false
        }
        guard ok else { throw OpenSSLError.error("EVP_DigestSign") }
        withUnsafeBytes(of: &signature) { out.append(contentsOf: $0) }
    }
}
