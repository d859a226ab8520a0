import Testing
import TesseraJOSE

@testable import TesseraOAuth

/// Contract rule 1: reuse never hands out a token issued under a truth that no longer holds.
@Suite struct ReuseCoherenceTests {
    private static let settings = TokenEndpoint.Settings(
        issuer: Fixtures.issuer, ttlSeconds: 3600, reuse: true, reuseMinRemainingSeconds: 300)

    private static func client(scopes: [String], hash: SecretHash = Fixtures.demoHash) -> Client {
        Client(id: "demo", secretHash: hash, scopes: scopes, audiences: ["api"], introspect: true)
    }

    /// A rebuilt endpoint (what SIGHUP does) that keeps the old one's caches.
    private static func reloaded(
        _ previous: TokenEndpoint, client: Client, minter: JOSETokenMinter = Fixtures.minter()
    ) -> TokenEndpoint {
        TokenEndpoint(
            settings: settings, registry: ClientRegistry([client]), minter: minter, caches: previous.caches,
            revocations: previous.revocations)
    }

    @Test func aScopeRemovedByAReloadIsNeverHandedOutAgain() throws {
        let before = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read", "write", "admin"])]),
            minter: Fixtures.minter())
        let admin = try Fixtures.outcome(before, Fixtures.post("demo", "demo-secret", "&scope=admin")).get()
        let after = Self.reloaded(before, client: Self.client(scopes: ["read", "write"]))
        let read = try Fixtures.outcome(after, Fixtures.post("demo", "demo-secret", "&scope=read")).get()
        let all = try Fixtures.outcome(after, Fixtures.post("demo", "demo-secret")).get()
        #expect(read.accessToken != admin.accessToken)
        #expect(try Fixtures.payload(read.accessToken)["scope"] as? String == "read")
        #expect(try Fixtures.payload(all.accessToken)["scope"] as? String == "read write")
    }

    @Test func aNewSecretStopsReuse() throws {
        let before = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read"])]), minter: Fixtures.minter())
        let first = try Fixtures.outcome(before, Fixtures.post("demo", "demo-secret")).get()
        let rotated = Self.client(scopes: ["read"], hash: SecretHash.makeFast(secret: Array("new-secret".utf8)))
        let after = Self.reloaded(before, client: rotated)
        let second = try Fixtures.outcome(after, Fixtures.post("demo", "new-secret")).get()
        #expect(second.accessToken != first.accessToken)
    }

    @Test func aNewSigningKeyStopsReuse() throws {
        let before = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read"])]), minter: Fixtures.minter())
        let first = try Fixtures.outcome(before, Fixtures.post("demo", "demo-secret")).get()
        let otherKey = JOSETokenMinter(signer: TokenSigner(try HS256Key(secret: Array("another-secret-of-at-least-32-bytes!".utf8))))
        let after = Self.reloaded(before, client: Self.client(scopes: ["read"]), minter: otherKey)
        let second = try Fixtures.outcome(after, Fixtures.post("demo", "demo-secret")).get()
        #expect(second.accessToken != first.accessToken)
        // The same key again: the same (still valid) token would be fine, a fresh one too.
        let unchanged = Self.reloaded(after, client: Self.client(scopes: ["read"]), minter: otherKey)
        let third = try Fixtures.outcome(unchanged, Fixtures.post("demo", "demo-secret")).get()
        #expect(third.accessToken == second.accessToken)
    }

    @Test func aCutStopsReuseAndTheNextTokenIsIssuedAfterIt() throws {
        let endpoint = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read"])]), minter: Fixtures.minter())
        let first = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        endpoint.revocations.cut(clientID: "demo", notBefore: Fixtures.now)
        let second = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        #expect(second.accessToken != first.accessToken)
        let issuedAt = try Fixtures.payload(second.accessToken)["iat"] as? Int
        #expect(issuedAt == Int(Fixtures.now) + 1)
        #expect(!endpoint.revocations.isCut(clientID: "demo", issuedAt: Int64(issuedAt ?? 0)))
        #expect(endpoint.revocations.isCut(clientID: "demo", issuedAt: Fixtures.now))
    }

    @Test func aSecondCutInTheSameSecondCoversTokensIssuedAfterTheFirst() throws {
        let endpoint = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read"])]), minter: Fixtures.minter())
        let first = endpoint.revocations.cutNow(clientID: "demo", now: Fixtures.now)
        let between = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        let issuedAt = Int64(try Fixtures.payload(between.accessToken)["iat"] as? Int ?? 0)
        #expect(issuedAt > first)
        let second = endpoint.revocations.cutNow(clientID: "demo", now: Fixtures.now)
        #expect(second == first + 1)
        #expect(endpoint.revocations.isCut(clientID: "demo", issuedAt: issuedAt), "a token issued between two cuts survived")
    }

    @Test func reuseWaitsForTheRevocationsToBeLoaded() throws {
        let revocations = RevocationList(loaded: true)
        let endpoint = TokenEndpoint(
            settings: Self.settings, registry: ClientRegistry([Self.client(scopes: ["read"])]), minter: Fixtures.minter(),
            revocations: revocations)
        let first = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        revocations.setLoaded(false)
        let second = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        #expect(second.accessToken != first.accessToken)
    }
}
