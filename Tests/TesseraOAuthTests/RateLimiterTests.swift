import TesseraCore
import Testing
@testable import TesseraOAuth
import TesseraStore

/// The authentication-failure limit, including the shortcut that skips the per-id lookup when no
/// failure was recorded within a window's length. (Capacity 1024: with 16 the LRU has sixteen
/// one-entry shards, and two ids can evict each other.)
@Suite struct RateLimiterTests {
    @Test func failuresReachTheLimitAndTheWindowCloses() {
        let time = ManualClock(nanoseconds: 0)  // a failure at clock zero must count too
        let limiter = RateLimiter(limits: RateLimits(authFailuresPerMinute: 2), capacity: 1024, clock: time.clock)
        #expect(limiter.authenticationRetryAfter(clientID: "svc") == nil)
        limiter.recordAuthenticationFailure(clientID: "svc")
        #expect(limiter.authenticationRetryAfter(clientID: "svc") == nil)
        limiter.recordAuthenticationFailure(clientID: "svc")
        #expect(limiter.authenticationRetryAfter(clientID: "svc") == 60)
        #expect(limiter.authenticationRetryAfter(clientID: "other") == nil, "the limit is per client id")
        time.advance(seconds: 59.5)
        #expect(limiter.authenticationRetryAfter(clientID: "svc") == 1)
        time.advance(seconds: 0.5)
        #expect(limiter.authenticationRetryAfter(clientID: "svc") == nil, "the window closed")
    }

    @Test func aLaterFailureKeepsAnotherIdsOpenWindowChecked() {
        let time = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(authFailuresPerMinute: 1), capacity: 1024, clock: time.clock)
        limiter.recordAuthenticationFailure(clientID: "a")
        time.advance(seconds: 30)
        limiter.recordAuthenticationFailure(clientID: "b")
        time.advance(seconds: 29)
        #expect(limiter.authenticationRetryAfter(clientID: "a") == 1)
        #expect(limiter.authenticationRetryAfter(clientID: "b") == 31)
        time.advance(seconds: 1)
        #expect(limiter.authenticationRetryAfter(clientID: "a") == nil)
        #expect(limiter.authenticationRetryAfter(clientID: "b") == 30)
    }
}

/// The revocation list answers "not revoked" without a lookup once every entry has expired, and
/// still finds an entry added after that.
@Suite struct RevocationListExpiryTests {
    @Test func entriesCountUntilTheirExpiryAndNewOnesAfterIt() {
        let list = RevocationList()
        #expect(!list.isRevoked(jwtID: "a", now: 100))
        #expect(list.revoke(jwtID: "a", expiresAt: 200, now: 100))
        #expect(list.revoke(jwtID: "b", expiresAt: 150, now: 100))
        #expect(list.isRevoked(jwtID: "a", now: 199))
        #expect(list.isRevoked(jwtID: "b", now: 149))
        #expect(!list.isRevoked(jwtID: "b", now: 150))
        #expect(!list.isRevoked(jwtID: "a", now: 200))
        #expect(list.revoke(jwtID: "c", expiresAt: 400, now: 300))
        #expect(list.isRevoked(jwtID: "c", now: 300))
        #expect(!list.isRevoked(jwtID: "a", now: 300))
    }
}
