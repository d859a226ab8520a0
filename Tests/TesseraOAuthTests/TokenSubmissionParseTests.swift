import Testing

@testable import TesseraOAuth

@Suite struct TokenSubmissionParseTests {
    static func parse(_ body: String, authorization: String? = nil, contentType: String? = "application/x-www-form-urlencoded")
        -> Result<TokenSubmission, OAuthError>
    {
        let auth = authorization.map { Array($0.utf8) }
        let type = contentType.map { Array($0.utf8) }
        return Array(body.utf8).withUnsafeBytes { body in
            func with(_ bytes: [UInt8]?, _ f: (UnsafeRawBufferPointer?) -> Result<TokenSubmission, OAuthError>) -> Result<TokenSubmission, OAuthError> {
                guard let bytes else { return f(nil) }
                return bytes.withUnsafeBytes { f($0) }
            }
            return with(type) { type in with(auth) { auth in TokenSubmission.parse(contentType: type, authorization: auth, body: body) } }
        }
    }

    @Test func basicCredentialsAndTokenParse() throws {
        let parsed = try Self.parse("token=a.b.c&token_type_hint=access_token", authorization: Fixtures.basic("demo", "s3cret")).get()
        #expect(parsed.token == Array("a.b.c".utf8))
        #expect(parsed.tokenTypeHint == "access_token")
        #expect(parsed.credentials == ClientCredentials(id: "demo", secret: Array("s3cret".utf8), method: .clientSecretBasic))
    }

    @Test func postCredentialsParse() throws {
        let parsed = try Self.parse("token=t&client_id=demo&client_secret=s").get()
        #expect(parsed.credentials.method == .clientSecretPost)
    }

    @Test(arguments: [
        ("client_id=demo&client_secret=s", "missing token"),
        ("token=a&token=b&client_id=demo&client_secret=s", "token is repeated"),
        ("token=a&client_secret=s", "client_secret without client_id"),
        ("token=%zz&client_id=demo&client_secret=s", "malformed percent-encoding in request body"),
    ])
    func malformedRequestsAreInvalidRequest(_ body: String, _ description: String) {
        #expect(Self.parse(body) == .failure(.invalidRequest(description)))
    }

    @Test func bothAuthenticationMethodsAtOnceAreInvalidRequest() {
        let result = Self.parse("token=t&client_secret=s", authorization: Fixtures.basic("demo", "s"))
        #expect(result == .failure(.invalidRequest("use either HTTP Basic or client_secret in the body, not both")))
    }

    @Test func wrongContentTypeIsInvalidRequest() {
        #expect(Self.parse("token=t", contentType: "application/json")
            == .failure(.invalidRequest("content type must be application/x-www-form-urlencoded")))
    }

    @Test func noCredentialsIsInvalidClient() {
        #expect(Self.parse("token=t") == .failure(.invalidClient("client authentication required")))
    }
}
