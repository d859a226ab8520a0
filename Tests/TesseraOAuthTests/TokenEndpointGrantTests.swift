import Testing

@testable import TesseraOAuth

@Suite struct TokenEndpointGrantTests {
    private func issue(
        _ extra: String, settings: TokenEndpoint.Settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, reuse: false)
    ) throws -> (response: TokenResponse, claims: [String: Any]) {
        let response = try Fixtures.outcome(Fixtures.endpoint(settings), Fixtures.post("demo", "demo-secret", extra)).get()
        return (response, try Fixtures.payload(response.accessToken))
    }

    @Test func noScopeRequestedGrantsAllOfTheClientsScopesSorted() throws {
        let (response, claims) = try issue("")
        #expect(response.scope == "admin read write")
        #expect(claims["scope"] as? String == "admin read write")
    }

    @Test(arguments: [
        ("&scope=write+read", "read write"),
        ("&scope=read+read+read", "read"),
        ("&scope=write%20admin%20read", "admin read write"),
    ])
    func requestedScopesAreGrantedAsASortedSet(extra: String, granted: String) throws {
        let (response, claims) = try issue(extra)
        #expect(response.scope == granted)
        #expect(claims["scope"] as? String == granted)
    }

    @Test func noAudienceRequestedGetsAllOfTheClientsWithoutADefault() throws {
        let (_, claims) = try issue("")
        #expect(claims["aud"] as? [String] == ["api", "billing"])
    }

    @Test func noAudienceRequestedGetsTheDefaultAudiencesTheClientHolds() throws {
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, defaultAudience: ["gateway", "billing"], reuse: false)
        let (_, claims) = try issue("", settings: settings)
        #expect(claims["aud"] as? String == "billing")
    }

    @Test func aClientHoldingNoDefaultAudienceGetsAllOfItsOwn() throws {
        // Contract: default_audience never puts an audience into a token of a client without it.
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, defaultAudience: ["gateway"], reuse: false)
        let (_, claims) = try issue("", settings: settings)
        #expect(claims["aud"] as? [String] == ["api", "billing"])
    }

    @Test func requestedAudiencesWinOverTheDefault() throws {
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, defaultAudience: ["gateway"], reuse: false)
        let (_, one) = try issue("&audience=billing", settings: settings)
        #expect(one["aud"] as? String == "billing")
        let (_, both) = try issue("&resource=billing&audience=api&audience=api", settings: settings)
        #expect(both["aud"] as? [String] == ["api", "billing"])
    }

    @Test func theDefaultAudienceIsNotGrantedWhenAskedForExplicitlyByAClientWithoutIt() {
        let settings = TokenEndpoint.Settings(issuer: Fixtures.issuer, defaultAudience: ["gateway"], reuse: false)
        #expect(throws: OAuthError.self) { try issue("&audience=gateway", settings: settings) }
    }

    @Test func subsetAndIntersectionCompareBytes() {
        #expect(TokenEndpoint.isSubset(["b", "d"], of: ["a", "b", "c", "d"]))
        #expect(!TokenEndpoint.isSubset(["e"], of: ["a", "b"]))
        #expect(!TokenEndpoint.isSubset(["\u{212A}afka"], of: ["Kafka"]))
        #expect(TokenEndpoint.isSubset([], of: ["a"]))
        #expect(TokenEndpoint.intersection(["a", "c", "e"], ["b", "c", "d", "e"]) == ["c", "e"])
        #expect(TokenEndpoint.intersection(["Kafka"], ["\u{212A}afka"]).isEmpty)
    }
}
