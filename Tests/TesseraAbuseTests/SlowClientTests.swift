import Foundation
import Glibc
import Testing
import TesseraTesting

/// Connections that never finish a request: a normal client is served meanwhile, and the server
/// cuts them after `request_timeout`, its descriptors back to the baseline.
@Suite(.serialized, .server { try .abuse() })
struct SlowClientTests {
    @Test func slowlorisConnectionsDoNotStarveANormalClient() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        let slow = AbuseProbe.connect(server, count: 300)
        defer { slow.forEach { $0.close() } }
        #expect(slow.count == 300, "only \(slow.count) slow connections were accepted")
        for client in slow { _ = AbuseProbe.send(client, "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
        // One byte a second on each, while a normal client asks for tokens.
        for _ in 0..<4 {
            for client in slow { _ = AbuseProbe.send(client, "a") }
            let latency = try AbuseProbe.timedToken(server, normal)
            #expect(latency < AbuseProbe.bound(base.latency), "normal request took \(latency) s (quiet: \(base.latency) s)")
            Thread.sleep(forTimeInterval: 1)
        }
        // request_timeout is 2 s: every trickling connection has been cut.
        let after = AbuseProbe.waitForDescriptors(server.pid, atMost: base.descriptors, timeout: 5)
        #expect(after <= base.descriptors, "server descriptors \(after), baseline \(base.descriptors)")
        let closed = slow.filter { $0.waitForClose(timeout: 0.2) }.count
        #expect(closed == slow.count, "\(slow.count - closed) slow connections still open past request_timeout")
    }

    @Test func silentAndHalfClosedConnectionsAreCutAndDescriptorsReturn() throws {
        let server = try currentServer()
        let normal = server.setup.client("normal")
        let base = try AbuseProbe.baseline(server, normal)
        // Connected and silent, like a peer that vanished after the handshake.
        let silent = AbuseProbe.connect(server, count: 200)
        // Half a request, then half-closed: the server can never get the rest.
        let halfClosed = AbuseProbe.connect(server, count: 100)
        defer { (silent + halfClosed).forEach { $0.close() } }
        for client in halfClosed {
            _ = AbuseProbe.send(client, "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\ngrant")
            shutdown(client.fd, Int32(SHUT_WR))
        }
        let reached = AbuseProbe.waitForDescriptors(server.pid, atLeast: base.descriptors + 200, timeout: 3)
        #expect(reached >= base.descriptors + 200, "the silent connections did not reach the server (\(reached) descriptors)")
        let latency = try AbuseProbe.timedToken(server, normal)
        #expect(latency < AbuseProbe.bound(base.latency), "normal request took \(latency) s (quiet: \(base.latency) s)")
        // Nothing closes on our side: the server must let go of them by itself.
        let after = AbuseProbe.waitForDescriptors(server.pid, atMost: base.descriptors, timeout: 8)
        #expect(after <= base.descriptors, "server descriptors \(after), baseline \(base.descriptors)")
        _ = try AbuseProbe.timedToken(server, normal)
    }
}
