import Foundation
import Testing
import TesseraTesting

extension MainServer {
    /// The tokens verify with a library Tessera did not write.
    @Suite(.requires(PyJWT.isInstalled, "PyJWT/cryptography not installed (scripts/test installs them)"))
    struct InteroperabilityTests {
        @Test func pyJWTAcceptsEdDSATokensAgainstTheJWKSAndRejectsATamperedOne() throws {
            let server = try currentServer()
            let (json, _) = try server.token(.basic(server.setup.client("multi"), audiences: ["billing"]))
            let token = try #require(json["access_token"] as? String)
            let jwks = try server.jwks()
            let accepted = try PyJWT.verify(token: token, jwks: jwks, audience: "billing", issuer: ServerSetup.issuer)
            #expect(accepted.claims?["sub"] as? String == "multi", "PyJWT rejected the token: \(accepted.reason)")

            var tampered = Array(token)
            let index = tampered.lastIndex(of: ".")! - 3
            tampered[index] = tampered[index] == "A" ? "B" : "A"
            let rejected = try PyJWT.verify(token: String(tampered), jwks: jwks, audience: "billing", issuer: ServerSetup.issuer)
            #expect(rejected.claims == nil, "PyJWT accepted a tampered token")
        }
    }
}

extension HS256ServerTests {
    @Test(.requires(PyJWT.isInstalled, "PyJWT/cryptography not installed (scripts/test installs them)"))
    func pyJWTAcceptsHS256TokensWithTheSharedSecret() throws {
        let server = try currentServer()
        let (json, _) = try server.token(.basic(server.setup.client("hs")))
        let token = try #require(json["access_token"] as? String)
        let accepted = try PyJWT.verify(token: token, secret: Self.secret, audience: "gateway", issuer: ServerSetup.issuer)
        #expect(accepted.claims?["sub"] as? String == "hs", "PyJWT rejected the token: \(accepted.reason)")
        let wrong = try PyJWT.verify(token: token, secret: Self.secret + "x", audience: "gateway", issuer: ServerSetup.issuer)
        #expect(wrong.claims == nil, "PyJWT accepted the token with another secret")
    }
}
