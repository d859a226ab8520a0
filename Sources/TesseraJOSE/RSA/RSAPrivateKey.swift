import COpenSSL

/// An RSA private key of 2048 bits or more (JWS `RS256`, RSASSA-PKCS1-v1_5 with SHA-256).
/// `keyID` is the RFC 7638 thumbprint of the public JWK.
package final class RSAPrivateKey: DirectoryKey, @unchecked Sendable {
    // @unchecked: immutable after init; EVPKey hands each context to one thread at a time.
    package static let minimumBits: Int32 = 2048
    package let algorithm = JWSAlgorithm.RS256
    package let publicKey: RSAPublicKey
    private let key: EVPKey
    private let signatureSize: Int

    package var keyID: KeyID { publicKey.keyID }
    package var keyType: KeyType { .rs256 }
    package var verifier: any PublicKey { publicKey }

    /// Takes ownership of `pkey`, which must be an RSA private key of at least 2048 bits.
    init(taking pkey: OpaquePointer) throws(JOSEError) {
        let key = EVPKey(taking: pkey)
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA else { throw .invalidKey("not an RSA key") }
        let bits = EVP_PKEY_get_bits(pkey)
        guard bits >= Self.minimumBits else { throw .invalidKey("an RSA key of \(bits) bits; at least \(Self.minimumBits) are required") }
        guard let n = EVPKey.bignum(pkey, OSSL_PKEY_PARAM_RSA_N), let e = EVPKey.bignum(pkey, OSSL_PKEY_PARAM_RSA_E) else {
            throw OpenSSLError.error("EVP_PKEY_get_bn_param(n, e)")
        }
        self.publicKey = try RSAPublicKey(n: n, e: e, algorithms: [.RS256])
        self.signatureSize = Int(EVP_PKEY_get_size(pkey))
        self.key = key
    }

    /// From a PKCS#8 PEM document, unencrypted.
    package convenience init(pem: [UInt8]) throws(JOSEError) {
        try self.init(taking: try EVPKey.readPEM(pem))
    }

    /// A new random 2048-bit key.
    package static func generate(bits: Int32 = 2048) throws(JOSEError) -> RSAPrivateKey {
        try RSAPrivateKey(taking: try EVPKey.generate(algorithm: "RSA") { EVP_PKEY_CTX_set_rsa_keygen_bits($0, bits) })
    }

    package func pemRepresentation() throws(JOSEError) -> [UInt8] {
        try EVPKey.writePEM(key.pkey)
    }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        try key.sign(signingInput, maximumLength: signatureSize, appendingTo: &out)
    }
}
