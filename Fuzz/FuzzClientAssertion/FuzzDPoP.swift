import FuzzDriver
import TesseraJOSE
import TesseraOAuth

/// The DPoP half of `FuzzClientAssertion`: a proof is parsed and verified with the key it carries,
/// then checked as the token endpoint of `https://issuer.test` would at `now`. What passes must
/// hold every promise the endpoint relies on.
enum FuzzDPoP {
    static let key = try! Ed25519PrivateKey(seed: Array(repeating: 7, count: 32))
    static let rules = DPoPRules(issuer: "https://issuer.test", maxAgeSeconds: 60, nonces: nil)
    static let header: String = {
        var jwk: [UInt8] = []
        key.verifier.jwk.appendJSON(to: &jwk)
        return Base64URL.encode(Array(#"{"typ":"dpop+jwt","alg":"EdDSA","jwk":"#.utf8) + jwk + [UInt8(ascii: "}")])
    }()

    /// `claims` signed by `key` under `header`.
    static func signed(claims: [UInt8]) -> [UInt8] {
        var proof = Array(header.utf8) + [UInt8(ascii: ".")]
        claims.withUnsafeBytes { Base64URL.encode($0, into: &proof) }
        var signature: [UInt8] = []
        proof.withUnsafeBytes { try! key.sign($0, appendingTo: &signature) }
        proof.append(UInt8(ascii: "."))
        signature.withUnsafeBytes { Base64URL.encode($0, into: &proof) }
        return proof
    }

    static func check(_ bytes: [UInt8]) {
        guard let proof = try? DPoPProof.verify(bytes) else { return }
        FuzzDriver.check(bytes.count <= DPoPProof.maximumSize, "a proof over the size limit was read")
        FuzzDriver.check(DPoPProof.algorithms.contains(proof.algorithm), "a proof with alg \(proof.algorithm) passed")
        FuzzDriver.check(proof.thumbprint.utf8.count == 43, "a thumbprint that is not a base64url SHA-256")
        FuzzDriver.check(!proof.jwtID.isEmpty && proof.jwtID.utf8.count <= DPoPProof.maximumJWTIDLength, "jti length")
        let now = FuzzClientAssertion.now
        guard (try? rules.check(proof, now: now)) != nil else { return }
        FuzzDriver.check(proof.method == "POST", "htm \(proof.method) passed")
        FuzzDriver.check(TargetURI.normalize(proof.targetURI) == "https://issuer.test/oauth/token", "another htu passed")
        FuzzDriver.check(proof.issuedAt >= now - 60 && proof.issuedAt <= now + DPoPRules.futureSkew, "iat outside the window")
    }

    static func normalize(_ bytes: [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), let once = TargetURI.normalize(text) else { return }
        FuzzDriver.check(TargetURI.normalize(once) == once, "normalising twice changed \(once)")
    }
}
