import Glibc
import TesseraJOSE
import TesseraStore

extension ClientAuthenticator {
    /// `private_key_jwt` (RFC 7523 §2.2): the client from memory (a miss is looked up off the I/O
    /// thread, then answered again), the assertion parsed and checked (`ClientAssertionRules`: one
    /// signature verification, on this thread), a replay known here refused, then the request
    /// admitted by the client's rate limit (when `admitting`), and only then its jti recorded: in
    /// memory, and in the shared store or the journal off the I/O thread, before the request is
    /// answered. A request refused by the rate limit or by the client's share of the memory (429)
    /// records nothing. Every `invalid_client` counts against the client's authentication failure
    /// limit. Nothing about a verified assertion is remembered except its jti: every request
    /// verifies its own signature.
    func authenticateAssertion(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool, timing: inout ServerTiming?, since start: UInt64
    ) -> Outcome {
        let client: Client
        switch keyOrCertificateClient(credentials, timing: &timing, since: start) {
        case .client(let found): client = found
        case .answer(let outcome): return outcome
        }
        guard let keys = client.keys else {
            return refuse(credentials, OAuthError.invalidClient("this client has no keys registered for private_key_jwt"), timing: &timing, since: start)
        }
        let assertion: ClientAssertion
        do throws(OAuthError) {
            assertion = try ClientAssertion.parse(credentials.secret)
            try assertions.rules.check(assertion, bytes: credentials.secret, clientID: client.id, keys: keys, now: now)
        } catch {
            return refuse(credentials, error, timing: &timing, since: start)
        }
        let replay = assertions.replay
        let key = AssertionReplay.key(clientID: client.id, jti: assertion.jwtID)
        let admission = AssertionReplay.admission(key, attempt: credentials.attempt)
        // This request claimed the jti on an earlier pass (see below), after it was admitted.
        if replay.isAdmitted(admission, now: now) { return .answered(client) }
        let digest = TokenDigest.of(key)
        // A replay known here spends nothing of the client's rate: whoever replays a captured
        // assertion must not drain the client's budget.
        if replay.isUsed(digest, now: now) {
            return refuse(credentials, OAuthError.invalidClient("client_assertion jti was used before"), timing: &timing, since: start)
        }
        if admitting, let refused = admit(client, timing: &timing, since: start) { return refused }
        let exp = assertion.expiresAt ?? now
        var recordedHere = true
        switch replay.claimLocally(digest, clientID: client.id, expiresAt: exp, now: now) {
        case .replay:
            return refuse(credentials, OAuthError.invalidClient("client_assertion jti was used before"), timing: &timing, since: start)
        case .overShare(let retryAfter) where replay.shared == nil:
            timing?.add(.local, since: start)
            return .failed(.rateLimited(retryAfter: retryAfter))
        case .full where replay.shared == nil:
            timing?.add(.local, since: start)
            return .failed(.temporarilyUnavailable("too many client assertions in flight"))
        case .full, .overShare:
            recordedHere = false  // the shared store decides alone
        case .first:
            break
        }
        guard replay.shared != nil || replay.journal != nil else {
            replay.admit(admission, expiresAt: exp, now: now)
            return .answered(client)
        }
        timing?.add(.local, since: start)
        let work = recordUsed(
            replay, key: key, digest: digest, recordedHere: recordedHere, clientID: client.id, source: credentials.source,
            admission: admission, exp: exp, now: now)
        work.admitted = true
        return .deferred(work)
    }

    /// Off the I/O thread: claims the jti in the shared store, or appends it to the journal, and
    /// leaves the request its pass once that is acknowledged. A store that cannot answer is 503,
    /// and the id is forgotten here so that the client may try again.
    private func recordUsed(
        _ replay: AssertionReplay, key: [UInt8], digest: Digest32, recordedHere: Bool, clientID: String,
        source: SourceAddress, admission: [UInt8], exp: Int64, now: Int64
    ) -> DeferredWork {
        let limiter = self.limiter
        return DeferredWork(task: clientID, metrics: metrics) { steps in
            let storeStart = ServerTiming.now()
            var claimed = true
            do {
                if let shared = replay.shared {
                    claimed = try shared.claim(key, milliseconds: max(1, exp - now) * 1000)
                    steps.append((shared.tier == .postgres ? .postgres : .redis, ServerTiming.now() &- storeStart))
                } else if let journal = replay.journal {
                    try journal.append(.usedAssertion(digest: digest.journalText, clientID: clientID, expiresAt: exp))
                    steps.append((.local, ServerTiming.now() &- storeStart))
                }
            } catch {
                if recordedHere { replay.forget(digest) }
                return .fail(.temporarilyUnavailable("the store of used client assertions is unavailable"))
            }
            guard claimed else {
                limiter.recordAuthenticationFailure(clientID: clientID, source: source)
                return .fail(.invalidClient("client_assertion jti was used before"))
            }
            replay.admit(admission, expiresAt: exp, now: now)
            return .retry
        }
    }
}
