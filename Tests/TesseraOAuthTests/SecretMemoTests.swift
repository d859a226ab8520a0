import TesseraCore
import Dispatch
import Synchronization
import Testing
@testable import TesseraOAuth
import TesseraStore

/// The copy of a memoized verification kept on the client object (`SecretMemo`) answers exactly
/// as the cache it was copied from would.
@Suite struct SecretMemoTests {
    static func client(_ id: String = "c", secret: [UInt8]) -> Client {
        Client(id: id, secretHash: .makePBKDF2(secret: secret, iterations: 10), scopes: [], audiences: ["a"], introspect: false)
    }

    @Test func forgettingAClientVoidsTheCopyOnItsObject() {
        let cache = VerifiedSecretCache(capacity: 1024, ttlSeconds: 3600)
        let secret = Array("s3cret".utf8)
        let client = Self.client(secret: secret)
        let other = Self.client("d", secret: secret)
        cache.remember(client, secret: secret, now: Fixtures.now)
        cache.remember(other, secret: secret, now: Fixtures.now)
        #expect(cache.isVerified(client, secret: secret))
        #expect(!cache.isVerified(client, secret: Array("guess".utf8)))
        cache.forget(clientID: "c")
        #expect(!cache.isVerified(client, secret: secret), "the copy outlived forget")
        #expect(cache.isVerified(other, secret: secret), "another client's verification was lost")
    }

    @Test func aCopyLeftByAnotherCacheIsNotTrusted() {
        let first = VerifiedSecretCache(capacity: 1024, ttlSeconds: 3600)
        let second = VerifiedSecretCache(capacity: 1024, ttlSeconds: 3600)
        let secret = Array("s3cret".utf8)
        let client = Self.client(secret: secret)
        first.remember(client, secret: secret, now: Fixtures.now)
        #expect(first.isVerified(client, secret: secret))
        #expect(!second.isVerified(client, secret: secret))
        second.remember(client, secret: secret, now: Fixtures.now)
        #expect(first.isVerified(client, secret: secret), "the first cache's LRU still knows the client")
        #expect(second.isVerified(client, secret: secret))
    }

    @Test func theCopyExpiresWithTheVerification() {
        let time = ManualClock()
        let cache = VerifiedSecretCache(capacity: 1024, ttlSeconds: 10, clock: time.clock)
        let secret = Array("s3cret".utf8)
        let client = Self.client(secret: secret)
        cache.remember(client, secret: secret, now: Fixtures.now)
        time.advance(seconds: 9.9)
        #expect(cache.isVerified(client, secret: secret))
        time.advance(seconds: 0.1)
        #expect(!cache.isVerified(client, secret: secret))
    }

    /// Readers on many threads while the copy is rewritten: the right secret is always verified,
    /// a wrong one never (run under ThreadSanitizer by CI).
    @Test func concurrentReadersWhileTheCopyIsRewritten() {
        let cache = VerifiedSecretCache(capacity: 1024, ttlSeconds: 3600)
        let secret = Array("s3cret".utf8)
        let wrong = Array("s3creT".utf8)
        let client = Self.client(secret: secret)
        cache.remember(client, secret: secret, now: Fixtures.now)
        let failures = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 5) { worker in
            for round in 0..<2_000 {
                if worker == 0 {
                    cache.remember(client, secret: secret, now: Fixtures.now)
                } else if !cache.isVerified(client, secret: secret) || (round % 10 == 0 && cache.isVerified(client, secret: wrong)) {
                    failures.add(1, ordering: .relaxed)
                }
            }
        }
        #expect(failures.load(ordering: .relaxed) == 0)
    }
}
