/// A public Ed25519 JWK (RFC 8037 §2) as published in the JWKS: always
/// `kty: "OKP"`, `crv: "Ed25519"`, `alg: "EdDSA"`, `use: "sig"`. There is deliberately no
/// way to express a symmetric (HS256) key here.
package struct JWK: Hashable, Sendable {
    package let kty = "OKP"
    package let crv = "Ed25519"
    /// base64url of the 32-byte public key.
    package let x: String
    package let kid: KeyID
    package let alg = JWSAlgorithm.EdDSA
    package let use = "sig"

    package init(x: String, kid: KeyID) {
        self.x = x
        self.kid = kid
    }

    /// Appends `{"kty":"OKP","crv":"Ed25519","x":"...","kid":"...","alg":"EdDSA","use":"sig"}`.
    package func appendJSON(to out: inout [UInt8]) {
        JSONWriter.appendRaw("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":", to: &out)
        JSONWriter.appendString(x, to: &out)
        JSONWriter.appendRaw(",\"kid\":", to: &out)
        JSONWriter.appendString(kid.value, to: &out)
        JSONWriter.appendRaw(",\"alg\":\"EdDSA\",\"use\":\"sig\"}", to: &out)
    }
}
