import Foundation
import Testing

/// Introspection and revocation by clients whose secret is PBKDF2-hashed: the first request of
/// each is answered from a backend thread after the slow hash, later ones inline.
@Suite struct ChosenSecretGatewayTests {
    @Test func slowHashCallersIntrospectAndRevokeThroughTheServer() throws {
        let server = try GatewaySetup.start(chosenSecretClients: true)
        defer { server.stop() }
        let secret = GatewaySetup.chosenSecret
        let issued = try server.client.post("/oauth/token", form: [("grant_type", "client_credentials")], basic: ("slowapp", secret))
        #expect(issued.status == 200, "token for slowapp: \(issued.status) \(issued.body)")
        let token = try #require(issued.json["access_token"] as? String)

        let introspect = { (caller: String, password: String) in
            try server.client.post("/oauth/introspect", form: [("token", token)], basic: (caller, password))
        }
        let first = try introspect("slowgw", secret)
        #expect(first.status == 200)
        #expect(first.json["active"] as? Bool == true)
        #expect(first.json["client_id"] as? String == "slowapp")
        #expect(first.header("cache-control") == "no-store")
        // A wrong secret goes through the slow hash too, and fails there.
        let wrong = try introspect("slowgw", secret + "!")
        #expect(wrong.status == 401)
        #expect(wrong.json["error"] as? String == "invalid_client")
        // slowapp may not introspect: authenticated (slowly), then refused.
        let refused = try introspect("slowapp", secret)
        #expect(refused.status == 403)
        #expect(refused.json["error"] as? String == "unauthorized_client")

        let revoked = try server.client.post("/oauth/revoke", form: [("token", token)], basic: ("slowapp", secret))
        #expect(revoked.status == 200)
        #expect(revoked.body.isEmpty)
        let wrongRevoke = try server.client.post("/oauth/revoke", form: [("token", token)], basic: ("slowapp", "guess"))
        #expect(wrongRevoke.status == 401)
        #expect(try introspect("slowgw", secret).body == #"{"active":false}"#)
    }
}
