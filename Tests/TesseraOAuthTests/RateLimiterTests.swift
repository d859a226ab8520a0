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
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == nil)
        limiter.recordAuthenticationFailure(clientID: "svc", source: Self.here)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == nil)
        limiter.recordAuthenticationFailure(clientID: "svc", source: Self.here)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == 60)
        #expect(limiter.authenticationRetryAfter(clientID: "other", source: Self.here) == nil, "the limit is per client id")
        time.advance(seconds: 59.5)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == 1)
        time.advance(seconds: 0.5)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == nil, "the window closed")
    }

    static let here = SourceAddress(family: 4, high: 0x0100_007F, low: 0)
    static let there = SourceAddress(family: 4, high: 0x0200_007F, low: 0)

    /// Whoever knows a client id could lock it out by failing from anywhere. The
    /// limit counts per client id and source address; a far higher one per client id across all.
    @Test func failuresFromOneAddressDoNotLockTheClientOutAtAnother() {
        let time = ManualClock()
        let limits = RateLimits(authFailuresPerMinute: 2, authFailuresPerMinutePerClient: 5)
        let limiter = RateLimiter(limits: limits, capacity: 1024, clock: time.clock)
        for _ in 0..<2 { limiter.recordAuthenticationFailure(clientID: "svc", source: Self.there) }
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.there) == 60)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == nil)
        // Three more from other addresses reach the ceiling across addresses.
        for low in 1...3 { limiter.recordAuthenticationFailure(clientID: "svc", source: SourceAddress(family: 6, high: 0, low: UInt64(low))) }
        time.advance(seconds: 10)
        #expect(limiter.authenticationRetryAfter(clientID: "svc", source: Self.here) == 50)
        #expect(limiter.authenticationRetryAfter(clientID: "other", source: Self.here) == nil)
    }

    @Test func aLaterFailureKeepsAnotherIdsOpenWindowChecked() {
        let time = ManualClock()
        let limiter = RateLimiter(limits: RateLimits(authFailuresPerMinute: 1), capacity: 1024, clock: time.clock)
        limiter.recordAuthenticationFailure(clientID: "a", source: Self.here)
        time.advance(seconds: 30)
        limiter.recordAuthenticationFailure(clientID: "b", source: Self.here)
        time.advance(seconds: 29)
        #expect(limiter.authenticationRetryAfter(clientID: "a", source: Self.here) == 1)
        #expect(limiter.authenticationRetryAfter(clientID: "b", source: Self.here) == 31)
        time.advance(seconds: 1)
        #expect(limiter.authenticationRetryAfter(clientID: "a", source: Self.here) == nil)
        #expect(limiter.authenticationRetryAfter(clientID: "b", source: Self.here) == 30)
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
