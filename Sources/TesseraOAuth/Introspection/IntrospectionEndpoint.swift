import TesseraStore
import TesseraJOSE
import TesseraCore

/// Token introspection (RFC 7662) without HTTP: a `TokenSubmission` in, an `Outcome` out.
/// Thread-safe; `respond` runs on the I/O thread and only defers a slow secret hash.
///
/// 1. client authentication (`ClientAuthenticator`, shared with the token endpoint) -> 401 / 429 /
///    deferred;
/// 2. the client must have `introspect: true` -> 403 `unauthorized_client`;
/// 3. the token: the introspection cache (SHA-256 of the token -> rendered answer, until `exp`), else
///    a full verification by the key ring (signature, algorithm of the key, `exp` without leeway,
///    `iat`/`nbf` with 30 s, issuer); either way the revocation list has the last word.
///
/// Every inactive token gets the same `{"active":false}`; the reason goes only to metrics.
package final class IntrospectionEndpoint: SubmissionEndpoint {
    /// 200 with the answer, the OAuth error, or what must be fetched first and how to go on.
    package typealias Outcome = EndpointOutcome<Answer>

    /// A 200: the record of an active token, or nil for `{"active":false}`, and why.
    package struct Answer: Sendable {
        package var record: IntrospectionRecord?
        package var result: IntrospectionResult
    }

    /// A token as introspection sees it.
    package struct Inspection: Sendable {
        package var result: IntrospectionResult
        /// Set when the token verified (active or revoked): who owns it and until when.
        package var record: IntrospectionRecord?
        var digest: Digest32
    }

    package let authenticator: ClientAuthenticator
    package let keyRing: KeyRing
    package let issuer: String
    package let cache: IntrospectionCache
    package let revocations: RevocationList
    private let metrics: any IntrospectionRevocationMetrics

    package init(
        authenticator: ClientAuthenticator, keyRing: KeyRing, issuer: String, cache: IntrospectionCache,
        revocations: RevocationList, metrics: any IntrospectionRevocationMetrics = NoIntrospectionRevocationMetrics()
    ) {
        self.authenticator = authenticator
        self.keyRing = keyRing
        self.issuer = issuer
        self.cache = cache
        self.revocations = revocations
        self.metrics = metrics
    }

    /// Once the client authenticated: its permission, then the token.
    package func answer(_ token: [UInt8], for client: Client, now: Int64, timing: inout StepTimings?) -> Outcome {
        guard client.introspect else {
            return .failed(.unauthorizedClient("this client may not introspect tokens"))
        }
        // Rule 2: until the recorded revocations are read, no token may be called active.
        guard revocations.isLoaded else {
            return .failed(.temporarilyUnavailable("the recorded revocations are not loaded yet"))
        }
        let inspection = inspect(token, now: now, timing: &timing)
        metrics.introspected(inspection.result)
        return .answered(Answer(record: inspection.result == .active ? inspection.record : nil, result: inspection.result))
    }

    /// Looks a token up in the cache or verifies it; shared with revocation. Adds `verify` to
    /// `timing` when a signature was checked.
    package func inspect(_ token: [UInt8], now: Int64, timing: inout StepTimings?) -> Inspection {
        let digest = TokenDigest.of(token)
        if let record = cache.record(for: digest, now: now) {
            metrics.cacheLookup(tier: .local, cache: .introspection, hit: true)
            var result = IntrospectionResult.active
            if revocations.isRevoked(jwtID: record.jwtID, now: now) || isDead(record) {
                cache.remove(digest)
                result = .revoked
            }
            return Inspection(result: result, record: record, digest: digest)
        }
        metrics.cacheLookup(tier: .local, cache: .introspection, hit: false)
        let verifyStart = StepTimings.now()
        let verified = keyRing.verify(token: token, now: now, expectedIssuer: issuer)
        timing?.add(.verify, since: verifyStart)
        switch verified {
        case .failure(let rejection):
            return Inspection(result: IntrospectionResult(rejection), record: nil, digest: digest)
        case .success(let token):
            let record = IntrospectionRecord(claims: token.claims)
            guard !revocations.isRevoked(jwtID: record.jwtID, now: now), !isDead(record) else {
                return Inspection(result: .revoked, record: record, digest: digest)
            }
            cache.store(record, for: digest)
            // A revocation that landed between the check above and the store must not leave an
            // active entry behind: revocation adds to the list first, then removes the entry.
            if revocations.isRevoked(jwtID: record.jwtID, now: now) {
                cache.remove(digest)
                return Inspection(result: .revoked, record: record, digest: digest)
            }
            return Inspection(result: .active, record: record, digest: digest)
        }
    }

    /// Rule 3: a token of a client that is gone (known not to exist), or issued at or before the
    /// client's cut (`revoke-tokens`, `client remove`, removal from `clients:`), is dead.
    private func isDead(_ record: IntrospectionRecord) -> Bool {
        if revocations.isCut(clientID: record.clientID, issuedAt: record.issuedAt) { return true }
        // Only static clients are authoritative: a stored client's "unknown" may be a negative
        // entry cached moments before it was added (its removal is a cut, above).
        if authenticator.registry.dynamic == nil, case .unknown = authenticator.registry.lookup(id: record.clientID) {
            return true
        }
        return false
    }
}
