import COpenSSL
import CTesseraOpenSSL

/// Helpers around JWT access tokens that belong to no single type.
package enum JWT {
    /// Number of random bytes in a `jti`: 128 bits, 22 base64url characters.
    package static let jtiByteCount = 16

    /// A new `jti`: 128 bits from OpenSSL's CSPRNG, base64url-encoded. The bytes come from a
    /// per-thread buffer of `RAND_bytes` output (`tessera_random_bytes`): one `RAND_bytes` call per
    /// token cost more than the rest of the claims.
    package static func newJTI() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        let ok = withUnsafeMutableBytes(of: &bytes) { tessera_random_bytes($0.baseAddress?.assumingMemoryBound(to: UInt8.self), jtiByteCount) }
        // RAND_bytes fails only when the CSPRNG cannot be seeded; a predictable jti must never
        // be issued, so this is treated as fatal like any other broken-RNG condition.
        precondition(ok == 1, "RAND_bytes failed: \(OpenSSLError.drain())")
        return withUnsafeBytes(of: &bytes) { Base64URL.encode($0) }
    }

    /// A one-off token (encodes the header on every call); `TokenSigner` is the reusable form.
    package static func token(claims: AccessTokenClaims, signer: some JWSSigner) throws(JOSEError) -> String {
        var out: [UInt8] = []
        try TokenSigner(signer).appendToken(claims: claims, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
