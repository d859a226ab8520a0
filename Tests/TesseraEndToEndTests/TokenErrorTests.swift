import Testing
import TesseraTesting

extension MainServer {
    @Suite struct TokenErrorTests {
        /// One row of the contract's token error table.
        enum Row: String, CaseIterable, CustomTestStringConvertible {
            case missingGrantType, repeatedGrantType, repeatedScope, wrongContentType, missingContentType
            case basicAndPostTogether, malformedPercentEncoding
            case noClientAuthentication, unknownClientWithBasic, wrongSecretWithBasic
            case unknownClientWithPost, wrongSecretWithPost
            case passwordGrant, authorizationCodeGrant
            case scopeOutsideTheClients, oneOfTwoScopesOutsideTheClients
            case audienceOutsideTheClients, resourceOutsideTheClients

            var testDescription: String { rawValue }

            func request(_ setup: ServerSetup) -> TokenRequest {
                let alpha = setup.client("alpha")
                let failing = setup.client("failing")
                let auth = TokenRequest.Authentication.basic(id: alpha.id, secret: alpha.secret)
                switch self {
                case .missingGrantType:
                    return TokenRequest(auth, form: [("scope", "read")])
                case .repeatedGrantType:
                    return TokenRequest(auth, form: [("grant_type", "client_credentials"), ("grant_type", "client_credentials")])
                case .repeatedScope:
                    return TokenRequest(auth, form: [("grant_type", "client_credentials"), ("scope", "read"), ("scope", "write")])
                case .wrongContentType:
                    var request = TokenRequest(auth)
                    request.contentType = "application/json"
                    request.rawBody = #"{"grant_type":"client_credentials"}"#
                    return request
                case .missingContentType:
                    var request = TokenRequest(auth)
                    request.contentType = nil
                    return request
                case .basicAndPostTogether:
                    return TokenRequest(.both(id: alpha.id, secret: alpha.secret))
                case .malformedPercentEncoding:
                    var request = TokenRequest(auth)
                    request.rawBody = "grant_type=client_credentials&scope=%zz"
                    return request
                case .noClientAuthentication:
                    return TokenRequest(.none)
                case .unknownClientWithBasic:
                    return TokenRequest(.basic(id: "nobody", secret: "whatever-secret"))
                case .wrongSecretWithBasic:
                    return TokenRequest(.basic(id: failing.id, secret: "not-the-secret"))
                case .unknownClientWithPost:
                    return TokenRequest(.post(id: "nobody", secret: "whatever-secret"))
                case .wrongSecretWithPost:
                    return TokenRequest(.post(id: failing.id, secret: "not-the-secret"))
                case .passwordGrant:
                    return TokenRequest(auth, form: [("grant_type", "password"), ("username", "u"), ("password", "p")])
                case .authorizationCodeGrant:
                    return TokenRequest(auth, form: [("grant_type", "authorization_code"), ("code", "abc")])
                case .scopeOutsideTheClients:
                    return TokenRequest(auth, scope: "admin")
                case .oneOfTwoScopesOutsideTheClients:
                    return TokenRequest(auth, scope: "read admin")
                case .audienceOutsideTheClients:
                    return TokenRequest(auth, audiences: ["elsewhere"])
                case .resourceOutsideTheClients:
                    return TokenRequest(auth, form: [("grant_type", "client_credentials"), ("resource", "elsewhere")])
                }
            }

            var expected: (status: Int, error: String) {
                switch self {
                case .missingGrantType, .repeatedGrantType, .repeatedScope, .wrongContentType, .missingContentType,
                     .basicAndPostTogether, .malformedPercentEncoding:
                    return (400, "invalid_request")
                case .noClientAuthentication, .unknownClientWithBasic, .wrongSecretWithBasic,
                     .unknownClientWithPost, .wrongSecretWithPost:
                    return (401, "invalid_client")
                case .passwordGrant, .authorizationCodeGrant:
                    return (400, "unsupported_grant_type")
                case .scopeOutsideTheClients, .oneOfTwoScopesOutsideTheClients:
                    return (400, "invalid_scope")
                case .audienceOutsideTheClients, .resourceOutsideTheClients:
                    return (400, "invalid_target")
                }
            }

            var usesBasic: Bool {
                self == .unknownClientWithBasic || self == .wrongSecretWithBasic
            }
        }

        @Test(arguments: Row.allCases)
        func tokenErrorTableRow(_ row: Row) throws {
            let server = try currentServer()
            let response = try server.send(row.request(server.setup))
            Expect.oauthError(response, status: row.expected.status, error: row.expected.error)
            if row.usesBasic {
                #expect(response.header("WWW-Authenticate") == #"Basic realm="tessera""#, "\(response)")
            }
        }

        @Test(arguments: ["GET", "PUT", "DELETE"])
        func otherMethodsOnTheTokenEndpointAre405AllowPost(method: String) throws {
            let server = try currentServer()
            let response = try server.send(TokenRequest.simple(method, "/oauth/token"))
            #expect(response.status == 405, "\(response)")
            #expect(response.header("Allow") == "POST", "Allow: \(response.header("Allow") ?? "none")")
            #expect(response.header("Content-Length") != nil)
        }

        @Test(arguments: ["/", "/nope", "/oauth/tokens", "/.well-known/unknown", "/oauth/token/extra"])
        func unknownPathsAre404NotFound(path: String) throws {
            let server = try currentServer()
            let response = try server.get(path)
            #expect(response.status == 404, "\(response)")
            #expect(response.header("Content-Type")?.hasPrefix("application/json") == true)
            let json = response.json
            try #require(!json.isEmpty, "body: \(response.body)")
            #expect(json.count == 1 && json["error"] as? String == "not_found", "body: \(response.body)")
        }
    }
}
