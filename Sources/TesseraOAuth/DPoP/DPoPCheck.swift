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
/// A request that claimed its jti keeps a pass (by proof and attempt) for a little while
/// (`passSeconds`), so answering it again after deferred work (the shared claim, the shared
/// token reuse after it) neither verifies it twice nor reads as a replay.
package final class DPoPCheck: Sendable {
    package enum Outcome {
        case bound(thumbprint: String)
        case refused(OAuthError)
        case deferred(DeferredWork)
    }

    /// Far longer than the few trips of one request's deferred work.
    static let passSeconds: Int64 = 30

    package let rules: DPoPRules
    let replay: AssertionReplay
    private let passes = Locked<[Digest32: (thumbprint: String, expiresAt: Int64)]>([:])

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

    func check(_ presented: PresentedProof, client: Client, metrics: any TokenMetrics, now: Int64) -> Outcome {
        let passKey = TokenDigest.of(presented.bytes + withUnsafeBytes(of: presented.attempt.littleEndian) { Array($0) })
        if let pass = passes.withLock({ $0[passKey] }), pass.expiresAt > now {
            return .bound(thumbprint: pass.thumbprint)
        }
        let proof: DPoPProof
        do {
            proof = try DPoPProof.verify(presented.bytes)
            try rules.check(proof, now: now)
        } catch let problem as DPoPProof.Problem {
            return .refused(.invalidDPoPProof(problem.reason))
        } catch let error as OAuthError {
            return .refused(error)
        } catch {
            return .refused(.invalidDPoPProof("DPoP proof is not valid"))
        }
        let key = [0] + Array("dpop".utf8) + [0] + Array(proof.thumbprint.utf8) + [0] + Array(proof.jwtID.utf8)
        let digest = TokenDigest.of(key)
        let until = rules.replayWindowEnd(proof, now: now)
        switch replay.claimLocally(digest, clientID: client.id, expiresAt: until, now: now) {
        case .replay:
            return .refused(.invalidDPoPProof("DPoP proof jti was used before"))
        case .overShare(let retryAfter) where replay.shared == nil:
            return .refused(.rateLimited(retryAfter: retryAfter))
        case .full where replay.shared == nil:
            return .refused(.temporarilyUnavailable("too many DPoP proofs in flight"))
        case .first, .full, .overShare:
            break  // with a shared store, the store decides alone
        }
        // Work after this check may defer the request (a status list's next block of indexes), so
        // even a node without a shared store leaves the request a pass to be answered again with.
        guard let shared = replay.shared else {
            admit(passKey, thumbprint: proof.thumbprint, until: until, now: now)
            return .bound(thumbprint: proof.thumbprint)
        }
        let thumbprint = proof.thumbprint
        let work = DeferredWork(task: client.id, metrics: metrics) { [self] steps in
            let start = ServerTiming.now()
            let claimed: Bool
            do {
                claimed = try shared.claim(key, milliseconds: max(1, until - now) * 1000)
            } catch {
                replay.forget(digest)
                return .fail(.temporarilyUnavailable("the store of used DPoP proofs is unavailable"))
            }
            steps.append((shared.tier == .postgres ? .postgres : .redis, ServerTiming.now() &- start))
            guard claimed else { return .fail(.invalidDPoPProof("DPoP proof jti was used before")) }
            admit(passKey, thumbprint: thumbprint, until: until, now: now)
            return .retry
        }
        return .deferred(work)
    }

    private func admit(_ passKey: Digest32, thumbprint: String, until: Int64, now: Int64) {
        passes.withLock { table in
            if table.count >= 1024 && table.count % 1024 == 0 { table = table.filter { $0.value.expiresAt > now } }
            table[passKey] = (thumbprint, min(until, now + Self.passSeconds))
        }
    }
}
