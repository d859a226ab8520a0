import Synchronization
import Testing
import TesseraCore
import TesseraStore
import TesseraTesting

@testable import TesseraOAuth

/// The two phases: phase one (on the I/O thread, from caches) answers or names its `Need`; phase
/// two answers from the typed result (`Fetched`), or names one more need, a continuation of the
/// same request. Phase two is driven here with made-up results, so no store is needed to see
/// what it makes of each; a store failure is the answer, the 503 the contract names.
@Suite struct DeferralTests {
    /// A shared store of used jtis that cannot answer.
    final class DownStore: AssertionReplayStore {
        func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
            throw .unavailable(tier: .redis, reason: "down")
        }
    }

    static func phaseOne<Answer>(_ outcome: EndpointOutcome<Answer>) -> Deferral<Answer>? {
        guard case .deferred(let deferral) = outcome else {
            Issue.record("phase one answered from its caches: \(outcome)")
            return nil
        }
        return deferral
    }

    static func refusal<Answer>(_ outcome: EndpointOutcome<Answer>) -> OAuthError? {
        guard case .failed(let error) = outcome else { return nil }
        return error
    }

    @Test func aSlowHashIsNamedAndPhaseTwoAnswersFromTheVerdict() throws {
        let metrics = RecordingMetrics()
        let endpoint = Fixtures.endpoint(metrics: metrics)
        let request = try Fixtures.parse(Fixtures.post("human", Fixtures.humanSecret)).get()
        var timing: StepTimings? = nil
        guard let deferral = Self.phaseOne(endpoint.respond(to: request, now: Fixtures.now, timing: &timing)) else { return }
        guard case .slowHash(let client, let secret, _, let now, _) = deferral.need else {
            Issue.record("expected a slow hash, got \(deferral.need)")
            return
        }
        #expect(client.id == "human" && secret == Array(Fixtures.humanSecret.utf8) && now == Fixtures.now, "the need carries the request's wall time")

        guard case .answered(let token) = deferral.resume(with: .secretMatched(index: 0, secret: secret), timing: &timing) else {
            Issue.record("a match must be answered with a token")
            return
        }
        #expect(token.scope == "read")
        #expect(metrics.slowHashes == 0, "phase two answers from the verdict, it hashes nothing")
        #expect(Self.refusal(deferral.resume(with: .secretMismatched, timing: &timing)) == .invalidClient("client authentication failed"))
        let overloaded = Self.refusal(deferral.resume(with: .failed(SlowHashPool.overloaded), timing: &timing))
        #expect(overloaded?.status() == 503 && overloaded?.code == "temporarily_unavailable")
    }

    @Test func aDPoPJTIIsNamedAndAStoreDownIs503() throws {
        let endpoint = TokenEndpoint(
            settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()), minter: Fixtures.minter(),
            assertionReplay: AssertionReplay(shared: DownStore()))
        let presented = try DPoPTokenEndpointTests.request(
            Fixtures.post("demo", Fixtures.demoSecret), proof: try DPoPProofForge.es256().proof(htu: DPoPTokenEndpointTests.htu, iat: Fixtures.now))
        var timing: StepTimings? = nil
        guard let deferral = Self.phaseOne(endpoint.respond(to: presented.request, now: Fixtures.now, timing: &timing, proof: presented.proof)) else { return }
        guard case .jtiClaim = deferral.need else {
            Issue.record("expected a jti claim, got \(deferral.need)")
            return
        }
        guard case .answered(let token) = deferral.resume(with: .claimed(true), timing: &timing) else {
            Issue.record("a first use must be answered with a token")
            return
        }
        #expect(token.dpop)
        #expect(Self.refusal(deferral.resume(with: .claimed(false), timing: &timing)) == .invalidDPoPProof("DPoP proof jti was used before"))
        // Fetched for real: the store is down.
        #expect(Self.refusal(deferral.settle(timing: &timing)) == .temporarilyUnavailable("the store of used DPoP proofs is unavailable"))
    }

    @Test func anAssertionJTIStoreDownIs503() throws {
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry([PrivateKeyJWTAdmissionTests.client("svc")]),
            minter: Fixtures.minter(), assertionReplay: AssertionReplay(shared: DownStore()))
        let assertion = try Fixtures.parse(PrivateKeyJWTTests.body(PrivateKeyJWTAdmissionTests.assertion("svc"))).get()
        var timing: StepTimings? = nil
        guard let deferral = Self.phaseOne(endpoint.respond(to: assertion, now: Fixtures.now, timing: &timing)) else { return }
        guard case .jtiClaim = deferral.need else {
            Issue.record("expected a jti claim, got \(deferral.need)")
            return
        }
        #expect(Self.refusal(deferral.resume(with: .claimed(false), timing: &timing)) == .invalidClient("client_assertion jti was used before"))
        #expect(Self.refusal(deferral.settle(timing: &timing)) == .temporarilyUnavailable("the store of used client assertions is unavailable"))
    }

    /// The shared reuse is two needs: the token another node holds, else the one signed here
    /// offered to the others. Phase two hands out whichever the store kept.
    @Test func theSharedReuseFindsThenOffers() throws {
        let metrics = RecordingMetrics()
        let endpoint = TokenEndpoint(
            settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()), minter: Fixtures.minter(),
            metrics: metrics, sharedReuse: SharedTokenReuse(store: SharedTokenReuseStoreTests.MemoryStore(), minRemainingSeconds: 300))
        let request = try Fixtures.parse(Fixtures.post("demo", Fixtures.demoSecret)).get()
        var timing: StepTimings? = nil
        guard let find = Self.phaseOne(endpoint.respond(to: request, now: Fixtures.now, timing: &timing)) else { return }
        guard case .sharedToken = find.need else {
            Issue.record("expected the shared token, got \(find.need)")
            return
        }
        // Another node's token: handed out, nothing signed.
        let theirs = IssuedToken(token: Array("theirs".utf8), jwtID: "their-jti", expiresAt: Fixtures.now + 3600, scope: "read", issuedAt: Fixtures.now)
        guard case .answered(let adopted) = find.resume(with: .sharedToken(theirs), timing: &timing) else {
            Issue.record("another node's token must be handed out")
            return
        }
        #expect(adopted.accessToken == theirs.token && metrics.signatures == 0)
        // None: one signed here and offered; the token the store kept is the answer.
        guard let offer = Self.phaseOne(find.resume(with: .sharedToken(nil), timing: &timing)),
              case .sharedOffer(let signed, _, _, _, _) = offer.need else {
            Issue.record("a token signed here must be offered to the others")
            return
        }
        #expect(metrics.signatures == 1)
        guard case .answered(let first) = offer.resume(with: .sharedToken(signed), timing: &timing),
              case .answered(let raced) = offer.resume(with: .sharedToken(theirs), timing: &timing) else {
            Issue.record("the offer must be answered")
            return
        }
        #expect(first.accessToken == signed.token && raced.accessToken == theirs.token)
    }

    /// An empty status block is a need; phase two signs from the refilled block and, the block
    /// still empty, answers 503 instead of going round again.
    @Test func anEmptyStatusBlockIsNamedOnce() throws {
        let allocator = DPoPTokenEndpointTests.RefillingAllocator()
        let endpoint = TokenEndpoint(settings: .init(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
                                     minter: Fixtures.minter(), statusList: allocator)
        let request = try Fixtures.parse(Fixtures.post("demo", Fixtures.demoSecret)).get()
        var timing: StepTimings? = nil
        guard let deferral = Self.phaseOne(endpoint.respond(to: request, now: Fixtures.now, timing: &timing)) else { return }
        guard case .statusBlock = deferral.need else {
            Issue.record("expected a status block, got \(deferral.need)")
            return
        }
        #expect(Self.refusal(deferral.resume(with: .done, timing: &timing)) == .temporarilyUnavailable("no status list index could be reserved"))
        guard case .answered(let token) = deferral.settle(timing: &timing) else {
            Issue.record("the refilled block must give the token its index")
            return
        }
        #expect(try Fixtures.payload(token.accessToken)["status"] != nil)
    }

    /// A live token of the caller is revoked once its revocation is durable: the write failing is
    /// 503 and the token stays active; written, phase two revokes it.
    @Test func aDurableRevocationIsNamedBeforeThe200() throws {
        struct Recorder: RevocationRecording {
            func record(_ revocation: Revocation, now: Int64) throws {}
        }
        let setup = GatewaySetup()
        let revocation = RevocationEndpoint(
            authenticator: setup.tokens.authenticator, introspection: setup.introspection, reuse: setup.tokens.caches.reuse,
            revocations: setup.revocations, recorder: Recorder())
        let token = setup.issue()
        let submission = GatewaySetup.submission(token)
        var timing: StepTimings? = nil
        guard let deferral = Self.phaseOne(revocation.respond(to: submission, now: GatewaySetup.now, timing: &timing)) else { return }
        guard case .durableRevocation = deferral.need else {
            Issue.record("expected a durable revocation, got \(deferral.need)")
            return
        }
        let down = OAuthError.temporarilyUnavailable("the revocation could not be recorded")
        #expect(Self.refusal(deferral.resume(with: .failed(down), timing: &timing)) == down)
        #expect(setup.introspect(token).result == .active)
        guard case .answered(.revoked) = deferral.resume(with: .done, timing: &timing) else {
            Issue.record("a recorded revocation must be answered revoked")
            return
        }
        #expect(setup.introspect(token).result == .revoked)
    }

    /// The shared token reuse is deferred after the rate check: its phase two (which hands out the
    /// token it signed, and keeps it locally) must not take a second request from the client's
    /// bucket. With a bucket of two, two requests pass and the third waits.
    @Test func aRequestAnsweredAgainAfterSharedReuseIsAdmittedByTheRateLimiterOnce() throws {
        let clock = ManualClock()
        let settings = TokenEndpoint.Settings(
            issuer: Fixtures.issuer, limits: RateLimits(perClientRPS: 1, perClientBurst: 1, authFailuresPerMinute: 0))
        // A Redis that refuses connections: the token is signed here, kept locally, handed out
        // when the request is answered again.
        let redis = RedisPool(options: RedisOptions(host: "127.0.0.1", port: 1, poolSize: 1))
        let endpoint = TokenEndpoint(
            settings: settings, registry: ClientRegistry(Fixtures.clients()), minter: Fixtures.minter(),
            sharedReuse: SharedTokenReuse(pool: redis, minRemainingSeconds: 300), clock: clock.clock)
        let request = try Fixtures.parse(Fixtures.post("demo", Fixtures.demoSecret)).get()

        var timing: StepTimings? = nil
        guard case .deferred(let work) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("the shared reuse must take a trip off the I/O thread")
            return
        }
        let first = work.settle(timing: &timing)
        guard case .answered(let token) = first else {
            Issue.record("the first request was refused: \(first)")
            return
        }
        guard case .answered(let again) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("the second request was refused: the first took two from the bucket")
            return
        }
        #expect(again.accessToken == token.accessToken, "answered from the local reuse cache")
        guard case .failed(let limited) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("the third request must wait")
            return
        }
        #expect(limited == .rateLimited(retryAfter: 1))
    }

    /// Until the node has read the recorded revocations (at start, or after an outage, with
    /// PostgreSQL slow or down), reuse may hand nothing out: every request is answered with a
    /// freshly signed token, in one trip, never 503.
    @Test func whileTheRevocationsAreNotLoadedEveryRequestGetsAFreshToken() throws {
        let redis = RedisPool(options: RedisOptions(host: "127.0.0.1", port: 1, poolSize: 1))
        let revocations = RevocationList(loaded: false)
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
            minter: Fixtures.minter(), revocations: revocations,
            sharedReuse: SharedTokenReuse(pool: redis, minRemainingSeconds: 300))
        let request = try Fixtures.parse(Fixtures.post("demo", Fixtures.demoSecret)).get()

        func answer() -> TokenEndpoint.Outcome {
            var timing: StepTimings? = nil
            let outcome = endpoint.respond(to: request, now: Fixtures.now, timing: &timing)
            guard case .deferred(let work) = outcome else { return outcome }
            return work.settle(timing: &timing)
        }
        guard case .answered(let first) = answer(), case .answered(let second) = answer() else {
            Issue.record("a token request was refused while the revocations were loading")
            return
        }
        #expect(first.accessToken != second.accessToken, "a token was handed out again before the revocations were read")

        // Once they are read, reuse works again.
        revocations.setLoaded(true)
        guard case .answered(let third) = answer(), case .answered(let fourth) = answer() else {
            Issue.record("a token request was refused after the revocations were loaded")
            return
        }
        #expect(third.accessToken == fourth.accessToken, "reuse is back once the revocations are loaded")
    }
}
