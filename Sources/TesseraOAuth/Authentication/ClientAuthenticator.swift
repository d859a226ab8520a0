
/// Client authentication (RFC 6749 §2.3.1), shared by the token, introspection and revocation
/// endpoints so that all three count failures against the same limit and reuse the same memoized
/// slow-hash verifications.
///
/// 1. too many recent authentication failures for this client id -> 429, before any secret check;
/// 2. client lookup and secret check -> `invalid_client` (an unknown id and a wrong secret read the
///    same); a slow hash not yet memoized, or a stored client not in the local tier -> `.deferred`:
///    the `Need` for a background executor, and phase two, which goes on from what it fetched;
/// 3. when the caller rate-limits (`admitting`: the token endpoint), the client's rate -> 429, once
///    the credentials are verified and before anything about the request is recorded (an
///    assertion's jti is recorded only once the request is admitted).
package final class ClientAuthenticator: Sendable {
    static let failed = OAuthError.invalidClient("client authentication failed")
    static let disabled = OAuthError.invalidClient("client is disabled")

    /// What one authentication attempt came to: the authenticated client, the refusal, or work
    /// to run off the I/O thread before authenticating again.
    package typealias Outcome = EndpointOutcome<Client>

    package let registry: ClientRegistry
    let verifiedSecrets: VerifiedSecretCache
    let limiter: RateLimiter
    let metrics: any TokenMetrics
    /// `private_key_jwt`: the assertion rules and the jtis already used.
    package let assertions: ClientAssertionCheck

    package init(
        registry: ClientRegistry, verifiedSecrets: VerifiedSecretCache, limiter: RateLimiter, metrics: any TokenMetrics,
        assertions: ClientAssertionCheck = ClientAssertionCheck()
    ) {
        self.registry = registry
        self.verifiedSecrets = verifiedSecrets
        self.limiter = limiter
        self.metrics = metrics
        self.assertions = assertions
    }

    /// Authenticates `credentials`, and with `admitting` takes the request from the client's rate
    /// (`RateLimiter.admit`, once: a deferred authentication admits in its phase two), at `now`
    /// (unix seconds: assertion times, certificate validity).
    package func authenticate(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool = false
    ) -> Outcome {
        switch authenticateCredentials(credentials, now: now, admitting: admitting) {
        case .answered(let client):
            return enabled(client)
        case .failed(let error):
            return .failed(error)
        case .deferred(let deferral):
            return .deferred(deferral.then { [self] client, _ in enabled(client) })
        }
    }

    /// Told only to whoever proved to be the client: to anyone else it reads as any failure.
    private func enabled(_ client: Client) -> Outcome {
        guard client.disabled else { return .answered(client) }
        return .failed(Self.disabled)
    }

    private func authenticateCredentials(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome {
        // Rule 4: an id no store could hold is refused before any lookup or limit keyed on it.
        guard ClientIdentifier.isAcceptable(credentials.id) else {
            return .failed(Self.failed)
        }
        if let retryAfter = limiter.authenticationRetryAfter(clientID: credentials.id, source: credentials.source) {
            return .failed(.rateLimited(retryAfter: retryAfter))
        }
        if credentials.method == .privateKeyJWT {
            return authenticateAssertion(credentials, now: now, admitting: admitting)
        }
        if credentials.method == .mutualTLS {
            return authenticateCertificate(credentials, now: now, admitting: admitting)
        }
        switch registry.lookup(id: credentials.id) {
        case .found(let client):
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return checkSecret(client, credentials, now: now, admitting: admitting)
        case .unknown:
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return fail(credentials)
        case .miss:
            // Not in the local tier: Redis and PostgreSQL are asked off the I/O thread.
            metrics.cacheLookup(tier: .local, cache: .client, hit: false)
            guard let dynamic = registry.dynamic else { return fail(credentials) }
            return .deferred(Deferral(.client(id: credentials.id, cache: dynamic, metrics: metrics)) { [self] fetched, _ in
                guard case .client(let client?) = fetched else { return fail(credentials) }
                return checkSecret(client, credentials, now: now, admitting: admitting)
            })
        }
    }

    /// The secret of a client at hand: fast hashes here, a slow one memoized or else deferred.
    private func checkSecret(
        _ client: Client, _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome {
        if client.rotatesSecrets {
            if let answer = checkOverlappingSecrets(client, credentials, now: now, admitting: admitting) {
                return answer
            }
        } else if client.secretHash.isSlow {
            let verified = verifiedSecrets.isVerified(client, secret: credentials.secret)
                || credentials.rawSecret.map { verifiedSecrets.isVerified(client, secret: $0) } == true
            metrics.cacheLookup(tier: .local, cache: .secret, hit: verified)
            if !verified {
                return verifySlowly(client, credentials, now: now, admitting: admitting)
            }
        } else if !client.secretHash.verify(credentials.secret)
            && credentials.rawSecret.map({ client.secretHash.verify($0) }) != true
        {
            return fail(credentials)
        }
        return admitted(client, admitting: admitting)
    }

    /// Phase one's need for a slow hash, and phase two: a match is memoized with the secret it
    /// matched (the client's next request passes from memory) and the request admitted; a
    /// mismatch counts against the client's authentication failure limit.
    func verifySlowly(_ client: Client, _ credentials: ClientCredentials, now: Int64, admitting: Bool) -> Outcome {
        let need = Need.slowHash(
            client: client, secret: credentials.secret, alternate: credentials.rawSecret, now: now, metrics: metrics)
        return .deferred(Deferral(need) { [self] fetched, _ in
            guard case .secretMatched(let index, let secret) = fetched else {
                return fail(credentials)
            }
            verifiedSecrets.remember(client, secret: secret, index: index, now: now)
            if index > 0 { metrics.previousSecretUsed(clientID: client.id, expiresAt: client.secrets[index].expiresAt) }
            return admitted(client, admitting: admitting)
        })
    }

    /// The authenticated client, taken from its rate first when `admitting`.
    func admitted(_ client: Client, admitting: Bool) -> Outcome {
        if admitting, let refused = admit(client) { return refused }
        return .answered(client)
    }

    /// Takes one request from the client's rate: nil when admitted, else the 429.
    func admit(_ client: Client) -> Outcome? {
        guard let retryAfter = limiter.admit(clientID: client.id, rate: client.rate) else { return nil }
        return .failed(.rateLimited(retryAfter: retryAfter))
    }

    private func fail(_ credentials: ClientCredentials) -> Outcome {
        limiter.recordAuthenticationFailure(clientID: credentials.id, source: credentials.source)
        return .failed(Self.failed)
    }
}
