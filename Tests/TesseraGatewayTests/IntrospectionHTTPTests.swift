import Foundation
import Testing
import TesseraTesting
import TesseraJOSE

/// POST /oauth/introspect through the real binary.
@Suite struct IntrospectionHTTPTests {
    @Test func liveTokenIsActiveWithEveryFieldAndTheContractHeaders() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let response = try server.introspect(token)
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("cache-control") == "no-store")
        #expect(response.header("pragma") == "no-cache")
        let timing = try #require(response.header("server-timing"))
        #expect(timing.hasPrefix("local;dur=") && timing.contains(", verify;dur="))
        let json = response.json
        let claims = try TokenView.claims(token)
        #expect(json["active"] as? Bool == true)
        #expect(json["client_id"] as? String == "app")
        #expect(json["sub"] as? String == "app")
        #expect(json["scope"] as? String == "read write")
        #expect(json["aud"] as? String == "api")
        #expect(json["iss"] as? String == GatewaySetup.issuer)
        #expect(json["token_type"] as? String == "Bearer")
        #expect((json["exp"] as? NSNumber)?.int64Value == (claims["exp"] as? NSNumber)?.int64Value)
        #expect((json["iat"] as? NSNumber)?.int64Value == (claims["iat"] as? NSNumber)?.int64Value)
        #expect(json["jti"] as? String == claims["jti"] as? String)
    }

    @Test func secondIntrospectionIsACacheHitWithoutVerification() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken()
        _ = try server.introspect(token)
        let again = try server.introspect(token)
        #expect(again.json["active"] as? Bool == true)
        let timing = try #require(again.header("server-timing"))
        #expect(timing.hasPrefix("local;dur=") && !timing.contains("verify"))
        #expect(try server.metric(#"tessera_cache_lookups_total{tier="local",cache="introspection",result="hit"}"#) == 1)
        #expect(try server.metric(#"tessera_introspections_total{result="active"}"#) == 2)
    }

    enum Inactive: String, CaseIterable {
        case expired, notYetValid, revoked, wrongPartCount, badBase64, badJSON, oversize, unknownKid, algNone
        case hs256WithPublicKey, wrongIssuer, badSignature

        var metricLabel: String {
            switch self {
            case .expired: "expired"
            case .notYetValid: "not_yet_valid"
            case .revoked: "revoked"
            case .wrongPartCount, .badBase64, .badJSON, .oversize: "malformed"
            case .unknownKid: "unknown_key"
            case .algNone, .hs256WithPublicKey: "algorithm_mismatch"
            case .wrongIssuer: "wrong_issuer"
            case .badSignature: "bad_signature"
            }
        }

        /// A token that must be inactive for this reason on `server`.
        func token(on server: TesseraProcess) throws -> String {
            let key = try #require(try server.signingKeys().first?.privateKey as? Ed25519PrivateKey)
            let kid = key.keyID.value
            let now = unixNow()
            let sign = TokenForge.ed25519(key)
            switch self {
            case .expired:
                return TokenForge.token(header: TokenForge.header(kid: kid), claims: TokenForge.claims(iat: now - 60, exp: now - 1), sign: sign)
            case .notYetValid:
                return TokenForge.token(header: TokenForge.header(kid: kid), claims: TokenForge.claims(iat: now + 120, exp: now + 600), sign: sign)
            case .revoked:
                let token = try server.issueToken("app")
                #expect(try server.revoke(token, as: "app").status == 200)
                return token
            case .wrongPartCount:
                return "eyJhbGciOiJFZERTQSJ9.e30"
            case .badBase64:
                return "eyJhbGciOiJFZERTQSJ9!.e30.sig"
            case .badJSON:
                return TokenForge.token(header: "{\"alg\":\"EdDSA\",", claims: TokenForge.claims(iat: now, exp: now + 600), sign: sign)
            case .oversize:
                return TokenForge.token(header: TokenForge.header(kid: kid),
                                        claims: TokenForge.claims(iat: now, exp: now + 600, jti: String(repeating: "j", count: 9000)), sign: sign)
            case .unknownKid:
                let stranger = try Ed25519PrivateKey.generate()
                return TokenForge.token(header: TokenForge.header(kid: stranger.keyID.value),
                                        claims: TokenForge.claims(iat: now, exp: now + 600), sign: TokenForge.ed25519(stranger))
            case .algNone:
                let input = Base64URL.encode(Array(#"{"alg":"none","typ":"at+jwt","kid":"\#(kid)"}"#.utf8)) + "."
                    + Base64URL.encode(Array(TokenForge.claims(iat: now, exp: now + 600).utf8))
                return input + ".AA"  // a signature is present, so the alg check itself must refuse it
            case .hs256WithPublicKey:
                return TokenForge.token(header: TokenForge.header(alg: "HS256", kid: kid), claims: TokenForge.claims(iat: now, exp: now + 600),
                                        sign: TokenForge.hs256(key.publicKey.rawRepresentation))
            case .wrongIssuer:
                return TokenForge.token(header: TokenForge.header(kid: kid),
                                        claims: TokenForge.claims(iss: "http://elsewhere.test", iat: now, exp: now + 600), sign: sign)
            case .badSignature:
                let other = try Ed25519PrivateKey.generate()
                return TokenForge.token(header: TokenForge.header(kid: kid), claims: TokenForge.claims(iat: now, exp: now + 600),
                                        sign: TokenForge.ed25519(other))
            }
        }
    }

    @Test(arguments: Inactive.allCases)
    func inactiveTokenGetsActiveFalseAndNothingElse(_ reason: Inactive) throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try reason.token(on: server)
        let response = try server.introspect(token)
        #expect(response.status == 200)
        #expect(response.body == #"{"active":false}"#)
        #expect(response.header("cache-control") == "no-store")
        #expect(response.header("pragma") == "no-cache")
        #expect(try server.metric(#"tessera_introspections_total{result="\#(reason.metricLabel)"}"#) == 1)
    }

    @Test func forgedTokenSignedWithTheServersKeyIsActiveSoForgeriesFailForTheirFlawAlone() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let key = try #require(try server.signingKeys().first?.privateKey as? Ed25519PrivateKey)
        let token = TokenForge.token(header: TokenForge.header(kid: key.keyID.value),
                                     claims: TokenForge.claims(iat: unixNow(), exp: unixNow() + 600), sign: TokenForge.ed25519(key))
        #expect(try server.introspect(token).json["active"] as? Bool == true)
    }

    @Test func tokenIsInactiveFromTheSecondItsExpPasses() throws {
        let server = try GatewaySetup.start(ttl: 2)
        defer { server.stop() }
        let token = try server.issueToken()
        #expect(try server.introspect(token).json["active"] as? Bool == true)  // cached from here on
        let exp = try #require((try TokenView.claims(token)["exp"] as? NSNumber)?.int64Value)
        // The server reads time(), a coarse clock that may trail by a tick: pass the second by 50 ms.
        while Date().timeIntervalSince1970 < Double(exp) + 0.05 { usleep(20_000) }
        let after = try server.introspect(token)
        #expect(after.body == #"{"active":false}"#, "at \(unixNow()), exp \(exp): \(after.status) \(after.headers) \(after.body)")
    }

    @Test func badCredentialsAre401AndAClientWithoutPermissionIs403() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken()
        let wrong = try server.client.post("/oauth/introspect", form: [("token", token)], basic: ("gw", "wrong"))
        #expect(wrong.status == 401)
        #expect(wrong.json["error"] as? String == "invalid_client")
        #expect(wrong.header("www-authenticate") == #"Basic realm="tessera""#)
        let forbidden = try server.introspect(token, as: "app")
        #expect(forbidden.status == 403)
        #expect(forbidden.json["error"] as? String == "unauthorized_client")
        #expect(forbidden.header("cache-control") == "no-store")
    }

    @Test func missingTokenIsInvalidRequest() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let response = try server.client.post("/oauth/introspect", form: [("token_type_hint", "access_token")], basic: ("gw", server.secret))
        #expect(response.status == 400)
        #expect(response.json["error"] as? String == "invalid_request")
    }
}
