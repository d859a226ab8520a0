import COpenSSL

/// An RSA public key of 2048 bits or more: verifies `RS256` (PKCS#1 v1.5) and, where allowed,
/// `PS256` (PSS, MGF1 SHA-256, salt of 32 bytes) signatures.
package final class RSAPublicKey: PublicKey, @unchecked Sendable {
    // @unchecked: immutable after init; EVPKey hands each context to one thread at a time.
    package let algorithm: JWSAlgorithm
    package let keyID: KeyID
    /// Big-endian modulus and exponent, without leading zeros.
    package let n: [UInt8]
    package let e: [UInt8]
    /// The algorithms tokens under this key may name.
    package let algorithms: Set<JWSAlgorithm>
    private let key: EVPKey
    private let size: Int

    /// - Parameter algorithms: `RS256` and/or `PS256`; the first of RS256, PS256 present is the
    ///   published `alg`.
    package init(n: [UInt8], e: [UInt8], algorithms: Set<JWSAlgorithm> = [.RS256, .PS256]) throws(JOSEError) {
        let n = Array(n.drop { $0 == 0 })
        let e = Array(e.drop { $0 == 0 })
        guard !e.isEmpty, e.count <= 8 else { throw .invalidKey("RSA exponent out of range") }
        guard let pkey = EVPKey.publicKey(der: DER.rsaPublicKey(n: n, e: e), pkcs1RSA: true) else {
            OpenSSLError.clear()
            throw .invalidKey("not a valid RSA public key")
        }
        self.key = EVPKey(taking: pkey)
        let bits = EVP_PKEY_get_bits(pkey)
        guard bits >= RSAPrivateKey.minimumBits else {
            throw .invalidKey("an RSA key of \(bits) bits; at least \(RSAPrivateKey.minimumBits) are required")
        }
        guard !algorithms.isEmpty, algorithms.isSubset(of: [.RS256, .PS256]) else { throw .invalidKey("RSA keys sign RS256 or PS256") }
        self.n = n
        self.e = e
        self.algorithms = algorithms
        self.algorithm = algorithms.contains(.RS256) ? .RS256 : .PS256
        self.size = Int(EVP_PKEY_get_size(pkey))
        self.keyID = KeyID(Thumbprint.rsa(e: Base64URL.encode(e), n: Base64URL.encode(n)))
    }

    /// From the JWK `n` and `e` members (base64url).
    package convenience init(n: String, e: String, algorithms: Set<JWSAlgorithm> = [.RS256, .PS256]) throws(JOSEError) {
        guard let nBytes = Base64URL.decode(n), let eBytes = Base64URL.decode(e) else { throw .invalidKey("n or e is not base64url") }
        try self.init(n: nBytes, e: eBytes, algorithms: algorithms)
    }

    package var jwk: JWK {
        JWK(n: Base64URL.encode(n), e: Base64URL.encode(e), kid: keyID, alg: algorithm)
    }

    package func accepts(_ algorithm: JWSAlgorithm) -> Bool {
        algorithms.contains(algorithm)
    }

    package func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        guard accepts(algorithm), signature.count == size else { return false }
        return key.verify(signature, signingInput, padding: algorithm == .PS256 ? .pss : .none)
    }
}
