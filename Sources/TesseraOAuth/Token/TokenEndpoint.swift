import TesseraStore
import TesseraCore

/// The client-credentials token endpoint (RFC 6749 §4.4) without HTTP: a parsed `TokenRequest` in,
/// an `Outcome` out. Thread-safe; `respond` is phase one: it runs on the I/O thread, from caches
/// only, and never blocks. Anything slow comes back `.deferred`: the `Need` to fetch off the I/O
/// thread and phase two, which goes on from what was fetched (`Deferral.settle`).
///
/// Order of checks, so that cheap refusals come first and nothing leaks:
/// 1. too many recent authentication failures for this client id -> 429 (before any secret check);
/// 2. client lookup and secret check -> `invalid_client` (unknown id and wrong secret read the same);
///    a slow hash not yet memoized -> `.deferred`;
/// 3. per-client request rate -> 429 (only authenticated requests spend a client's budget, one
///    request each), taken by the authenticator before it records anything (an assertion's jti);
/// 4. scopes -> `invalid_scope`, audiences -> `invalid_target`;
/// 5. a reusable token for the same grant, else a newly signed one.
package final class TokenEndpoint: Sendable {
    /// 200 with the token, the OAuth error, or what must be fetched first and how to go on.
    package typealias Outcome = EndpointOutcome<TokenResponse>

    static var authenticationFailed: OAuthError { ClientAuthenticator.failed }

    package let settings: Settings
    package let registry: ClientRegistry
    package let minter: any TokenMinting
    package let caches: Caches
    /// Client authentication, shared with the introspection and revocation endpoints.
    package let authenticator: ClientAuthenticator
    /// Tokens revoked so far; a reusable token found here is never handed out again.
    package let revocations: RevocationList
    /// Reusable tokens shared with the other nodes through Redis, when configured.
    package let sharedReuse: SharedTokenReuse?
    /// DPoP proofs (RFC 9449): their checks, and their jtis recorded beside the assertions'.
    package let dpop: DPoPCheck
    /// Token Status List indexes (`status_list:`); nil: tokens carry no `status` claim.
    package let statusList: (any StatusIndexAllocating)?
    let metrics: any TokenMetrics
    /// `minter.signerIdentity`, read once: reused tokens signed by another key are not handed out.
    private let signerIdentity: UInt64

    package init(
        settings: Settings, registry: ClientRegistry, minter: any TokenMinting,
        metrics: any TokenMetrics = NoTokenMetrics(), caches: Caches? = nil, revocations: RevocationList? = nil,
        sharedReuse: SharedTokenReuse? = nil, clock: MonotonicClock? = nil, assertionReplay: AssertionReplay? = nil,
        dpop: DPoPSettings = DPoPSettings(), statusList: (any StatusIndexAllocating)? = nil
    ) {
        self.statusList = statusList
        var settings = settings
        settings.defaultAudience = settings.defaultAudience.exactSet()
        self.settings = settings
        self.registry = registry
        self.minter = minter
        self.metrics = metrics
        self.signerIdentity = minter.signerIdentity
        let caches = caches ?? Caches(settings: settings, clock: clock)
        self.caches = caches
        self.revocations = revocations ?? RevocationList()
        // Only when a token can be reusable at all (ttl longer than reuse_min_remaining).
        self.sharedReuse = settings.reuse && settings.ttlSeconds > settings.reuseMinRemainingSeconds ? sharedReuse : nil
        self.authenticator = ClientAuthenticator(
            registry: registry, verifiedSecrets: caches.verifiedSecrets, limiter: caches.limiter, metrics: metrics,
            assertions: ClientAssertionCheck(rules: ClientAssertionRules(issuer: settings.issuer), replay: assertionReplay ?? AssertionReplay()))
        self.dpop = DPoPCheck(issuer: settings.issuer, settings: dpop, replay: authenticator.assertions.replay)
    }

    /// Answers one token request at `now` (unix seconds), recording steps into `timing` when given.
    /// `proof`: its `DPoP` header, apart from the request, so that a request without one copies
    /// nothing more.
    package func respond(to request: TokenRequest, now: Int64, timing: inout StepTimings?, proof: PresentedProof? = nil) -> Outcome {
        // The rate limit is the authenticator's last step: it comes before an assertion's jti is
        // recorded, so a request refused with 429 leaves nothing behind.
        switch authenticator.authenticate(request.credentials, now: now, admitting: true) {
        case .answered(let client):
            return answer(request, proof: proof, client: client, now: now, timing: &timing)
        case .failed(let error):
            return .failed(error)
        case .deferred(let deferral):
            return .deferred(deferral.then { [self] client, timing in
                answer(request, proof: proof, client: client, now: now, timing: &timing)
            })
        }
    }

    /// Once the client authenticated: the grant, the proof's key bound to it, then the token.
    private func answer(
        _ request: TokenRequest, proof: PresentedProof?, client: Client, now: Int64, timing: inout StepTimings?
    ) -> Outcome {
        var grant: Grant
        do {
            grant = try self.grant(for: request, client: client)
            grant.certificate = request.credentials.certificate
        } catch {
            return .failed(error)
        }
        // One test when the request has no proof and the client does not require one.
        guard proof != nil || client.dpopBoundAccessTokens else {
            return handOut(grant, client: client, now: now, timing: &timing)
        }
        switch bindProof(proof, client: client, now: now) {
        case .answered(let thumbprint):
            grant.proofKey = thumbprint
            return handOut(grant, client: client, now: now, timing: &timing)
        case .failed(let error):
            return .failed(error)
        case .deferred(let deferral):
            return .deferred(deferral.then { [self, grant] thumbprint, timing in
                var grant = grant
                grant.proofKey = thumbprint
                return handOut(grant, client: client, now: now, timing: &timing)
            })
        }
    }

    /// A reusable token for the grant from the local cache, else the shared one (a need), else a
    /// newly signed one.
    private func handOut(_ grant: Grant, client: Client, now: Int64, timing: inout StepTimings?) -> Outcome {
        // Taken before anything is signed: a cut landing meanwhile leaves a stale stamp behind.
        let stamp = ReuseStamp(clientVersion: client.version, signer: signerIdentity, cuts: revocations.generation)
        // Until the recorded revocations are read, nothing may be handed out again (introspection
        // answers 503 for it): the request gets a fresh token, kept nowhere for reuse.
        // A client whose `token_ttl` is not above `reuse_min_remaining` never has a reusable
        // token: kept nowhere either (shared, it would be signed and never handed out again).
        guard settings.reuse && revocations.isLoaded
            && (client.tokenTTLSeconds ?? settings.ttlSeconds) > settings.reuseMinRemainingSeconds
        else {
            return issue(client: client, grant: grant, key: nil, stamp: stamp, now: now, timing: &timing)
        }
        let key = grant.key(for: client)
        if let found = caches.reuse.token(for: key, stamp: stamp, now: now) {
            if revocations.isLoaded && !revocations.isRevoked(jwtID: found.jwtID, now: now) {
                metrics.cacheLookup(tier: .local, cache: .token, hit: true)
                return .answered(response(found, grant, now: now))
            }
            caches.reuse.forget(jwtID: found.jwtID)
        }
        metrics.cacheLookup(tier: .local, cache: .token, hit: false)
        if let sharedReuse {
            let need = Need.sharedToken(key: key, stamp: stamp, now: now, reuse: sharedReuse)
            return .deferred(Deferral(need) { [self] fetched, timing in
                guard case .sharedToken(let found) = fetched else { return .failed(.temporarilyUnavailable("the token could not be signed")) }
                return adoptOrSign(found, sharedReuse, key: key, stamp: stamp, client: client, grant: grant, now: now, timing: &timing)
            })
        }
        return issue(client: client, grant: grant, key: key, stamp: stamp, now: now, timing: &timing)
    }

    /// The answer for a token at hand.
    func response(_ token: IssuedToken, _ grant: Grant, now: Int64) -> TokenResponse {
        bound(TokenResponse(accessToken: token.token, expiresIn: token.expiresAt - now, scope: token.scope), grant, now: now)
    }
}
