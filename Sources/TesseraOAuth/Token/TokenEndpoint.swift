import TesseraStore
import TesseraCore

/// The client-credentials token endpoint (RFC 6749 §4.4) without HTTP: a parsed `TokenRequest` in,
/// an `Outcome` out. Thread-safe; `respond` is meant to run on the I/O thread and never blocks:
/// anything slow comes back as `.deferred` work.
///
/// Order of checks, so that cheap refusals come first and nothing leaks:
/// 1. too many recent authentication failures for this client id -> 429 (before any secret check);
/// 2. client lookup and secret check -> `invalid_client` (unknown id and wrong secret read the same);
///    a slow hash not yet memoized -> `.deferred`;
/// 3. per-client request rate -> 429 (only authenticated requests spend a client's budget, one
///    request each however often it is answered: see `respond(admitted:)`), taken by the
///    authenticator before it records anything (an assertion's jti);
/// 4. scopes -> `invalid_scope`, audiences -> `invalid_target`;
/// 5. a reusable token for the same grant, else a newly signed one.
package final class TokenEndpoint: Sendable {
    /// 200 with the token, the OAuth error, or work to run before answering again.
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
        sharedReuse: SharedTokenReuse? = nil, clock: MonotonicClock = .system, assertionReplay: AssertionReplay? = nil,
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
    /// `admitted`: the rate limiter admitted this request on an earlier answer (before deferred
    /// work it handed out), so it is not admitted, nor counted, again. `proof`: its `DPoP` header,
    /// apart from the request, so that a request without one copies nothing more.
    package func respond(
        to request: TokenRequest, now: Int64, timing: inout ServerTiming?, admitted: Bool = false, proof: PresentedProof? = nil
    ) -> Outcome {
        let localStart = timing == nil ? 0 : ServerTiming.now()
        // The rate limit is the authenticator's last step: it comes before an assertion's jti is
        // recorded, so a request refused with 429 leaves nothing behind.
        let authenticated = authenticator.authenticate(request.credentials, now: now, admitting: !admitted, timing: &timing, since: localStart)
        guard case .answered(let client) = authenticated else { return authenticated.passedOn() }

        var grant: Grant
        do {
            grant = try self.grant(for: request, client: client)
            grant.certificate = request.credentials.certificate
        } catch {
            timing?.add(.local, since: localStart)
            return .failed(error)
        }
        // One test when the request has no proof and the client does not require one.
        if proof != nil || client.dpopBoundAccessTokens {
            switch bindProof(proof, client: client, now: now) {
            case .bound(let thumbprint):
                grant.proofKey = thumbprint
            case .refused(let error):
                timing?.add(.local, since: localStart)
                return .failed(error)
            case .deferred(let work):
                timing?.add(.local, since: localStart)
                work.admitted = true
                return .deferred(work)
            }
        }

        // Until the recorded revocations are read, nothing may be handed out again (introspection
        // answers 503 for it): the request gets a fresh token, kept nowhere for reuse. Were it
        // kept, answering again would refuse it and sign another, until `settle` gave up (503).
        // A client whose `token_ttl` is not above `reuse_min_remaining` never has a reusable
        // token: kept nowhere either (shared, it would be signed and then not found, a 503).
        let key = settings.reuse && revocations.isLoaded && (client.tokenTTLSeconds ?? settings.ttlSeconds) > settings.reuseMinRemainingSeconds
            ? grant.key(for: client) : nil
        // Taken before anything is signed: a cut landing meanwhile leaves a stale stamp behind.
        let stamp = ReuseStamp(clientVersion: client.version, signer: signerIdentity, cuts: revocations.generation)
        if let key {
            var reused = caches.reuse.token(for: key, stamp: stamp, now: now)
            if let found = reused, !revocations.isLoaded || revocations.isRevoked(jwtID: found.jwtID, now: now) {
                caches.reuse.forget(jwtID: found.jwtID)
                reused = nil
            }
            metrics.cacheLookup(tier: .local, cache: .token, hit: reused != nil)
            if let reused {
                timing?.add(.local, since: localStart)
                return .answered(bound(
                    TokenResponse(accessToken: reused.token, expiresIn: reused.expiresAt - now, scope: reused.scope), grant, now: now))
            }
        }
        timing?.add(.local, since: localStart)
        if let key, let sharedReuse {
            let work = shareReuse(sharedReuse, key: key, stamp: stamp, client: client, grant: grant, now: now)
            work.admitted = true
            return .deferred(work)
        }
        return issue(client: client, grant: grant, key: key, stamp: stamp, now: now, timing: &timing)
    }

    /// Off the I/O thread: reserves a status list block for the client, then answers again.
    private func refillStatus(_ statusList: any StatusIndexAllocating, client: Client, now: Int64) -> DeferredWork {
        let work = DeferredWork(task: client.id, metrics: metrics) { _ in
            do {
                try statusList.refill(for: client, now: now)
            } catch {
                return .fail(.temporarilyUnavailable("no status list index could be reserved"))
            }
            return .retry
        }
        work.admitted = true
        return work
    }

    /// Off the I/O thread: adopts the token another node holds for this grant, else signs one and
    /// offers it to the others (the first stored wins). Either way the token lands in the local
    /// reuse cache, so answering again hands it out. With Redis down, the token signed here is used.
    /// The request was admitted before: answering it again does not admit it a second time.
    private func shareReuse(
        _ shared: SharedTokenReuse, key: TokenGrantKey, stamp: ReuseStamp, client: Client, grant: Grant, now: Int64
    ) -> DeferredWork {
        DeferredWork(task: client.id, metrics: metrics) { [self] steps in
            let start = ServerTiming.now()
            var found = try? shared.find(key, stamp: stamp, now: now)
            if let token = found, !isUsable(token, client: client, now: now) {
                // Revoked or cut: nobody may adopt it again. Not loaded yet: just not adopted here.
                if revocations.isLoaded { try? shared.drop(key, stamp: stamp) }
                found = nil
            }
            var redisNanoseconds = ServerTiming.now() &- start
            metrics.cacheLookup(tier: .redis, cache: .token, hit: found != nil)
            if found == nil {
                var timing: ServerTiming? = ServerTiming()
                var issued = issue(client: client, grant: grant, key: key, stamp: stamp, now: now, timing: &timing)
                if case .deferred = issued, let statusList {
                    // No status block: this is already off the I/O thread, so reserve one here.
                    try? statusList.refill(for: client, now: now)
                    issued = issue(client: client, grant: grant, key: key, stamp: stamp, now: now, timing: &timing)
                }
                guard case .answered = issued,
                    let signed = caches.reuse.token(for: key, stamp: stamp, now: now)
                else {
                    return .fail(.temporarilyUnavailable("the token could not be signed"))
                }
                steps.append((.sign, timing?.nanoseconds(of: .sign) ?? 0))
                let claimStart = ServerTiming.now()
                found = (try? shared.claim(signed, for: key, stamp: stamp, now: now)) ?? signed
                if let adopted = found, adopted.jwtID != signed.jwtID, !isUsable(adopted, client: client, now: now) {
                    found = signed
                }
                redisNanoseconds &+= ServerTiming.now() &- claimStart
            }
            steps.insert((.redis, redisNanoseconds), at: 0)
            if let found { caches.reuse.store(found, for: key, stamp: stamp) }
            return .retry
        }
    }

    /// A token another node shared: handed out only when this node knows it is not revoked.
    private func isUsable(_ token: IssuedToken, client: Client, now: Int64) -> Bool {
        revocations.isLoaded && !revocations.isRevoked(jwtID: token.jwtID, now: now)
            && !revocations.isCut(clientID: client.id, issuedAt: token.issuedAt)
    }

    private func issue(
        client: Client, grant: Grant, key: TokenGrantKey?, stamp: ReuseStamp, now: Int64, timing: inout ServerTiming?
    ) -> Outcome {
        let scope = grant.scope
        // A token must outlive the client's cut (`revoke-tokens` in this very second): issued
        // just after it, within the 30 s leeway introspection allows for `iat`.
        var issuedAt = now
        if stamp.cuts != 0, let notBefore = revocations.notBefore(clientID: client.id), notBefore >= now {
            issuedAt = notBefore + 1
        }
        var claims = TokenClaims(
            issuer: settings.issuer, subject: client.id, clientID: client.id, audiences: grant.audiences,
            scope: scope, issuedAt: issuedAt, expiresAt: issuedAt + (client.tokenTTLSeconds ?? settings.ttlSeconds), jwtID: minter.newJWTID(),
            certificateThumbprint: grant.certificate?.thumbprintBase64URL)
        claims.proofKeyThumbprint = grant.proofKey
        if let statusList {
            guard let status = statusList.take(for: client, now: issuedAt) else {
                return .deferred(refillStatus(statusList, client: client, now: now))
            }
            claims.status = status
        }
        var token: [UInt8] = []
        token.reserveCapacity(512)
        let signStart = ServerTiming.now()
        do {
            try minter.mint(claims, into: &token)
        } catch {
            return .failed(.temporarilyUnavailable("the token could not be signed"))
        }
        let signNanoseconds = ServerTiming.now() &- signStart
        timing?.add(.sign, nanoseconds: signNanoseconds)
        metrics.signed(nanoseconds: signNanoseconds)
        metrics.tokenIssued(algorithm: minter.algorithm)
        if let key {
            caches.reuse.store(
                IssuedToken(token: token, jwtID: claims.jwtID, expiresAt: claims.expiresAt, scope: scope, issuedAt: issuedAt),
                for: key, stamp: stamp)
        }
        return .answered(bound(TokenResponse(accessToken: token, expiresIn: claims.expiresAt - now, scope: scope), grant, now: now))
    }
}
