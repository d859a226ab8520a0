import TesseraStore

/// Token revocation (RFC 7009) without HTTP: a `TokenSubmission` in, an `Outcome` out.
///
/// The client authenticates as at the token endpoint; then the token is looked at the way
/// introspection does (cache, else full verification), because only a token whose signature holds
/// can say whose it is. A live token of the caller is revoked: its `jti` enters the revocation list
/// until its `exp`, its introspection cache entry and any reusable copy are dropped, and the
/// revocation is announced to other nodes when a publisher is set. Unknown, malformed, expired and
/// already revoked tokens are answered 200 all the same; a live token of another client is refused
/// with `unauthorized_client` and stays active.
package final class RevocationEndpoint: Sendable {
    package enum Outcome: Sendable {
        /// 200 with an empty body.
        case answered(RevocationResult)
        case failed(OAuthError)
        case deferred(DeferredWork)
    }

    package let authenticator: ClientAuthenticator
    package let introspection: IntrospectionEndpoint
    package let reuse: TokenReuseCache
    package let revocations: RevocationList
    package let publisher: (any RevocationPublishing)?
    private let metrics: any GatewayMetrics

    package init(
        authenticator: ClientAuthenticator, introspection: IntrospectionEndpoint, reuse: TokenReuseCache,
        revocations: RevocationList, publisher: (any RevocationPublishing)? = nil,
        metrics: any GatewayMetrics = NoGatewayMetrics()
    ) {
        self.authenticator = authenticator
        self.introspection = introspection
        self.reuse = reuse
        self.revocations = revocations
        self.publisher = publisher
        self.metrics = metrics
    }

    package func respond(to request: TokenSubmission, now: Int64, timing: inout ServerTiming?) -> Outcome {
        let start = timing == nil ? 0 : ServerTiming.now()
        let client: Client
        switch authenticator.authenticate(request.credentials, timing: &timing, since: start) {
        case .authenticated(let authenticated): client = authenticated
        case .failed(let error): return .failed(error)
        case .deferred(let work): return .deferred(work)
        }
        let inspection = introspection.inspect(request.token, now: now, timing: &timing, since: start)
        let result = revoke(inspection, by: client, now: now)
        metrics.revocationAnswered(result)
        if result == .notOwner { return .failed(.unauthorizedClient("the token was issued to another client")) }
        return .answered(result)
    }

    private func revoke(_ inspection: IntrospectionEndpoint.Inspection, by client: Client, now: Int64) -> RevocationResult {
        guard let record = inspection.record else { return .inactive }
        guard record.clientID.bytesEqual(client.id) else { return .notOwner }
        guard inspection.result == .active else { return .alreadyRevoked }
        // Order matters: list first, then the cache entry (see IntrospectionEndpoint.inspect).
        let added = revocations.revoke(jwtID: record.jwtID, expiresAt: record.expiresAt, now: now)
        introspection.cache.remove(inspection.digest)
        reuse.forget(jwtID: record.jwtID)
        guard added else { return .alreadyRevoked }
        publisher?.publish(Revocation(jwtID: record.jwtID, expiresAt: record.expiresAt, clientID: record.clientID))
        return .revoked
    }
}
