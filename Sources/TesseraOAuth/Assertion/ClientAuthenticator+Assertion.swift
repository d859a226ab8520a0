import Glibc
import TesseraJOSE

extension ClientAuthenticator {
    /// `private_key_jwt` (RFC 7523 §2.2): the client from memory (a miss is looked up off the I/O
    /// thread, then answered again), the assertion parsed and checked (`ClientAssertionRules`: one
    /// signature verification, on this thread), then its jti claimed: in memory, and with Redis
    /// there too, off the I/O thread. Every refusal is `invalid_client` and counts against the
    /// client's authentication failure limit. Nothing about a verified assertion is remembered
    /// except its jti: every request verifies its own signature.
    func authenticateAssertion(_ credentials: ClientCredentials, timing: inout ServerTiming?, since start: UInt64) -> Outcome {
        let client: Client
        switch keyOrCertificateClient(credentials, timing: &timing, since: start) {
        case .client(let found): client = found
        case .answer(let outcome): return outcome
        }
        guard let keys = client.keys else {
            return refuse(credentials, OAuthError.invalidClient("this client has no keys registered for private_key_jwt"), timing: &timing, since: start)
        }
        let now = Int64(time(nil))
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
        // This request claimed the jti on an earlier pass (see below).
        if replay.isAdmitted(admission, now: now) { return .answered(client) }
        let exp = assertion.expiresAt ?? now
        switch replay.claimLocally(key, expiresAt: exp, now: now) {
        case .replay:
            return refuse(credentials, OAuthError.invalidClient("client_assertion jti was used before"), timing: &timing, since: start)
        case .full where replay.shared == nil:
            timing?.add(.local, since: start)
            return .failed(.temporarilyUnavailable("too many client assertions in flight"))
        case .full:
            break  // Redis decides alone
        case .first:
            break
        }
        guard let shared = replay.shared else {
            replay.admit(admission, expiresAt: exp, now: now)
            return .answered(client)
        }
        timing?.add(.local, since: start)
        let limiter = self.limiter
        let clientID = client.id
        let source = credentials.source
        return .deferred(DeferredWork(task: clientID, metrics: metrics) { steps in
            let redisStart = ServerTiming.now()
            let claimed: Bool
            do {
                claimed = try shared.claim(key, milliseconds: max(1, exp - now) * 1000)
            } catch {
                replay.forget(key)
                return .fail(.temporarilyUnavailable("the assertion replay store is unavailable"))
            }
            steps.append((.redis, ServerTiming.now() &- redisStart))
            guard claimed else {
                limiter.recordAuthenticationFailure(clientID: clientID, source: source)
                return .fail(.invalidClient("client_assertion jti was used before"))
            }
            replay.admit(admission, expiresAt: exp, now: now)
            return .retry
        })
    }
}
