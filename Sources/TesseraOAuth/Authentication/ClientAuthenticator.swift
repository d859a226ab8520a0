
/// Client authentication (RFC 6749 §2.3.1), shared by the token, introspection and revocation
/// endpoints so that all three count failures against the same limit and reuse the same memoized
/// slow-hash verifications.
///
/// 1. too many recent authentication failures for this client id -> 429, before any secret check;
/// 2. client lookup and secret check -> `invalid_client` (an unknown id and a wrong secret read the
///    same); a slow hash not yet memoized, or a stored client not in the local tier -> `.deferred`
///    work for a background executor, after which the caller asks again and passes from memory;
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
    /// (`RateLimiter.admit`), at `now` (unix seconds: assertion times, certificate validity): a request admitted before deferred work it was handed passes
    /// `admitting: false` when answered again. Time spent is added to `timing` as `local` (from
    /// `start`, a value of `ServerTiming.now()`), except on success, where the caller goes on measuring.
    package func authenticate(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool = false, timing: inout ServerTiming?, since start: UInt64
    ) -> Outcome {
        let outcome = authenticateCredentials(credentials, now: now, admitting: admitting, timing: &timing, since: start)
        // Told only to whoever proved to be the client: to anyone else it reads as any failure.
        if case .answered(let client) = outcome, client.disabled {
            timing?.add(.local, since: start)
            return .failed(Self.disabled)
        }
        return outcome
    }

    private func authenticateCredentials(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool, timing: inout ServerTiming?, since start: UInt64
    ) -> Outcome {
        // Rule 4: an id no store could hold is refused before any lookup or limit keyed on it.
        guard ClientIdentifier.isAcceptable(credentials.id) else {
            timing?.add(.local, since: start)
            return .failed(Self.failed)
        }
        if let retryAfter = limiter.authenticationRetryAfter(clientID: credentials.id, source: credentials.source) {
            return .failed(.rateLimited(retryAfter: retryAfter))
        }
        if credentials.method == .privateKeyJWT {
            return authenticateAssertion(credentials, now: now, admitting: admitting, timing: &timing, since: start)
        }
        if credentials.method == .mutualTLS {
            let outcome = authenticateCertificate(credentials, now: now, timing: &timing, since: start)
            guard admitting, case .answered(let client) = outcome else { return outcome }
            return admit(client, timing: &timing, since: start) ?? outcome
        }
        let client: Client
        switch registry.lookup(id: credentials.id) {
        case .found(let found):
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            client = found
        case .unknown:
            metrics.cacheLookup(tier: .local, cache: .client, hit: true)
            return fail(credentials, timing: &timing, since: start)
        case .miss:
            // Not in the local tier: Redis and PostgreSQL are asked off the I/O thread.
            metrics.cacheLookup(tier: .local, cache: .client, hit: false)
            guard let dynamic = registry.dynamic else { return fail(credentials, timing: &timing, since: start) }
            timing?.add(.local, since: start)
            return .deferred(
                DeferredWork(
                    lookup: credentials.id, secret: credentials.secret, cache: dynamic, verifiedSecrets: verifiedSecrets,
                    limiter: limiter, metrics: metrics, alternate: credentials.rawSecret, source: credentials.source))
        }

        if client.rotatesSecrets {
            if let answer = checkOverlappingSecrets(client, credentials, timing: &timing, since: start) { return answer }
        } else if client.secretHash.isSlow {
            let verified = verifiedSecrets.isVerified(client, secret: credentials.secret)
                || credentials.rawSecret.map { verifiedSecrets.isVerified(client, secret: $0) } == true
            metrics.cacheLookup(tier: .local, cache: .secret, hit: verified)
            if !verified {
                timing?.add(.local, since: start)
                return .deferred(
                    DeferredWork(
                        client: client, secret: credentials.secret, verifiedSecrets: verifiedSecrets, limiter: limiter,
                        metrics: metrics, alternate: credentials.rawSecret, source: credentials.source))
            }
        } else if !client.secretHash.verify(credentials.secret)
            && credentials.rawSecret.map({ client.secretHash.verify($0) }) != true
        {
            return fail(credentials, timing: &timing, since: start)
        }
        if admitting, let refused = admit(client, timing: &timing, since: start) { return refused }
        return .answered(client)
    }

    /// Takes one request from the client's rate: nil when admitted, else the 429.
    func admit(_ client: Client, timing: inout ServerTiming?, since start: UInt64) -> Outcome? {
        guard let retryAfter = limiter.admit(clientID: client.id, rate: client.rate) else { return nil }
        timing?.add(.local, since: start)
        return .failed(.rateLimited(retryAfter: retryAfter))
    }

    private func fail(_ credentials: ClientCredentials, timing: inout ServerTiming?, since start: UInt64) -> Outcome {
        limiter.recordAuthenticationFailure(clientID: credentials.id, source: credentials.source)
        timing?.add(.local, since: start)
        return .failed(Self.failed)
    }
}
