import COpenSSL
import CTesseraOpenSSL

/// A P-256 private key (JWS `ES256`, RFC 7518 §3.4). `keyID` is the RFC 7638 thumbprint of the
/// public JWK.
///
/// Tokens are signed by a `tessera_p256_key` made from it (an `EC_KEY` copy of the key): `ECDSA_do_sign` on the
/// SHA-256 digest, r and s written straight into the JOSE `r || s` form. Signing through
/// `EVP_PKEY_sign` instead made OpenSSL DER-encode the signature only for it to be parsed back.
package final class P256PrivateKey: DirectoryKey, @unchecked Sendable {
    // @unchecked: immutable after init; OpenSSL signs with one EC_KEY on many threads at once.
    package let algorithm = JWSAlgorithm.ES256
    package let publicKey: P256PublicKey
    /// Owns the `EVP_PKEY` (written out as PEM); tokens are signed by `signer`.
    private let key: EVPKey
    private let signer: OpaquePointer

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
        guard let signer = tessera_p256_key_from_private(pkey) else { throw OpenSSLError.error("EVP_PKEY_get1_EC_KEY") }
        self.signer = signer
        self.key = key
    }

    deinit {
        tessera_p256_key_free(signer)
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

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        var hash = TokenDigest.of(signingInput)
        // r || s goes to a 64-byte stack buffer, then into `out` in one copy.
        var rs: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let ok = withUnsafeBytes(of: &hash) { digest in
            withUnsafeMutableBytes(of: &rs) { buffer in
                tessera_p256_sign(
                    signer, digest.baseAddress!.assumingMemoryBound(to: UInt8.self), buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)) == 1
            }
        }
        guard ok else { throw OpenSSLError.error("ECDSA_do_sign") }
        withUnsafeBytes(of: &rs) { out.append(contentsOf: $0) }
    }
}
