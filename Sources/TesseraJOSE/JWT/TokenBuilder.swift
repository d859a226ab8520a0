/// Writes signed access tokens into caller-owned buffers, keeping its own scratch buffer so
/// that repeated calls do not allocate. One builder per thread (it is a mutable value).
package struct TokenBuilder {
    private var scratch: [UInt8]

    package init(capacity: Int = 1024) {
        scratch = []
        scratch.reserveCapacity(capacity)
    }

    /// Appends a compact JWS for `claims` signed by a prepared signer (the fast path).
    package mutating func appendToken(claims: AccessTokenClaims, signer: TokenSigner, into out: inout [UInt8]) throws(JOSEError) {
        try signer.appendToken(claims: claims, into: &out, scratch: &scratch)
    }

    /// Appends a compact JWS for `claims` signed by `signer`; encodes the header on every call,
    /// so prefer a `TokenSigner` on hot paths.
    package mutating func appendToken(claims: AccessTokenClaims, signer: some JWSSigner, into out: inout [UInt8]) throws(JOSEError) {
        try TokenSigner(signer).appendToken(claims: claims, into: &out, scratch: &scratch)
    }
}
