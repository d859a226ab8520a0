import Foundation
import TesseraTesting
import Testing
import TesseraJOSE

/// RFC 9701: `Accept: application/token-introspection+jwt` gets the introspection response as a JWT
/// signed by the current signing key, verifiable with the JWKS.
@Suite struct IntrospectionJWTTests {
    static func introspectAsJWT(_ token: String, on server: TesseraProcess, caller: String = "gw") throws -> HTTPResponse {
        try server.client.post(
            "/oauth/introspect", form: [("token", token)], basic: (caller, server.secret),
            headers: [("Accept", "application/token-introspection+jwt")])
    }

    /// Verifies `jwt` with the server's keys (as a gateway would from the JWKS); returns its claims.
    static func verified(_ jwt: String, on server: TesseraProcess) throws -> (header: [String: Any], claims: [String: Any]) {
        let header = try TokenView.segment(jwt, 0)
        let kid = try #require(header["kid"] as? String)
        let key = try #require(try server.signingKeys().first { $0.keyID.value == kid }, "signed by an unpublished key")
        #expect(try server.publishedKeyIDs().contains(kid))
        let parts = jwt.split(separator: ".").map(String.init)
        let signature = try #require(Base64URL.decode(parts[2]))
        let input = Array((parts[0] + "." + parts[1]).utf8)
        let algorithm = try #require(JWSAlgorithm(rawValue: header["alg"] as? String ?? ""))
        let valid = signature.withUnsafeBytes { s in
            input.withUnsafeBytes { key.privateKey.verifier.verify(algorithm, signature: s, signingInput: $0) }
        }
        #expect(valid, "the introspection JWT does not verify")
        return (header, try TokenView.claims(jwt))
    }

    @Test(arguments: ["EdDSA", "ES256", "RS256"])
    func anActiveTokenIsAnsweredWithASignedJWT(algorithm: String) throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        if algorithm != "EdDSA" { _ = try AlgorithmSwitchTests.switchAlgorithm(server, to: algorithm) }
        let token = try server.issueToken("app")
        let response = try Self.introspectAsJWT(token, on: server)
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/token-introspection+jwt")
        #expect(response.header("cache-control") == "no-store")
        let (header, claims) = try Self.verified(response.body, on: server)
        #expect(header["typ"] as? String == "token-introspection+jwt")
        #expect(header["alg"] as? String == algorithm)
        #expect(claims["iss"] as? String == GatewaySetup.issuer)
        #expect(claims["aud"] as? String == "gw")
        #expect(abs((claims["iat"] as? Int ?? 0) - Int(unixNow())) <= 2)
        let inner = try #require(claims["token_introspection"] as? [String: Any])
        #expect(inner["active"] as? Bool == true)
        #expect(inner["client_id"] as? String == "app")
        // The same request without the Accept header is the usual JSON.
        let plain = try server.introspect(token)
        #expect(plain.header("content-type") == "application/json")
        #expect(plain.json["client_id"] as? String == "app")
    }

    @Test func anInactiveTokenIsActiveFalseInsideTheJWTAndErrorsStayJSON() throws {
        let server = try GatewaySetup.start(reuse: false)
        defer { server.stop() }
        let response = try Self.introspectAsJWT("not-a-token", on: server)
        let (_, claims) = try Self.verified(response.body, on: server)
        let inner = try #require(claims["token_introspection"] as? [String: Any])
        #expect(inner.count == 1 && inner["active"] as? Bool == false)
        // A caller without introspect permission gets the ordinary JSON error.
        let refused = try Self.introspectAsJWT(try server.issueToken(), on: server, caller: "app")
        #expect(refused.status == 403)
        #expect(refused.header("content-type") == "application/json")
    }
}

/// RFC 8414 metadata names private_key_jwt and the algorithms of assertions and JWT responses.
@Suite struct AuthenticationMetadataTests {
    @Test func metadataListsPrivateKeyJWTAndItsAlgorithms() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let metadata = try server.client.get("/.well-known/oauth-authorization-server").json
        for endpoint in ["token_endpoint", "introspection_endpoint", "revocation_endpoint"] {
            let methods = metadata["\(endpoint)_auth_methods_supported"] as? [String] ?? []
            #expect(methods.contains("private_key_jwt") && methods.contains("client_secret_basic"), "\(endpoint): \(methods)")
            let algorithms = metadata["\(endpoint)_auth_signing_alg_values_supported"] as? [String] ?? []
            #expect(Set(algorithms) == ["EdDSA", "Ed25519", "ES256", "RS256", "PS256"], "\(endpoint): \(algorithms)")
        }
        let responseAlgorithms = metadata["introspection_signing_alg_values_supported"] as? [String] ?? []
        #expect(responseAlgorithms.contains("ES256") && !responseAlgorithms.contains("none"))
    }
}
