/// An HMAC-SHA256 key (JWS `HS256`, RFC 7518 §3.2): signer and verifier in one.
///
/// `keyID` is base64url of the first 16 bytes of HMAC-SHA256(key: secret, "tessera-kid"):
/// stable for a secret, distinct between secrets, and reveals nothing about the secret.
/// The secret itself is kept only as its HMAC key schedule (`PreparedHMAC`).
package final class HS256Key: JWSSigner, JWSVerifier {
    package static let minimumSecretLength = 32
    package let algorithm = JWSAlgorithm.HS256
    package let keyID: KeyID
    private let mac: PreparedHMAC

    /// - Throws: `secretTooShort` below 32 bytes.
    package init(secret: [UInt8]) throws(JOSEError) {
        guard secret.count >= Self.minimumSecretLength else {
            throw .secretTooShort(minimum: Self.minimumSecretLength, actual: secret.count)
        }
        mac = PreparedHMAC(key: secret)
        keyID = KeyID(Base64URL.encode(mac.authenticate(Array("tessera-kid".utf8)).prefix(16)))
    }

    package func sign(_ signingInput: UnsafeRawBufferPointer, appendingTo out: inout [UInt8]) throws(JOSEError) {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { mac.authenticate(signingInput, into: $0) }
        withUnsafeBytes(of: &digest) { out.append(contentsOf: $0) }
    }

    package func verify(_ algorithm: JWSAlgorithm, signature: UnsafeRawBufferPointer, signingInput: UnsafeRawBufferPointer) -> Bool {
        guard algorithm == .HS256, signature.count == PreparedHMAC.length else { return false }
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { mac.authenticate(signingInput, into: $0) }
        return withUnsafeBytes(of: &digest) { OpenSSLCrypto.constantTimeEqual($0, signature) }
    }
}
