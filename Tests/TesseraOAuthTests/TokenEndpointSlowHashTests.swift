import TesseraCore
import Testing
import TesseraStore

@testable import TesseraOAuth

@Suite struct TokenEndpointSlowHashTests {
    private func request(_ secret: String) throws -> TokenRequest {
        try Fixtures.parse("grant_type=client_credentials", authorization: Fixtures.basic("human", secret)).get()
    }

    @Test func pbkdf2ClientIsDeferredOnceThenServedFromTheMemo() throws {
        let metrics = RecordingMetrics()
        let endpoint = Fixtures.endpoint(metrics: metrics)
        let request = try request(Fixtures.humanSecret)
        var timing: StepTimings? = StepTimings()

        guard case .deferred(let work) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("a PBKDF2 client must not be verified inline")
            return
        }
        #expect(metrics.slowHashes == 0)
        let settled = work.settle(timing: &timing)
        #expect(metrics.slowHashes == 1)

        guard case .answered(let response) = settled else {
            Issue.record("phase two must answer from the verdict")
            return
        }
        #expect(response.scope == "read")
        #expect(timing?.steps == [.hash, .sign])  // `local` is measured at the edge

        // Later requests with the same secret never hash slowly again.
        for _ in 0..<5 {
            guard case .answered = endpoint.respond(to: request, now: Fixtures.now + 1, timing: &timing) else {
                Issue.record("memoized secret must be accepted inline")
                return
            }
        }
        #expect(metrics.slowHashes == 1)
    }

    @Test func wrongSecretForAPBKDF2ClientIsDeferredThenInvalidClient() throws {
        let metrics = RecordingMetrics()
        let endpoint = Fixtures.endpoint(metrics: metrics)
        var timing: StepTimings? = nil
        guard case .deferred(let work) = endpoint.respond(to: try request("guess"), now: Fixtures.now, timing: &timing) else {
            Issue.record("expected deferred work")
            return
        }
        guard case .failed(let refused) = work.settle(timing: &timing) else {
            Issue.record("a mismatch must be refused")
            return
        }
        #expect(refused == .invalidClient("client authentication failed"))
        // The failure is not memoized: the next try hashes again (and is counted for the limit).
        guard case .deferred = endpoint.respond(to: try request("guess"), now: Fixtures.now, timing: &timing) else {
            Issue.record("expected deferred work")
            return
        }
        // A right secret after a wrong one is not accepted from any memo either.
        guard case .deferred = endpoint.respond(to: try request(Fixtures.humanSecret), now: Fixtures.now, timing: &timing) else {
            Issue.record("expected deferred work")
            return
        }
    }

    @Test func memoNoLongerCountsOnceTheSecretHashChanges() throws {
        let cache = VerifiedSecretCache(capacity: 16, ttlSeconds: 3600)
        let secret = Array("rotate-me".utf8)
        let old = Client(id: "c", secretHash: .makePBKDF2(secret: secret, iterations: 10), scopes: [], audiences: ["a"], introspect: false)
        cache.remember(old, secret: secret, now: Fixtures.now)
        #expect(cache.isVerified(old, secret: secret))
        #expect(!cache.isVerified(old, secret: Array("other".utf8)))
        let rotated = Client(id: "c", secretHash: .makePBKDF2(secret: secret, iterations: 10), scopes: [], audiences: ["a"], introspect: false)
        #expect(!cache.isVerified(rotated, secret: secret))
    }

    @Test func memoExpiresAfterItsLifetime() {
        let clock = ManualClock()
        let cache = VerifiedSecretCache(capacity: 16, ttlSeconds: 60, clock: clock.clock)
        let secret = Array("s".utf8)
        let client = Client(id: "c", secretHash: .makePBKDF2(secret: secret, iterations: 10), scopes: [], audiences: ["a"], introspect: false)
        cache.remember(client, secret: secret, now: Fixtures.now)
        clock.advance(seconds: 59)
        #expect(cache.isVerified(client, secret: secret))
        clock.advance(seconds: 1)
        #expect(!cache.isVerified(client, secret: secret))
    }

    @Test func endpointWithNewRegistryButSameCachesStillHashesARotatedSecret() throws {
        let metrics = RecordingMetrics()
        let first = Fixtures.endpoint(metrics: metrics)
        _ = Fixtures.outcome(first, "grant_type=client_credentials", authorization: Fixtures.basic("human", Fixtures.humanSecret))
        #expect(metrics.slowHashes == 1)
        let rotated = Client(
            id: "human", secretHash: .makePBKDF2(secret: Array(Fixtures.humanSecret.utf8), iterations: 1000),
            scopes: ["read"], audiences: ["api"], introspect: false)
        let second = TokenEndpoint(
            settings: first.settings, registry: ClientRegistry([rotated]), minter: first.minter, metrics: metrics,
            caches: first.caches)
        let result = Fixtures.outcome(second, "grant_type=client_credentials", authorization: Fixtures.basic("human", Fixtures.humanSecret))
        #expect((try? result.get()) != nil)
        #expect(metrics.slowHashes == 2)
    }
}
