import TesseraCore
import Testing

@testable import TesseraOAuth

@Suite struct TokenReuseTests {
    private let settings = TokenEndpoint.Settings(
        issuer: Fixtures.issuer, ttlSeconds: 3600, reuse: true, reuseMinRemainingSeconds: 300)

    @Test func sameGrantGetsTheSameTokenWithExpiresInCountingDown() throws {
        let metrics = RecordingMetrics()
        let endpoint = Fixtures.endpoint(settings, metrics: metrics)
        let first = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"), now: Fixtures.now).get()
        let second = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret", "&scope=write+admin+read"), now: Fixtures.now + 100).get()
        let third = try Fixtures.outcome(
            endpoint, "grant_type=client_credentials&audience=billing&audience=api",
            authorization: Fixtures.basic("demo", "demo-secret"), now: Fixtures.now + 3300
        ).get()
        #expect(first.expiresIn == 3600)
        #expect(second.accessToken == first.accessToken)
        #expect(second.expiresIn == 3500)
        #expect(third.accessToken == first.accessToken)
        #expect(third.expiresIn == 300)
        #expect(metrics.signatures == 1)
        #expect(metrics.issued("HS256") == 1)
        #expect(metrics.lookups("token").hits == 2)
    }

    @Test func aNewTokenIsSignedOnceLessThanTheMinimumRemains() throws {
        let endpoint = Fixtures.endpoint(settings)
        let first = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"), now: Fixtures.now).get()
        let late = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"), now: Fixtures.now + 3301).get()
        #expect(late.accessToken != first.accessToken)
        #expect(late.expiresIn == 3600)
        let again = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret"), now: Fixtures.now + 3302).get()
        #expect(again.accessToken == late.accessToken)
        #expect(again.expiresIn == 3599)
    }

    @Test func differentScopesOrAudiencesGetDifferentTokens() throws {
        let endpoint = Fixtures.endpoint(settings)
        let all = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        let read = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret", "&scope=read")).get()
        let api = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret", "&audience=api")).get()
        #expect(Set([all.accessToken, read.accessToken, api.accessToken]).count == 3)
        #expect(read.scope == "read")
    }

    @Test func withReuseOffEveryCallSignsANewTokenWithANewJTI() throws {
        let endpoint = Fixtures.endpoint(TokenEndpoint.Settings(issuer: Fixtures.issuer, reuse: false))
        var ids = Set<String>()
        for _ in 0..<5 {
            let response = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
            ids.insert(try Fixtures.payload(response.accessToken)["jti"] as! String)
        }
        #expect(ids.count == 5)
    }

    @Test func forgottenTokensAreNotHandedOutAgain() throws {
        let endpoint = Fixtures.endpoint(settings)
        let first = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        let jti = try Fixtures.payload(first.accessToken)["jti"] as! String
        #expect(endpoint.caches.reuse.forget(jwtID: jti))
        let second = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        #expect(second.accessToken != first.accessToken)
        #expect(endpoint.caches.reuse.removeAll(clientID: "demo") == 1)
        let third = try Fixtures.outcome(endpoint, Fixtures.post("demo", "demo-secret")).get()
        #expect(third.accessToken != second.accessToken)
    }
}
