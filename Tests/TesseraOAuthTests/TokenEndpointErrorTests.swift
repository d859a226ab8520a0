import TesseraCore
import TesseraJOSE
import Testing
import TesseraStore

@testable import TesseraOAuth

/// Every row of the contract's token error table, through parse + TokenEndpoint.
@Suite struct TokenEndpointErrorTests {
    private func error(_ result: Result<TokenResponse, OAuthError>) -> OAuthError? {
        if case .failure(let error) = result { return error }
        return nil
    }

    @Test(arguments: [
        ("client_id=demo&client_secret=demo-secret", nil as String?, "application/x-www-form-urlencoded"),
        ("grant_type=client_credentials&grant_type=client_credentials&client_id=demo&client_secret=demo-secret", nil, "application/x-www-form-urlencoded"),
        ("grant_type=client_credentials&client_id=demo&client_secret=demo-secret", nil, "text/plain"),
        ("grant_type=client_credentials&client_secret=demo-secret", Fixtures.basic("demo", "demo-secret"), "application/x-www-form-urlencoded"),
    ])
    func malformedRequestsAreInvalidRequest(body: String, authorization: String?, contentType: String) {
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), body, authorization: authorization, contentType: contentType))
        #expect(failure?.code == "invalid_request")
        #expect(failure?.status() == 400)
        #expect(failure?.wwwAuthenticate == nil)
    }

    @Test(arguments: [
        (Fixtures.post("nobody", "demo-secret"), nil as String?),
        (Fixtures.post("demo", "wrong"), nil),
        ("grant_type=client_credentials", Fixtures.basic("demo", "wrong")),
        ("grant_type=client_credentials", Fixtures.basic("nobody", "x")),
        ("grant_type=client_credentials", nil),
    ])
    func failedAuthenticationIsInvalidClientWithABasicChallenge(body: String, authorization: String?) {
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), body, authorization: authorization))
        #expect(failure?.code == "invalid_client")
        #expect(failure?.status() == 401)
        #expect(failure?.wwwAuthenticate == #"Basic realm="tessera""#)
    }

    @Test func unknownClientAndWrongSecretLookTheSame() {
        let endpoint = Fixtures.endpoint()
        let unknown = error(Fixtures.outcome(endpoint, Fixtures.post("nobody", "x")))
        let wrong = error(Fixtures.outcome(endpoint, Fixtures.post("demo", "x")))
        #expect(unknown == wrong)
    }

    @Test func otherGrantsAreUnsupportedGrantType() {
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), "grant_type=password&username=a&password=b", authorization: Fixtures.basic("demo", "demo-secret")))
        #expect(failure?.code == "unsupported_grant_type")
        #expect(failure?.status() == 400)
    }

    @Test func scopeOutsideTheClientsIsInvalidScope() {
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), Fixtures.post("demo", "demo-secret", "&scope=read+delete")))
        #expect(failure?.code == "invalid_scope")
        #expect(failure?.status() == 400)
    }

    @Test func audienceOutsideTheClientsIsInvalidTarget() {
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), Fixtures.post("demo", "demo-secret", "&audience=api&resource=elsewhere")))
        #expect(failure?.code == "invalid_target")
        #expect(failure?.status() == 400)
    }

    @Test func clientOverItsRateGetsRateLimitedWithRetryAfter() {
        let clock = ManualClock()
        let settings = TokenEndpoint.Settings(
            issuer: Fixtures.issuer, limits: RateLimits(perClientRPS: 2, perClientBurst: 1, authFailuresPerMinute: 0))
        let endpoint = Fixtures.endpoint(settings, clock: clock.clock)
        for _ in 0..<3 {
            #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"))) == nil)
        }
        let limited = error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")))
        #expect(limited == .rateLimited(retryAfter: 1))
        #expect(limited?.status() == 429)
        #expect(limited?.retryAfter == 1)
        // Another client has its own bucket.
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("human", Fixtures.humanSecret))) == nil)
        clock.advance(seconds: 0.5)  // one token back at 2 per second
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"))) == nil)
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")))?.code == "rate_limited")
    }

    @Test func repeatedAuthenticationFailuresAreRateLimitedBeforeTheSecretIsChecked() {
        let clock = ManualClock()
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, limits: RateLimits(authFailuresPerMinute: 3))
        let endpoint = Fixtures.endpoint(settings, clock: clock.clock)
        for _ in 0..<3 {
            #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "wrong")))?.code == "invalid_client")
        }
        clock.advance(seconds: 10)
        // Even the right secret is refused now: the limit is checked before the secret.
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"))) == .rateLimited(retryAfter: 50))
        // Unknown ids are limited the same way, each on its own.
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("nobody", "x")))?.code == "invalid_client")
        clock.advance(seconds: 50)
        #expect(error(Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"))) == nil)
    }

    @Test func errorBodiesAreRFCJSONWithoutSecrets() {
        var out: [UInt8] = []
        let failure = error(Fixtures.outcome(Fixtures.endpoint(), Fixtures.post("demo", "hunter2-secret-value")))
        failure?.writeJSON(into: &out)
        let body = String(decoding: out, as: UTF8.self)
        #expect(body == #"{"error":"invalid_client","error_description":"client authentication failed"}"#)
        #expect(!body.contains("hunter2"))
        out.removeAll()
        OAuthError.invalidRequest("quote \" and \\ and \n").writeJSON(into: &out)
        #expect(String(decoding: out, as: UTF8.self) == #"{"error":"invalid_request","error_description":"quote \" and \\ and \n"}"#)
    }

    @Test func statusesFollowTheContract() {
        #expect(OAuthError.unauthorizedClient("x").status(at: .introspection) == 403)
        #expect(OAuthError.unauthorizedClient("x").status(at: .revocation) == 400)
        #expect(OAuthError.temporarilyUnavailable("x").status() == 503)
        #expect(OAuthError.rateLimited(retryAfter: 3).code == "rate_limited")
        #expect(OAuthError.invalidScope("x").wwwAuthenticate == nil)
    }
}

/// A signer that cannot sign, as when a key or the crypto library fails.
private struct BrokenMinter: TokenMinting {
    struct Failure: Error {}
    var algorithm: JWSAlgorithm { .EdDSA }
    func newJWTID() -> String { "jti" }
    func mint(_ claims: TokenClaims, into out: inout [UInt8]) throws { throw Failure() }
}

@Suite struct TokenEndpointUnavailableTests {
    @Test func aSigningFailureIsTemporarilyUnavailableNotInvalidClient() {
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
            minter: BrokenMinter())
        let result = Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.code == "temporarily_unavailable")
        #expect(error.status() == 503)
    }

    @Test func failedSlowVerificationsCountTowardTheAuthenticationLimit() throws {
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, limits: RateLimits(authFailuresPerMinute: 2))
        let endpoint = Fixtures.endpoint(settings)
        for _ in 0..<2 {
            let result = Fixtures.outcome(endpoint, "grant_type=client_credentials", authorization: Fixtures.basic("human", "guess"))
            #expect((try? result.get()) == nil)
        }
        let request = try Fixtures.parse("grant_type=client_credentials", authorization: Fixtures.basic("human", Fixtures.humanSecret)).get()
        var timing: StepTimings? = nil
        guard case .failed(let error) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("expected 429 without deferring another slow hash")
            return
        }
        #expect(error.code == "rate_limited")
    }
}
