import Foundation
import TesseraJOSE
import TesseraTesting

/// What a resource server does with a DPoP-bound token (RFC 9449 §7.1, §4.3 items 11-12): the
/// proof sent with the API request holds (signature by its own `jwk`, `htm` and `htu` of this
/// request), its `ath` is the token's hash, and its key is the one the token is bound to
/// (`cnf.jkt`). The token's own signature and expiry are checked as for any JWT (not repeated here).
enum ResourceServer {
    static func accepts(token: String, proof: String, htm: String, htu: String) -> Bool {
        guard let decoded = try? DecodedJWT(token), let jkt = (decoded.claims["cnf"] as? [String: Any])?["jkt"] as? String,
            let verified = try? DPoPProof.verify(Array(proof.utf8))
        else { return false }
        return verified.method == htm && verified.targetURI == htu
            && verified.accessTokenHash == DPoPProofForge.accessTokenHash(token) && verified.thumbprint == jkt
    }
}
