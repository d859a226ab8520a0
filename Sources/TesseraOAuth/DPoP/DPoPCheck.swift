import TesseraCore
import TesseraJOSE
import TesseraStore

/// Checks the DPoP proof of a token request and records its `jti` (RFC 9449 §4.3, §11.1).
///
/// The signature and claims are checked on the I/O thread (one verification). Used `jti`s go
/// through the client assertions' machinery (`AssertionReplay`: this node's memory, with each
/// client's share bounded, and the shared store -- Redis, else PostgreSQL -- claimed off the I/O
/// thread), under keys of their own: NUL, `dpop`, NUL, thumbprint, NUL, jti. An assertion key
/// begins with its client id, which is never empty, so the two can never meet. In embedded mode
/// the memory alone holds them: a proof lives `max_age`, and none survives a restart's key reads
/// by much; appending each to the journal would cost a disk sync per DPoP request.
///
/// With a shared store, the check names the claim as phase one's need, and its phase two
/// binds the token (the proof's thumbprint) or refuses a replay another node saw first.
package final class DPoPCheck: Sendable {
    /// The proof's thumbprint (the key the token is bound to), a refusal, or the shared claim.
    package typealias Outcome = EndpointOutcome<String>

    package let rules: DPoPRules
    let replay: AssertionReplay

    package init(rules: DPoPRules, replay: AssertionReplay) {
        self.rules = rules
        self.replay = replay
    }

    package convenience init(issuer: String, settings: DPoPSettings, replay: AssertionReplay) {
        let nonces = settings.nonce
            ? DPoPNonces(secret: settings.nonceSecret ?? OpenSSLCrypto.randomBytes(32), windowSeconds: settings.maxAgeSeconds)
            : nil
        self.init(rules: DPoPRules(issuer: issuer, maxAgeSeconds: settings.maxAgeSeconds, nonces: nonces), replay: replay)
    }

    /// The nonce to send with a successful answer, when nonces are on.
    package func nonce(now: Int64) -> String? { rules.nonces?.current(now: now) }

    func check(_ presented: PresentedProof, client: Client, now: Int64) -> Outcome {
        let proof: DPoPProof
        do {
            proof = try DPoPProof.verify(presented.bytes)
            try rules.check(proof, now: now)
        } catch let problem as DPoPProof.Problem {
            return .failed(.invalidDPoPProof(problem.reason))
        } catch let error as OAuthError {
            return .failed(error)
        } catch {
            return .failed(.invalidDPoPProof("DPoP proof is not valid"))
        }
        let key = [0] + Array("dpop".utf8) + [0] + Array(proof.thumbprint.utf8) + [0] + Array(proof.jwtID.utf8)
        let digest = TokenDigest.of(key)
        let until = rules.replayWindowEnd(proof, now: now)
        switch replay.claimLocally(digest, clientID: client.id, expiresAt: until, now: now) {
        case .replay:
            return .failed(.invalidDPoPProof("DPoP proof jti was used before"))
        case .overShare(let retryAfter) where replay.shared == nil:
            return .failed(.rateLimited(retryAfter: retryAfter))
        case .full where replay.shared == nil:
            return .failed(.temporarilyUnavailable("too many DPoP proofs in flight"))
        case .first, .full, .overShare:
            break  // with a shared store, the store decides alone
        }
        guard let shared = replay.shared else { return .answered(proof.thumbprint) }
        let thumbprint = proof.thumbprint
        let claim = JTIClaim(
            store: .shared(shared, key: key, milliseconds: max(1, until - now) * 1000), replay: replay, forget: digest,
            unavailable: .temporarilyUnavailable("the store of used DPoP proofs is unavailable"))
        return .deferred(Deferral(.jtiClaim(claim)) { fetched, _ in
            guard case .claimed(true) = fetched else { return .failed(.invalidDPoPProof("DPoP proof jti was used before")) }
            return .answered(thumbprint)
        })
    }
}
