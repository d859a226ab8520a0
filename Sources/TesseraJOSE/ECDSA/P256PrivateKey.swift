import COpenSSL

/// A P-256 private key (JWS `ES256`, RFC 7518 §3.4). OpenSSL signs in DER; the signature is
/// converted to the JOSE `r || s` form. `keyID` is the RFC 7638 thumbprint of the public JWK.
package final class P256PrivateKey: DirectoryKey, @unchecked Sendable {
    // @unchecked: immutable after init; EVPKey hands each context to one thread at a time.
    package let algorithm = JWSAlgorithm.ES256
    package let publicKey: P256PublicKey
    private let key: EVPKey

    package var keyID: KeyID { publicKey.keyID }
    package var keyType: KeyType { .es256 }
    package var verifier: any PublicKey { publicKey }

    /// Takes ownership of `pkey`, which must be a P-256 private key.
    init(taking pkey: OpaquePointer) throws(JOSEError) {
        let key = EVPKey(taking: pkey)
        guard EVP_PKEY_get_base_id(pkey) == EVP_PKEY_EC, P256PublicKey.isP256(pkey) else {
            throw .invalidKey("not a P-256 key")
        }
        var point = [UInt8](repeating: 0, count: 65)
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, &point, 65, &length) == 1,
            length == 65, point[0] == 0x04
        else { throw OpenSSLError.error("EVP_PKEY_get_octet_string_param(pub)") }
        self.publicKey = try P256PublicKey(x: Array(point[1..<33]), y: Array(point[33..<65]))
        self.key = key
    }

    /// From a PKCS#8 PEM document, unencrypted.
    package convenience init(pem: [UInt8]) throws(JOSEError) {
        try self.init(taking: try EVPKey.readPEM(pem))
    }

    /// A new random key.
    package static func generate() throws(JOSEError) -> P256PrivateKey {
        try P256PrivateKey(taking: try EVPKey.generate(algorithm: "EC") { EVP_PKEY_CTX_set_group_name($0, "P-256") })
    }

    package func pemRepresentation() throws(JOSEError) -> [UInt8] {
        try EVPKey.writePEM(key.pkey)
    }

    /// The DER signature OpenSSL produces (for tests of the conversion).
    package func derSignature(_ signingInput: UnsafeRawBufferPointer) throws(JOSEError) -> [UInt8] {
        var der: [UInt8] = []
        try key.sign(signingInput, maximumLength: 80, appendingTo: &der)
        return der
    }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        let der = try derSignature(signingInput)
        guard let raw = ECDSASignature.raw(fromDER: der, size: 32) else { throw .invalidKey("OpenSSL returned a malformed ECDSA signature") }
        out.append(contentsOf: raw)
    }
}
