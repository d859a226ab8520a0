import Foundation
import Testing
import TesseraTesting

/// A server in HS256 mode with token reuse off and a default audience.
@Suite(.serialized, .server { try .hs256() })
struct HS256ServerTests {
    static let secret = "e2e-hs256-secret-" + UUID().uuidString + "-0123456789"

    @Test func hs256ModeSignsWithTheSharedSecret() throws {
        let server = try currentServer()
        let (_, jwt) = try server.token(.basic(server.setup.client("hs")))
        #expect(jwt.header["alg"] as? String == "HS256")
        #expect(jwt.header["typ"] as? String == "at+jwt")
        #expect(try jwt.verifiesHS256(secret: Array(Self.secret.utf8)), "HS256 signature does not verify with the configured secret")
        let kid = try #require(jwt.kid, "no kid")
        #expect(!kid.contains(Self.secret) && !kid.contains("e2e-hs256"), "kid reveals the secret: \(kid)")
        #expect(jwt.string("sub") == "hs")
        #expect(jwt.integer("exp").map { $0 - (jwt.integer("iat") ?? 0) } == 300, "exp - iat for a 5m ttl")
    }

    @Test func jwksNeverPublishesTheSymmetricKey() throws {
        let server = try currentServer()
        let (_, jwt) = try server.token(.basic(server.setup.client("hs")))
        let response = try server.get("/.well-known/jwks.json")
        #expect(response.status == 200)
        #expect(!response.body.contains(Self.secret))
        for key in try server.jwks() {
            #expect(key["kty"] as? String == "OKP", "non-Ed25519 key published: \(key)")
            #expect(key["k"] == nil && key["d"] == nil)
            #expect(key["kid"] as? String != jwt.kid, "the HS256 kid is in the JWKS")
        }
    }

    @Test func reuseOffIssuesAFreshTokenEveryTime() throws {
        let server = try currentServer()
        let client = server.setup.client("hs")
        let (first, firstJWT) = try server.token(.basic(client))
        let (second, secondJWT) = try server.token(.basic(client))
        #expect(first["access_token"] as? String != second["access_token"] as? String)
        #expect(firstJWT.string("jti") != secondJWT.string("jti"))
    }

    @Test func defaultAudienceAppliesWhenNoneIsRequested() throws {
        let server = try currentServer()
        let client = server.setup.client("hs")
        let (_, defaulted) = try server.token(.basic(client))
        #expect(defaulted.claims["aud"] as? String == "gateway", "aud: \(String(describing: defaulted.claims["aud"]))")
        let (_, named) = try server.token(.basic(client, audiences: ["api"]))
        #expect(named.claims["aud"] as? String == "api")
    }

    @Test func metricsCountHS256Issuance() throws {
        let server = try currentServer()
        _ = try server.token(.basic(server.setup.client("hs")))
        let text = try server.get("/metrics").body
        #expect(text.contains(#"tessera_tokens_issued_total{algorithm="HS256"}"#))
    }
}
