import TesseraStore

/// The client-credentials token endpoint (RFC 6749 §4.4) without HTTP: a parsed `TokenRequest` in,
/// a `TokenOutcome` out. Thread-safe; `respond` is meant to run on the I/O thread and never blocks:
/// anything slow comes back as `.deferred` work.
///
/// Order of checks, so that cheap refusals come first and nothing leaks:
/// 1. too many recent authentication failures for this client id -> 429 (before any secret check);
/// 2. client lookup and secret check -> `invalid_client` (unknown id and wrong secret read the same);
///    a slow hash not yet memoized -> `.deferred`;
/// 3. per-client request rate -> 429 (only authenticated requests spend a client's budget);
/// 4. scopes -> `invalid_scope`, audiences -> `invalid_target`;
/// 5. a reusable token for the same grant, else a newly signed one.
package final class TokenEndpoint: Sendable {
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
    private let metrics: any TokenMetrics

    package init(
        settings: Settings, registry: ClientRegistry, minter: any TokenMinting,
        metrics: any TokenMetrics = NoTokenMetrics(), caches: Caches? = nil, revocations: RevocationList? = nil,
        sharedReuse: SharedTokenReuse? = nil, clock: MonotonicClock = .system
    ) {
        var settings = settings
        settings.defaultAudience = Array(Set(settings.defaultAudience)).sorted()
        self.settings = settings
        self.registry = registry
        self.minter = minter
        self.metrics = metrics
        let caches = caches ?? Caches(settings: settings, clock: clock)
        self.caches = caches
        self.revocations = revocations ?? RevocationList()
        // Only when a token can be reusable at all (ttl longer than reuse_min_remaining).
        self.sharedReuse = settings.reuse && settings.ttlSeconds > settings.reuseMinRemainingSeconds ? sharedReuse : nil
        self.authenticator = ClientAuthenticator(
            registry: registry, verifiedSecrets: caches.verifiedSecrets, limiter: caches.limiter, metrics: metrics)
    }

    /// Answers one token request at `now` (unix seconds), recording steps into `timing` when given.
    package func respond(to request: TokenRequest, now: Int64, timing: inout ServerTiming?) -> TokenOutcome {
        let localStart = timing == nil ? 0 : ServerTiming.now()
        let client: Client
        switch authenticator.authenticate(request.credentials, timing: &timing, since: localStart) {
        case .authenticated(let authenticated): client = authenticated
        case .failed(let error): return .failed(error)
        case .deferred(let work): return .deferred(work)
        }

        if let retryAfter = caches.limiter.admit(clientID: client.id) {
            if timing != nil { timing!.add(.local, since: localStart) }
            return .failed(.rateLimited(retryAfter: retryAfter))
        }

        var grant: Grant
        do {
            grant = try self.grant(for: request, client: client)
            grant.certificate = request.credentials.certificate
        } catch {
            if timing != nil { timing!.add(.local, since: localStart) }
            return .failed(error)
        }

        let key = settings.reuse ? grant.key(for: client) : nil
        if let key {
            var reused = caches.reuse.token(for: key, now: now)
            if let revoked = reused, revocations.isRevoked(jwtID: revoked.jwtID, now: now) {
                caches.reuse.forget(jwtID: revoked.jwtID)
                reused = nil
            }
            metrics.cacheLookup(tier: "local", cache: "token", hit: reused != nil)
            if let reused {
                if timing != nil { timing!.add(.local, since: localStart) }
                return .issued(
                    TokenResponse(accessToken: reused.token, expiresIn: reused.expiresAt - now, scope: reused.scope))
            }
        }
        if timing != nil { timing!.add(.local, since: localStart) }
        if let key, let sharedReuse {
            return .deferred(shareReuse(sharedReuse, key: key, client: client, grant: grant, now: now))
        }
        return issue(client: client, grant: grant, key: key, now: now, timing: &timing)
    }

    /// Off the I/O thread: adopts the token another node holds for this grant, else signs one and
    /// offers it to the others (the first stored wins). Either way the token lands in the local
    /// reuse cache, so answering again hands it out. With Redis down, the token signed here is used.
    private func shareReuse(
        _ shared: SharedTokenReuse, key: TokenGrantKey, client: Client, grant: Grant, now: Int64
    ) -> DeferredWork {
        DeferredWork(task: client.id, metrics: metrics) { [self] steps in
            let start = ServerTiming.now()
            var found = try? shared.find(key, now: now)
            if let token = found, revocations.isRevoked(jwtID: token.jwtID, now: now) {
                try? shared.drop(key)
                found = nil
            }
            var redisNanoseconds = ServerTiming.now() &- start
            metrics.cacheLookup(tier: "redis", cache: "token", hit: found != nil)
            if found == nil {
                var timing: ServerTiming? = ServerTiming()
                guard case .issued = issue(client: client, grant: grant, key: key, now: now, timing: &timing),
                    let signed = caches.reuse.token(for: key, now: now)
                else {
                    return .fail(.temporarilyUnavailable("the token could not be signed"))
                }
                steps.append((.sign, timing?.nanoseconds(of: .sign) ?? 0))
                let claimStart = ServerTiming.now()
                found = (try? shared.claim(signed, for: key, now: now)) ?? signed
                redisNanoseconds &+= ServerTiming.now() &- claimStart
            }
            steps.insert((.redis, redisNanoseconds), at: 0)
            if let found { caches.reuse.store(found, for: key) }
            caches.limiter.refund(clientID: client.id)  // answering again admits it once more
            return .retry
        }
    }

    private func issue(
        client: Client, grant: Grant, key: TokenGrantKey?, now: Int64, timing: inout ServerTiming?
    ) -> TokenOutcome {
        let scope = grant.scopeString(for: client)
        let claims = TokenClaims(
            issuer: settings.issuer, subject: client.id, clientID: client.id, audiences: grant.audiences,
            scope: scope, issuedAt: now, expiresAt: now + settings.ttlSeconds, jwtID: minter.newJWTID(),
            certificateThumbprint: grant.certificate?.thumbprintBase64URL)
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
                IssuedToken(token: token, jwtID: claims.jwtID, expiresAt: claims.expiresAt, scope: scope), for: key)
        }
        return .issued(TokenResponse(accessToken: token, expiresIn: settings.ttlSeconds, scope: scope))
    }
}
