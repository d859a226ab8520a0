import Glibc
import TesseraJOSE
import TesseraStore

extension ClientAuthenticator {
    /// `private_key_jwt` (RFC 7523 §2.2): the client from memory (a miss is looked up off the I/O
    /// thread, and phase two goes on from here), the assertion parsed and checked (`ClientAssertionRules`: one
    /// signature verification, on this thread), a replay known here refused, then the request
    /// admitted by the client's rate limit (when `admitting`), and only then its jti recorded: in
    /// memory, and in the shared store or the journal off the I/O thread (the need phase one
    /// names), before the request is answered. A request refused by the rate limit or by the client's share of the memory (429)
    /// records nothing. Every `invalid_client` counts against the client's authentication failure
    /// limit. Nothing about a verified assertion is remembered except its jti: every request
    /// verifies its own signature.
    func authenticateAssertion(
        _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome {
        keyOrCertificateClient(credentials) { [self] client in
            checkAssertion(client, credentials, now: now, admitting: admitting)
        }
    }

    private func checkAssertion(
        _ client: Client, _ credentials: ClientCredentials, now: Int64, admitting: Bool
    ) -> Outcome {
        guard let keys = client.keys else {
            return refuse(credentials, OAuthError.invalidClient("this client has no keys registered for private_key_jwt"))
        }
        let assertion: ClientAssertion
        do throws(OAuthError) {
            assertion = try ClientAssertion.parse(credentials.secret)
            try assertions.rules.check(assertion, bytes: credentials.secret, clientID: client.id, keys: keys, now: now)
        } catch {
            return refuse(credentials, error)
        }
        let replay = assertions.replay
        let key = AssertionReplay.key(clientID: client.id, jti: assertion.jwtID)
        let digest = TokenDigest.of(key)
        // A replay known here spends nothing of the client's rate: whoever replays a captured
        // assertion must not drain the client's budget.
        if replay.isUsed(digest, now: now) {
            return refuse(credentials, OAuthError.invalidClient("client_assertion jti was used before"))
        }
        if admitting, let refused = admit(client) { return refused }
        let exp = assertion.expiresAt ?? now
        var recordedHere = true
        switch replay.claimLocally(digest, clientID: client.id, expiresAt: exp, now: now) {
        case .replay:
            return refuse(credentials, OAuthError.invalidClient("client_assertion jti was used before"))
        case .overShare(let retryAfter) where replay.shared == nil:
            return .failed(.rateLimited(retryAfter: retryAfter))
        case .full where replay.shared == nil:
            return .failed(.temporarilyUnavailable("too many client assertions in flight"))
        case .full, .overShare:
            recordedHere = false  // the shared store decides alone
        case .first:
            break
        }
        let store: JTIClaim.Store
        if let shared = replay.shared {
            store = .shared(shared, key: key, milliseconds: max(1, exp - now) * 1000)
        } else if let journal = replay.journal {
            store = .journal(journal, .usedAssertion(digest: digest.journalText, clientID: client.id, expiresAt: exp))
        } else {
            return .answered(client)
        }
        let need = Need.jtiClaim(JTIClaim(
            store: store, replay: replay, forget: recordedHere ? digest : nil,
            unavailable: OAuthError.temporarilyUnavailable("the store of used client assertions is unavailable")))
        // Phase two: the jti is recorded (first use), or another node used it first.
        return .deferred(Deferral(need) { [self] fetched, _ in
            guard case .claimed(true) = fetched else {
                limiter.recordAuthenticationFailure(clientID: client.id, source: credentials.source)
                return .failed(.invalidClient("client_assertion jti was used before"))
            }
            return .answered(client)
        })
    }
}
