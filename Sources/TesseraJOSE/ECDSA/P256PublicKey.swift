import COpenSSL

/// A P-256 public key (JWS `ES256`): verifies `r || s` signatures of 64 bytes exactly.
/// Built from the JWK `x` and `y` coordinates; a point not on the curve is refused.
package final class P256PublicKey: PublicKey, @unchecked Sendable {
    // @unchecked: immutable after init; EVPKey hands each context to one thread at a time.
    package let algorithm = JWSAlgorithm.ES256
    package let keyID: KeyID
    package let x: [UInt8]
    package let y: [UInt8]
    private let key: EVPKey

    /// From the 32-byte big-endian coordinates.
    package init(x: [UInt8], y: [UInt8]) throws(JOSEError) {
        guard x.count == 32, y.count == 32 else { throw .invalidKey("P-256 coordinates are 32 bytes each") }
        // OpenSSL decodes the point while parsing the SubjectPublicKeyInfo and refuses one that
        // is not on the curve.
        guard let pkey = EVPKey.publicKey(der: DER.p256PublicKeyPrefix + [0x04] + x + y) else {
            OpenSSLError.clear()
            throw .invalidKey("the P-256 point is not on the curve")
        }
        self.key = EVPKey(taking: pkey)
        self.x = x
        self.y = y
        self.keyID = KeyID(Thumbprint.ec(crv: "P-256", x: Base64URL.encode(x), y: Base64URL.encode(y)))
    }

    /// From the JWK `x` and `y` members (base64url).
    package convenience init(x: String, y: String) throws(JOSEError) {
        guard let xBytes = Base64URL.decode(x), let yBytes = Base64URL.decode(y) else { throw .invalidKey("x or y is not base64url") }
        try self.init(x: xBytes, y: yBytes)
    }

    static func isP256(_ pkey: OpaquePointer) -> Bool {
        var name = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_group_name(pkey, &name, name.count, &length) == 1 else { return false }
        let group = String(cString: name)
        return group == "prime256v1" || group == "P-256" || group == "secp256r1"
    }

    package var jwk: JWK {
        JWK(x: Base64URL.encode(x), y: Base64URL.encode(y), kid: keyID)
    }

    package func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        // JOSE signatures are the raw 64 bytes; a DER signature (any other length) is refused.
        guard algorithm == .ES256, signature.count == 64 else { return false }
        let der = ECDSASignature.der(fromRaw: signature)
        return der.withUnsafeBytes { key.verify($0, signingInput) }
    }
}
