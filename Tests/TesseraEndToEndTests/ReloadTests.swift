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
        kill(server.pid, SIGHUP)
        var status = 0
        let deadline = Date().addingTimeInterval(5)
        while status != 200, Date() < deadline {
            status = try server.send(.basic(added)).status
            if status != 200 { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(status == 200, "the client added to config.yaml was not accepted after SIGHUP")
        #expect(try kept.exchange(TokenRequest.simple("GET", "/healthz")).status == 200, "SIGHUP dropped a connection")

        // A broken config: logged, old one kept.
        try Data((setup.yaml() + "bogus_reload_key: 1\n").utf8).write(to: server.configURL)
        kill(server.pid, SIGHUP)
        var logged = false
        let logDeadline = Date().addingTimeInterval(3)
        while !logged, Date() < logDeadline {
            logged = server.stderr.contains("bogus_reload_key")
            if !logged { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(logged, "the invalid config was not logged; stderr: \(server.stderr)")
        #expect(server.isRunning)
        _ = try server.token(.basic(added))
        _ = try server.token(.basic(server.setup.client("first")))
        #expect(try kept.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)
    }
}
