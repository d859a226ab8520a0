import Foundation
import Testing
import TesseraTesting

/// `server.max_connections: 8`.
@Suite(.serialized, .server { try .fewConnections() })
struct MaxConnectionsTests {
    @Test func connectionsBeyondTheLimitAreShedWhileOpenOnesAreServed() throws {
        let server = try currentServer()
        let healthz = TokenRequest.simple("GET", "/healthz")
        let open = try (0..<8).map { _ in try RawClient(port: server.port) }
        for connection in open {
            #expect(try connection.exchange(healthz).status == 200)
        }
        // The ninth is refused, or accepted and closed at once (possibly after an error response).
        if let extra = try? RawClient(port: server.port, timeout: 2) {
            try? extra.write(healthz)
            let response = try? extra.readResponse()
            #expect(response == nil || response!.status != 200, "a connection over the limit was served: \(response!)")
            #expect(extra.waitForClose(timeout: 3), "a connection over the limit was left open")
        }
        for connection in open {
            #expect(try connection.exchange(healthz).status == 200, "an open connection stopped being served")
        }
        open[0].close()
        var served = false
        let deadline = Date().addingTimeInterval(3)
        while !served, Date() < deadline {
            if let fresh = try? RawClient(port: server.port, timeout: 1), let response = try? fresh.exchange(healthz) {
                served = response.status == 200
            }
            if !served { Thread.sleep(forTimeInterval: 0.1) }
        }
        #expect(served, "no new connection was served after one closed")
    }
}
