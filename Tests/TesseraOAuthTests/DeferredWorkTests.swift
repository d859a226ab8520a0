import Synchronization
import Testing
import TesseraCore
import TesseraStore

@testable import TesseraOAuth

/// One deferral path: `DeferredWork.settle` runs work and answers again, a bounded number of
/// times, and a request answered again is admitted by the rate limiter once.
@Suite struct DeferredWorkTests {
    private final class Runs: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Work that counts its runs and answers `.retry`.
    private static func work(runs: Runs, admitted: Bool = false) -> DeferredWork {
        let work = DeferredWork(task: "demo", metrics: NoTokenMetrics()) { _ in
            runs.count.add(1, ordering: .relaxed)
            return .retry
        }
        work.admitted = admitted
        return work
    }

    @Test func aRequestStillDeferringAfterTheLastTripIsTemporarilyUnavailable() {
        let runs = Runs()
        var timing: ServerTiming? = nil
        let outcome: TokenEndpoint.Outcome = Self.work(runs: runs).settle(timing: &timing) { _, _ in
            TokenEndpoint.Outcome.deferred(Self.work(runs: runs))
        }
        guard case .failed(let error) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(error == .temporarilyUnavailable("the request did not settle"))
        #expect(error.status() == 503)
        #expect(runs.count.load(ordering: .relaxed) == DeferredWork.maximumTrips)
    }

    @Test func workThatFailsIsTheAnswerWithoutAnsweringAgain() {
        let work = DeferredWork(task: "demo", metrics: NoTokenMetrics()) { _ in .fail(.temporarilyUnavailable("store down")) }
        var timing: ServerTiming? = nil
        var answered = 0
        let outcome: TokenEndpoint.Outcome = work.settle(timing: &timing) { _, _ in
            answered += 1
            return .failed(.invalidClient("unreachable"))
        }
        guard case .failed(.temporarilyUnavailable("store down")) = outcome else {
            Issue.record("expected the work's refusal, got \(outcome)")
            return
        }
        #expect(answered == 0)
    }

    @Test func anAdmissionIsCarriedToEveryLaterAnswerOfTheRequest() {
        let runs = Runs()
        var timing: ServerTiming? = nil
        var told: [Bool] = []
        let outcome: EndpointOutcome<Int> = Self.work(runs: runs).settle(timing: &timing) { admitted, _ in
            told.append(admitted)
            switch told.count {
            case 1: return EndpointOutcome<Int>.deferred(Self.work(runs: runs, admitted: true))
            case 2: return EndpointOutcome<Int>.deferred(Self.work(runs: runs))  // e.g. a memoized hash evicted meanwhile
            default: return EndpointOutcome<Int>.answered(told.count)
            }
        }
        guard case .answered(3) = outcome else {
            Issue.record("expected the third answer, got \(outcome)")
            return
        }
        #expect(told == [false, true, true])
    }

    /// The shared token reuse is deferred after the rate check: answering the request again
    /// (which hands out the token it stored locally) must not take a second request from the
    /// client's bucket. With a bucket of two, two requests pass and the third waits.
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

        var timing: ServerTiming? = nil
        guard case .deferred(let work) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("the shared reuse must take a trip off the I/O thread")
            return
        }
        #expect(work.admitted)
        let first = work.settle(timing: &timing) { admitted, timing in
            endpoint.respond(to: request, now: Fixtures.now, timing: &timing, admitted: admitted)
        }
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
    /// freshly signed token, in one trip, never 503. (It used to sign a token, keep it for reuse,
    /// refuse to hand it out because the revocations were not loaded, and go round again until
    /// `settle` gave up: "the request did not settle".)
    @Test func whileTheRevocationsAreNotLoadedEveryRequestGetsAFreshToken() throws {
        let redis = RedisPool(options: RedisOptions(host: "127.0.0.1", port: 1, poolSize: 1))
        let revocations = RevocationList(loaded: false)
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry(Fixtures.clients()),
            minter: Fixtures.minter(), revocations: revocations,
            sharedReuse: SharedTokenReuse(pool: redis, minRemainingSeconds: 300))
        let request = try Fixtures.parse(Fixtures.post("demo", Fixtures.demoSecret)).get()

        func answer() -> TokenEndpoint.Outcome {
            var timing: ServerTiming? = nil
            let outcome = endpoint.respond(to: request, now: Fixtures.now, timing: &timing)
            guard case .deferred(let work) = outcome else { return outcome }
            return work.settle(timing: &timing) { admitted, timing in
                endpoint.respond(to: request, now: Fixtures.now, timing: &timing, admitted: admitted)
            }
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
