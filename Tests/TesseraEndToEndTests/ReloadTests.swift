import Foundation
import Testing
import TesseraTesting

/// SIGHUP re-reads the config without dropping connections; a bad new config is logged and
/// the old one kept.
@Suite(.serialized, .server { try .reloadable() })
struct ReloadTests {
    @Test func sighupLoadsNewClientsAndKeepsConnections() throws {
        let server = try currentServer()
        let kept = try RawClient(port: server.port)
        #expect(try kept.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)

        var setup = server.setup
        let added = try TestClient.generated("added", scopes: ["read"], audiences: ["api"])
        setup.clients.append(added)
        try Data(setup.yaml().utf8).write(to: server.configURL)
        // Waits for the node's own "configuration reloaded" line (a deadline on requests alone
        // ran out on a loaded CI machine, each refusal being held for the failure floor).
        #expect(try server.reload() == .reloaded)
        let status = try server.send(.basic(added)).status
        #expect(status == 200, "the client added to config.yaml was not accepted after SIGHUP")
        #expect(try kept.exchange(TokenRequest.simple("GET", "/healthz")).status == 200, "SIGHUP dropped a connection")

        // A broken config: logged, old one kept.
        try Data((setup.yaml() + "bogus_reload_key: 1\n").utf8).write(to: server.configURL)
        #expect(try server.reload() == .refused)
        #expect(server.stderr.contains("bogus_reload_key"), "the invalid config was not logged; stderr: \(server.stderr)")
        #expect(server.isRunning)
        _ = try server.token(.basic(added))
        _ = try server.token(.basic(server.setup.client("first")))
        #expect(try kept.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)
    }
}
