import COpenSSL
import CTesseraOpenSSL

/// A P-256 public key (JWS `ES256`): verifies `r || s` signatures of 64 bytes exactly.
/// Built from the JWK `x` and `y` coordinates; a point not on the curve is refused.
///
/// The key is an `EC_KEY` made from the point (`tessera_p256_key`), not an `EVP_PKEY` decoded
/// from DER: every DPoP proof carries a key of its own, and OpenSSL 3's decoder cost twice the
/// verification itself per proof.
package final class P256PublicKey: PublicKey, @unchecked Sendable {
    // @unchecked: immutable after init; OpenSSL verifies with one key on many threads at once.
    package let algorithm = JWSAlgorithm.ES256
    package let keyID: KeyID
    package let x: [UInt8]
    package let y: [UInt8]
    private let key: OpaquePointer

    /// From the 32-byte big-endian coordinates.
    package init(x: [UInt8], y: [UInt8]) throws(JOSEError) {
        guard x.count == 32, y.count == 32 else { throw .invalidKey("P-256 coordinates are 32 bytes each") }
        let point = [0x04] + x + y
        guard let key = point.withUnsafeBufferPointer({ tessera_p256_key_new($0.baseAddress) }) else {
            throw .invalidKey("the P-256 point is not on the curve")
        }
        self.key = key
        self.x = x
        self.y = y
        self.keyID = KeyID(Thumbprint.ec(crv: "P-256", x: Base64URL.encode(x), y: Base64URL.encode(y)))
    }

    /// From the JWK `x` and `y` members (base64url).
    package convenience init(x: String, y: String) throws(JOSEError) {
        guard let xBytes = Base64URL.decode(x), let yBytes = Base64URL.decode(y) else { throw .invalidKey("x or y is not base64url") }
        try self.init(x: xBytes, y: yBytes)
    }

    deinit {
        tessera_p256_key_free(key)
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
        guard algorithm == .ES256, signature.count == 64, let rs = signature.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return false
        }
        var hash = TokenDigest.of(signingInput)
        return withUnsafeBytes(of: &hash) { digest in
            tessera_p256_verify(key, digest.baseAddress!.assumingMemoryBound(to: UInt8.self), rs) == 1
        }
    }
}
