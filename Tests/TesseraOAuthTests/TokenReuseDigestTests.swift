import TesseraCore
import TesseraJOSE
import Testing

@testable import TesseraOAuth

/// The local reuse cache places grants by a 64-bit digest alone: what it hands out must still be
/// decided by the exact grant, and the digest the endpoint builds from a client's precomputed
/// parts must be the one the strings give.
@Suite struct TokenReuseDigestTests {
    private let stamp = ReuseStamp(clientVersion: 1, signer: 2, cuts: 0)

    private func token(_ name: String) -> IssuedToken {
        IssuedToken(token: Array(name.utf8), jwtID: name, expiresAt: Fixtures.now + 3600, scope: "read")
    }

    /// Two grants (two clients) forced onto one digest: neither is ever handed the other's token.
    @Test func grantsWhoseDigestsCollideNeverGetEachOthersToken() {
        let cache = TokenReuseCache(capacity: 16, minRemainingSeconds: 300)
        let alice = TokenGrantKey(clientID: "alice", scope: "read", audience: "api", binding: nil, kind: .none, unbound: 42)
        let mallory = TokenGrantKey(clientID: "mallory", scope: "read", audience: "api", binding: nil, kind: .none, unbound: 42)
        #expect(alice.digest == mallory.digest)
        cache.store(token("alice-token"), for: alice, stamp: stamp)
        #expect(cache.token(for: mallory, stamp: stamp, now: Fixtures.now) == nil)
        #expect(cache.token(for: alice, stamp: stamp, now: Fixtures.now)?.jwtID == "alice-token")
        // The later grant takes the place over; the earlier one is a miss from then on, never the other's.
        cache.store(token("mallory-token"), for: mallory, stamp: stamp)
        #expect(cache.token(for: alice, stamp: stamp, now: Fixtures.now) == nil)
        #expect(cache.token(for: mallory, stamp: stamp, now: Fixtures.now)?.jwtID == "mallory-token")
        // A stale stamp seen through the other grant does not drop this one's entry.
        #expect(cache.token(for: alice, stamp: ReuseStamp(clientVersion: 9, signer: 2, cuts: 0), now: Fixtures.now) == nil)
        #expect(cache.token(for: mallory, stamp: stamp, now: Fixtures.now)?.jwtID == "mallory-token")
        #expect(cache.removeAll(clientID: "alice") == 0)
        #expect(cache.removeAll(clientID: "mallory") == 1)
    }

    /// Same unbound digest, client and strings, another binding: a bound token never goes to the
    /// unbound grant or to another key.
    @Test func aBoundTokenGoesOnlyToItsOwnBinding() {
        let cache = TokenReuseCache(capacity: 16, minRemainingSeconds: 300)
        let key = Digest32(w0: 1, w1: 2, w2: 3, w3: 4)
        let bound = TokenGrantKey(clientID: "svc", scope: "read", audience: "api", binding: key, kind: .proofKey, unbound: 7)
        let unbound = TokenGrantKey(clientID: "svc", scope: "read", audience: "api", binding: nil, kind: .none, unbound: 7)
        let other = TokenGrantKey(
            clientID: "svc", scope: "read", audience: "api", binding: Digest32(w0: 1, w1: 2, w2: 3, w3: 5), kind: .proofKey, unbound: 7)
        cache.store(token("bound"), for: bound, stamp: stamp)
        #expect(cache.token(for: unbound, stamp: stamp, now: Fixtures.now) == nil)
        #expect(cache.token(for: other, stamp: stamp, now: Fixtures.now) == nil)
        #expect(cache.token(for: bound, stamp: stamp, now: Fixtures.now)?.jwtID == "bound")
    }

    /// The endpoint's key from the client's precomputed parts equals the key built from the
    /// strings (digest included): for every scope, a subset, all of them, and an audience subset.
    @Test func aGrantKeyFromTheClientsPartsIsTheKeyFromItsStrings() throws {
        let endpoint = Fixtures.endpoint()
        let client = try #require(endpoint.registry.client(id: "demo"))
        let cases: [(extra: String, scope: String, audience: String)] = [
            ("", "admin read write", "api\u{1F}billing"),
            ("&scope=read", "read", "api\u{1F}billing"),
            ("&scope=write", "write", "api\u{1F}billing"),
            ("&scope=write+admin", "admin write", "api\u{1F}billing"),
            ("&scope=read&audience=billing", "read", "billing"),
        ]
        for (extra, scope, audience) in cases {
            let request = try Fixtures.parse(Fixtures.post("demo", "demo-secret", extra)).get()
            let key = try endpoint.grant(for: request, client: client).key(for: client)
            #expect(key == TokenGrantKey(clientID: "demo", scope: scope, audience: audience), "\(extra)")
            #expect(key.digest == TokenGrantKey(clientID: "demo", scope: scope, audience: audience).digest, "\(extra)")
        }
    }

    /// A requested scope held in another representation than the client's (a heap string of a
    /// few bytes) is still found by its bytes: the shortcut on identical strings decides nothing.
    @Test func aScopeInAnotherRepresentationIsStillGranted() throws {
        let endpoint = Fixtures.endpoint()
        let client = try #require(endpoint.registry.client(id: "demo"))
        var heapRead = String()
        heapRead.reserveCapacity(64)
        heapRead += "read"
        var request = try Fixtures.parse(Fixtures.post("demo", "demo-secret", "&scope=read")).get()
        request.scopes = [heapRead]
        let grant = try endpoint.grant(for: request, client: client)
        #expect(grant.scope == "read")
        #expect(grant.key(for: client) == TokenGrantKey(clientID: "demo", scope: "read", audience: "api\u{1F}billing"))
        request.scopes = ["reads"]
        #expect(throws: OAuthError.self) { try endpoint.grant(for: request, client: client) }
    }
}
