import TesseraCore
import TesseraJOSE

/// Token revocation (RFC 7009) without HTTP: a `TokenSubmission` in, an `Outcome` out.
///
/// The client authenticates as at the token endpoint; then the token is looked at the way
/// introspection does (cache, else full verification), because only a token whose signature holds
/// can say whose it is. A live token of the caller is revoked: recorded durably first (`recorder`,
/// off the I/O thread: the 200 waits for it; a store that cannot record it is a 503), then its
/// `jti` enters the revocation list until its `exp`, its introspection cache entry and any reusable
/// copy (local and shared) are dropped, and the revocation is announced to other nodes. Unknown,
/// malformed, expired and already revoked tokens are answered 200 all the same; a live token of
/// another client is refused with `unauthorized_client` and stays active.
package final class RevocationEndpoint: SubmissionEndpoint {
    /// 200 with an empty body, the OAuth error, or what must be fetched (or written) first.
    package typealias Outcome = EndpointOutcome<RevocationResult>

    package let authenticator: ClientAuthenticator
    package let introspection: IntrospectionEndpoint
    package let reuse: TokenReuseCache
    package let revocations: RevocationList
    package let publisher: (any RevocationPublishing)?
    package let recorder: (any RevocationRecording)?
    /// The shared reusable tokens and the signer whose entries are read, to drop a revoked copy.
    package let sharedReuse: SharedTokenReuse?
    package let signerIdentity: UInt64
    /// Sets a revoked token's status list bit before the revocation is answered.
    package let statusMarker: (any StatusMarking)?
    private let metrics: any IntrospectionRevocationMetrics
    package init(
        authenticator: ClientAuthenticator, introspection: IntrospectionEndpoint, reuse: TokenReuseCache,
        revocations: RevocationList, publisher: (any RevocationPublishing)? = nil,
        recorder: (any RevocationRecording)? = nil, sharedReuse: SharedTokenReuse? = nil, signerIdentity: UInt64 = 0,
        metrics: any IntrospectionRevocationMetrics = NoIntrospectionRevocationMetrics(),
        statusMarker: (any StatusMarking)? = nil
    ) {
        self.statusMarker = statusMarker
        self.authenticator = authenticator
        self.introspection = introspection
        self.reuse = reuse
        self.revocations = revocations
        self.publisher = publisher
        self.recorder = recorder
        self.sharedReuse = sharedReuse
        self.signerIdentity = signerIdentity
        self.metrics = metrics
    }


    /// Once the client authenticated: a live token of its own is made durable off the I/O thread
    /// first (when anything durable is configured), then revoked.
    package func answer(_ token: [UInt8], for client: Client, now: Int64, timing: inout StepTimings?) -> Outcome {
        let inspection = introspection.inspect(token, now: now, timing: &timing)
        if recorder != nil || sharedReuse != nil || statusMarker != nil, let record = inspection.record, inspection.result == .active,
            record.clientID.bytesEqual(client.id)
        {
            let durable = DurableRevocation(
                record: record, client: client, now: now, statusMarker: statusMarker, recorder: recorder,
                sharedReuse: sharedReuse, signerIdentity: signerIdentity)
            let digest = inspection.digest
            return .deferred(Deferral(.durableRevocation(durable)) { [self] _, _ in
                // Recorded: revoked here and announced. Someone else may have revoked it meanwhile.
                let result: RevocationResult = apply(record, digest: digest, now: now) ? .revoked : .alreadyRevoked
                metrics.revocationAnswered(result)
                return .answered(result)
            })
        }
        let result = revoke(inspection, by: client, now: now)
        metrics.revocationAnswered(result)
        if result == .notOwner { return .failed(.unauthorizedClient("the token was issued to another client")) }
        return .answered(result)
    }

    private func revoke(_ inspection: IntrospectionEndpoint.Inspection, by client: Client, now: Int64) -> RevocationResult {
        guard let record = inspection.record else { return .inactive }
        guard record.clientID.bytesEqual(client.id) else { return .notOwner }
        guard inspection.result == .active else { return .alreadyRevoked }
        return apply(record, digest: inspection.digest, now: now) ? .revoked : .alreadyRevoked
    }

    /// Revokes locally and announces. Order matters: list first, then the cache entry (see
    /// IntrospectionEndpoint.inspect).
    private func apply(_ record: IntrospectionRecord, digest: Digest32, now: Int64) -> Bool {
        let added = revocations.revoke(jwtID: record.jwtID, expiresAt: record.expiresAt, now: now)
        introspection.cache.remove(digest)
        reuse.forget(jwtID: record.jwtID)
        guard added else { return false }
        publisher?.publish(Revocation(jwtID: record.jwtID, expiresAt: record.expiresAt, clientID: record.clientID))
        return true
    }
}
