/// A public JWK as published in the JWKS (RFC 7517): an Ed25519 key (RFC 8037: `kty: "OKP"`,
/// `crv`, `x`), a P-256 key (RFC 7518 §6.2: `kty: "EC"`, `crv`, `x`, `y`) or an RSA key
/// (§6.3: `kty: "RSA"`, `n`, `e`), with `kid`, `alg` and `use: "sig"`. There is deliberately
/// no way to express a symmetric (HS256) key here.
package struct JWK: Hashable, Sendable {
    package let kty: String
    package let crv: String?
    package let x: String?
    package let y: String?
    package let n: String?
    package let e: String?
    package let kid: KeyID
    /// The algorithm the key signs with; an Ed25519 key is published as `EdDSA` or `Ed25519`
    /// after `tokens.algorithm`.
    package var alg: JWSAlgorithm
    package let use = "sig"

    /// An Ed25519 key.
    package init(x: String, kid: KeyID, alg: JWSAlgorithm = .EdDSA) {
        self.init(kty: "OKP", crv: "Ed25519", x: x, y: nil, n: nil, e: nil, kid: kid, alg: alg)
    }

    /// A P-256 key.
    package init(x: String, y: String, kid: KeyID) {
        self.init(kty: "EC", crv: "P-256", x: x, y: y, n: nil, e: nil, kid: kid, alg: .ES256)
    }

    /// An RSA key.
    package init(n: String, e: String, kid: KeyID, alg: JWSAlgorithm = .RS256) {
        self.init(kty: "RSA", crv: nil, x: nil, y: nil, n: n, e: e, kid: kid, alg: alg)
    }

    private init(kty: String, crv: String?, x: String?, y: String?, n: String?, e: String?, kid: KeyID, alg: JWSAlgorithm) {
        self.kty = kty
        self.crv = crv
        self.x = x
        self.y = y
        self.n = n
        self.e = e
        self.kid = kid
        self.alg = alg
    }

    /// Appends `{"kty":..,["crv":..,"x":..,"y":..|"n":..,"e":..],"kid":..,"alg":..,"use":"sig"}`.
    package func appendJSON(to out: inout [UInt8]) {
        JSONWriter.appendRaw("{\"kty\":", to: &out)
        JSONWriter.appendString(kty, to: &out)
        for (name, value) in [(",\"crv\":", crv), (",\"x\":", x), (",\"y\":", y), (",\"n\":", n), (",\"e\":", e)] {
            guard let value else { continue }
            out.append(contentsOf: name.utf8)
            JSONWriter.appendString(value, to: &out)
        }
        JSONWriter.appendRaw(",\"kid\":", to: &out)
        JSONWriter.appendString(kid.value, to: &out)
        JSONWriter.appendRaw(",\"alg\":", to: &out)
        JSONWriter.appendString(alg.rawValue, to: &out)
        JSONWriter.appendRaw(",\"use\":\"sig\"}", to: &out)
    }
}
