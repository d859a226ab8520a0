import Foundation
import Testing
import TesseraCore
import TesseraJOSE
import TesseraStore

@testable import TesseraOAuth

/// A client's own limits come before its `jti` is recorded. A request refused by the
/// client's rate limit records nothing (the same assertion is accepted once the rate allows), and
/// a client flooding fresh assertions fills only its own share of the memory of used ids: it is
/// refused (429), the other private_key_jwt clients are not.
struct PrivateKeyJWTAdmissionTests {
    static func client(_ id: String) -> Client {
        Client(id: id, secretHash: Fixtures.demoHash, scopes: ["read"], audiences: ["api"], introspect: false,
               keys: PrivateKeyJWTTests.keys)
    }

    static func assertion(_ id: String) -> String {
        PrivateKeyJWTTests.assertion(PrivateKeyJWTTests.claims(iss: id, sub: id))
    }

    static func code(_ result: Result<TokenResponse, OAuthError>) -> String? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    @Test func anAssertionRefusedByTheRateLimitIsNotRecorded() {
        let clock = ManualClock()
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(
                issuer: Fixtures.issuer, limits: RateLimits(perClientRPS: 1, perClientBurst: 0, authFailuresPerMinute: 20)),
            registry: ClientRegistry([Self.client("svc")]), minter: Fixtures.minter(), clock: clock.clock)
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(Self.assertion("svc")))) == nil)
        let assertion = Self.assertion("svc")
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == "rate_limited")
        #expect(endpoint.authenticator.assertions.replay.count == 1, "the refused request's jti was recorded")
        clock.advance(seconds: 1)
        // Not recorded, so not a replay: the same assertion is accepted now that the rate allows.
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == nil)
        // And only once.
        clock.advance(seconds: 1)
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == "invalid_client")
    }

    @Test func oneClientFloodingFreshAssertionsIsRefusedAndNotTheOthers() {
        let replay = AssertionReplay(capacity: 8, perClientCapacity: 3)
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer, limits: RateLimits(authFailuresPerMinute: 0)),
            registry: ClientRegistry([Self.client("flood"), Self.client("calm")]), minter: Fixtures.minter(),
            assertionReplay: replay)
        var refused: [String?] = []
        for _ in 0..<12 {
            refused.append(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(Self.assertion("flood")))))
        }
        #expect(refused.prefix(3).allSatisfy { $0 == nil })
        #expect(refused.dropFirst(3).allSatisfy { $0 == "rate_limited" }, "\(refused)")
        #expect(replay.count == 3)
        // The flood did not fill the memory: another client is served.
        for _ in 0..<3 {
            #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(Self.assertion("calm")))) == nil)
        }
        // A refused flood request carries a Retry-After until its soonest id expires.
        let request = try? Fixtures.parse(PrivateKeyJWTTests.body(Self.assertion("flood"))).get()
        var timing: StepTimings? = nil
        if let request, case .failed(let error) = endpoint.respond(to: request, now: Fixtures.now, timing: &timing) {
            #expect(error.retryAfter.map { $0 > 1 && $0 <= 300 } == true, "\(error)")
        } else {
            Issue.record("a flooding client over its share was served")
        }
    }

    /// A store that cannot record the jti: 503, never a 200 for an id not recorded, nor
    /// `invalid_client`; the id is not left used, so the client may send it again.
    @Test func aStoreThatIsDownIsTemporarilyUnavailableAndLeavesTheJtiUnused() {
        final class FlakyStore: AssertionReplayStore, @unchecked Sendable {
            // @unchecked: `down` and `keys` are only touched under `lock`.
            var down = true
            var keys = Set<[UInt8]>()
            let lock = NSLock()
            func claim(_ key: [UInt8], milliseconds: Int64) throws(StoreError) -> Bool {
                lock.lock()
                defer { lock.unlock() }
                if down { throw .unavailable(tier: .postgres, reason: "down") }
                return keys.insert(key).inserted
            }
        }
        let store = FlakyStore()
        let endpoint = TokenEndpoint(
            settings: TokenEndpoint.Settings(issuer: Fixtures.issuer), registry: ClientRegistry([Self.client("svc")]),
            minter: Fixtures.minter(), assertionReplay: AssertionReplay(shared: store))
        let assertion = Self.assertion("svc")
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == "temporarily_unavailable")
        store.lock.withLock { store.down = false }
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == nil)
        #expect(Self.code(Fixtures.outcome(endpoint, PrivateKeyJWTTests.body(assertion))) == "invalid_client")
    }
}
