import Foundation
import Testing

/// POST /oauth/revoke through the real binary.
@Suite struct RevocationHTTPTests {
    @Test func revokedTokenIsInactiveAtOnce() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        #expect(try server.introspect(token).json["active"] as? Bool == true)
        let revoked = try server.revoke(token, as: "app")
        #expect(revoked.status == 200)
        #expect(revoked.body.isEmpty)
        #expect(revoked.header("content-length") == "0")
        #expect(revoked.header("cache-control") == "no-store")
        #expect(revoked.header("pragma") == "no-cache")
        #expect(try server.introspect(token).body == #"{"active":false}"#)
        #expect(try server.metric(#"tessera_revocations_total{result="revoked"}"#) == 1)
    }

    @Test(arguments: ["not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
    func unknownOrMalformedTokensAre200(_ token: String) throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let response = try server.client.post("/oauth/revoke", form: [("token", token)], basic: ("app", server.secret))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }

    @Test func revokingTwiceIs200BothTimes() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        #expect(try server.revoke(token).status == 200)
        #expect(try server.revoke(token).status == 200)
        #expect(try server.metric(#"tessera_revocations_total{result="already_revoked"}"#) == 1)
    }

    @Test func anotherClientsTokenIsRefusedAndStaysActive() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("other")
        let response = try server.revoke(token, as: "app")
        #expect(response.status == 400)
        #expect(response.json["error"] as? String == "unauthorized_client")
        #expect(try server.introspect(token).json["active"] as? Bool == true)
    }

    @Test func badCredentialsAre401() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        let response = try server.client.post("/oauth/revoke", form: [("token", token)], basic: ("app", "wrong"))
        #expect(response.status == 401)
        #expect(try server.introspect(token).json["active"] as? Bool == true)
    }

    @Test func reuseNeverHandsOutARevokedToken() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        #expect(try server.issueToken("app") == token)  // reuse is on
        _ = try server.revoke(token)
        let next = try server.issueToken("app")
        #expect(next != token)
        #expect(try server.introspect(next).json["active"] as? Bool == true)
        #expect(try server.issueToken("app") == next)
    }

    @Test func revocationSurvivesAReload() throws {
        let server = try GatewaySetup.start()
        defer { server.stop() }
        let token = try server.issueToken("app")
        _ = try server.revoke(token)
        try server.reload()
        usleep(300_000)
        #expect(try server.introspect(token).body == #"{"active":false}"#)
    }
}
