import Testing

@testable import TesseraOAuth

@Suite struct TokenRequestParseTests {
    private func errorCode(_ result: Result<TokenRequest, OAuthError>) -> String? {
        if case .failure(let error) = result { return error.code }
        return nil
    }

    @Test func postCredentialsScopesAndAudiencesAreCollected() throws {
        let request = try Fixtures.parse(
            Fixtures.post("demo", "s3cret", "&scope=write++read%20write&audience=b&resource=a&audience=b&extra=ignored")
        ).get()
        #expect(request.grantType == .clientCredentials)
        #expect(request.scopes == ["read", "write"])
        #expect(request.audiences == ["a", "b"])
        #expect(request.credentials == ClientCredentials(id: "demo", secret: Array("s3cret".utf8), method: .clientSecretPost))
    }

    @Test func basicCredentialsAreUsedWhenTheBodyHasNone() throws {
        let request = try Fixtures.parse(
            "grant_type=client_credentials&client_id=demo", authorization: Fixtures.basic("demo", "x")
        ).get()
        #expect(request.credentials.method == .clientSecretBasic)
        #expect(request.scopes == nil)
        #expect(request.audiences.isEmpty)
    }

    @Test(arguments: [
        "application/x-www-form-urlencoded",
        "Application/X-WWW-Form-URLEncoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "  application/x-www-form-urlencoded ;charset=utf-8",
    ])
    func formContentTypesAreAccepted(contentType: String) {
        #expect(errorCode(Fixtures.parse(Fixtures.post("demo", "x"), contentType: contentType)) == nil)
    }

    @Test(arguments: [
        // (body, authorization, content type, expected error)
        ("grant_type=client_credentials", nil as String?, "application/json" as String?, "invalid_request"),
        ("grant_type=client_credentials", nil, nil, "invalid_request"),
        ("grant_type=client_credentials", nil, "application/x-www-form-urlencodedx", "invalid_request"),
        ("client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&grant_type=client_credentials&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&scope=a&scope=b&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_id=demo&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_id=demo&client_secret=x&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_id=demo&client_secret=%ZZ", nil, "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_secret=x", "Basic ZGVtbzp4", "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=client_credentials&client_id=other", "Basic ZGVtbzp4", "application/x-www-form-urlencoded", "invalid_request"),
        ("grant_type=password&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "unsupported_grant_type"),
        ("grant_type=authorization_code", "Basic ZGVtbzp4", "application/x-www-form-urlencoded", "unsupported_grant_type"),
        ("grant_type=client_credentials&scope=read%22&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_scope"),
        ("grant_type=client_credentials&scope=r%C3%A9ad&client_id=demo&client_secret=x", nil, "application/x-www-form-urlencoded", "invalid_scope"),
        ("grant_type=client_credentials", nil, "application/x-www-form-urlencoded", "invalid_client"),
        ("grant_type=client_credentials", "Bearer abc", "application/x-www-form-urlencoded", "invalid_client"),
        ("grant_type=client_credentials", "Basic ???", "application/x-www-form-urlencoded", "invalid_client"),
    ])
    func malformedRequestsFailWithTheContractError(body: String, authorization: String?, contentType: String?, expected: String) {
        #expect(errorCode(Fixtures.parse(body, authorization: authorization, contentType: contentType)) == expected)
    }

    /// RFC 8705 §2: `client_id` alone is a client authenticating with its certificate; without
    /// one (or for a client without a certificate method) authentication fails with invalid_client.
    @Test func clientIDAloneIsCertificateAuthenticationAndFailsWithoutACertificate() throws {
        let request = try Fixtures.parse("grant_type=client_credentials&client_id=demo").get()
        #expect(request.credentials == ClientCredentials(id: "demo", secret: [], method: .mutualTLS))
        var timing: StepTimings? = nil
        guard case .failed(.invalidClient) = Fixtures.endpoint().respond(to: request, now: Fixtures.now, timing: &timing) else {
            Issue.record("expected invalid_client")
            return
        }
    }

    @Test func emptyOrBlankScopeMeansNoneRequested() throws {
        #expect(try Fixtures.parse(Fixtures.post("demo", "x", "&scope=")).get().scopes == nil)
        #expect(try Fixtures.parse(Fixtures.post("demo", "x", "&scope=+++")).get().scopes == nil)
    }

    @Test func scopeParserBuildsASortedSet() throws {
        #expect(try ScopeParser.parse(" b a  b c ") == ["a", "b", "c"])
        #expect(try ScopeParser.parse("") == [])
        #expect(throws: OAuthError.invalidScope("malformed scope")) { try ScopeParser.parse("a\tb") }
        #expect(throws: OAuthError.invalidScope("malformed scope")) { try ScopeParser.parse("a\\b") }
    }
}
