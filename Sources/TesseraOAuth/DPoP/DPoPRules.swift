import TesseraJOSE

/// What a verified DPoP proof must say to be accepted at the token endpoint (RFC 9449 §4.3):
/// `htm` POST, `htu` this server's token endpoint (compared after normalisation, so it holds
/// behind a proxy: the URL is the issuer's, not the one the request arrived on), `iat` within
/// `maxAgeSeconds` in the past and `futureSkew` ahead, and, when nonces are required, one of ours.
package struct DPoPRules: Sendable {
    /// How far ahead of this node's clock a proof's `iat` may be (clock skew).
    package static let futureSkew: Int64 = 5

    /// The token endpoint URL, normalised (`TargetURI`).
    package let targetURI: String
    package let maxAgeSeconds: Int64
    /// Set when a nonce is required.
    package let nonces: DPoPNonces?

    package init(issuer: String, maxAgeSeconds: Int64, nonces: DPoPNonces?) {
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        targetURI = TargetURI.normalize(base + "/oauth/token") ?? base + "/oauth/token"
        self.maxAgeSeconds = max(1, maxAgeSeconds)
        self.nonces = nonces
    }

    /// Throws `invalid_dpop_proof` for a claim that does not hold, `use_dpop_nonce` (with a fresh
    /// nonce) for a missing or stale nonce: that one last, so a client retrying with the nonce
    /// only meets it once its proof is otherwise good.
    package func check(_ proof: DPoPProof, now: Int64) throws(OAuthError) {
        guard proof.method == "POST" else { throw .invalidDPoPProof("DPoP proof htm is not POST") }
        guard TargetURI.normalize(proof.targetURI) == targetURI else {
            throw .invalidDPoPProof("DPoP proof htu is not this token endpoint")
        }
        guard proof.issuedAt >= now - maxAgeSeconds else { throw .invalidDPoPProof("DPoP proof iat is too old") }
        guard proof.issuedAt <= now + Self.futureSkew else { throw .invalidDPoPProof("DPoP proof iat is in the future") }
        if let nonces {
            guard let nonce = proof.nonce, nonces.accepts(nonce, now: now) else {
                throw .useDPoPNonce(nonce: nonces.current(now: now))
            }
        }
    }

    /// Until when a proof's `jti` must be remembered: as long as its `iat` is acceptable.
    func replayWindowEnd(_ proof: DPoPProof, now: Int64) -> Int64 {
        max(proof.issuedAt + maxAgeSeconds, now) + 1
    }
}
