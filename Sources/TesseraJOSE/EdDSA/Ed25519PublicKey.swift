import COpenSSL

/// An Ed25519 public key (JWS `EdDSA`, RFC 8037, or `Ed25519`, RFC 9864): verifies signatures.
/// `keyID` is the RFC 7638 thumbprint of its JWK.
package final class Ed25519PublicKey: PublicKey, @unchecked Sendable {
    // @unchecked: the EVP_PKEY is only read after init; each verification context is owned by
    // one thread at a time (ContextPool).
    package let algorithm = JWSAlgorithm.EdDSA
    package let keyID: KeyID
    /// The 32 raw public key bytes (the JWK `x` member, decoded).
    package let rawRepresentation: [UInt8]
    let pkey: OpaquePointer
    private let pool: ContextPool

    /// From the 32 raw public key bytes.
    package init(rawRepresentation raw: [UInt8]) throws(JOSEError) {
        guard raw.count == 32 else { throw .invalidKey("an Ed25519 public key is 32 bytes, got \(raw.count)") }
        guard let pkey = raw.withUnsafeBufferPointer({ EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, 32) }) else {
            throw OpenSSLError.error("EVP_PKEY_new_raw_public_key")
        }
        self.pkey = pkey
        self.rawRepresentation = raw
        self.keyID = KeyID(Thumbprint.okp(crv: "Ed25519", x: Base64URL.encode(raw)))
        self.pool = ContextPool(
            make: {
                guard let ctx = EVP_MD_CTX_new() else { return nil }
                guard EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else {
                    EVP_MD_CTX_free(ctx)
                    return nil
                }
                return ctx
            },
            destroy: { EVP_MD_CTX_free($0) }
        )
    }

    /// From the JWK `x` member (base64url).
    package convenience init(x: String) throws(JOSEError) {
        guard let raw = Base64URL.decode(x) else { throw .invalidKey("x is not base64url") }
        try self.init(rawRepresentation: raw)
    }

    deinit {
        EVP_PKEY_free(pkey)
    }

    /// The public JWK for the JWKS document.
    package var jwk: JWK {
        JWK(x: Base64URL.encode(rawRepresentation), kid: keyID)
    }

    /// Both names of the algorithm: `EdDSA` (RFC 8037) and `Ed25519` (RFC 9864).
    package func accepts(_ algorithm: JWSAlgorithm) -> Bool {
        algorithm == .EdDSA || algorithm == .Ed25519
    }

    package func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        guard accepts(algorithm), signature.count == 64 else { return false }
        let valid = pool.withContext { ctx in
            let rc = EVP_DigestVerify(
                ctx,
                signature.baseAddress?.assumingMemoryBound(to: UInt8.self), 64,
                signingInput.baseAddress?.assumingMemoryBound(to: UInt8.self), signingInput.count
            )
            // A one-shot Ed25519 verification leaves the context ready for the next one;
            // an internal error (rc < 0) does not, so that context is dropped.
            return (rc == 1, rc >= 0)
        } ?? false
        if !valid { OpenSSLError.clear() }
        return valid
    }
}
