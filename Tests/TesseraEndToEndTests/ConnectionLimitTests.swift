import Foundation
import Testing
import TesseraTesting

/// Timeouts and hostile connections: `request_timeout: 1s`, `idle_timeout: 2s`.
@Suite(.serialized, .server { try .connectionLimits() })
struct ConnectionLimitTests {
    @Test func stalledRequestIsClosedAfterRequestTimeoutWhileOthersAreServed() throws {
        let server = try currentServer()
        let alpha = server.setup.client("alpha")
        let stalled = try RawClient(port: server.port)
        let started = Date()
        try stalled.write("POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n")

        let other = try RawClient(port: server.port)
        for _ in 0..<3 {
            let t0 = Date()
            _ = try Expect.token(try other.exchange(TokenRequest.basic(alpha).text))
            #expect(Date().timeIntervalSince(t0) < 0.9, "a stalled connection slowed another one down")
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(stalled.waitForClose(timeout: 6), "stalled request was not closed within 6 s")
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.8, "closed after \(elapsed) s, before request_timeout (1 s)")
        #expect(elapsed <= 4, "closed after \(elapsed) s for a 1 s request_timeout")
        _ = try Expect.token(try other.exchange(TokenRequest.basic(alpha).text))
    }

    @Test func idleKeepAliveConnectionIsClosedAfterIdleTimeout() throws {
        let server = try currentServer()
        let connection = try RawClient(port: server.port)
        #expect(try connection.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)
        let idleSince = Date()
        #expect(connection.waitForClose(timeout: 8), "idle connection not closed within 8 s")
        let elapsed = Date().timeIntervalSince(idleSince)
        #expect(elapsed >= 1.5 && elapsed <= 5, "idle connection closed after \(elapsed) s for a 2 s idle_timeout")
    }

    /// Malformed first lines: each starts with a byte no method may contain.
    static func garbage(_ index: Int) -> String {
        switch index % 4 {
        case 0: return "\u{1}\u{2}\u{3}garbage \(index)\r\n\r\n"
        case 1: return "{\"not\": \"http\", \"n\": \(index)}\r\n\r\n"
        case 2: return "GET /healthz HTTP/1.1\r\nbroken header \(index)\r\n\r\n"
        default: return "\u{7f}\u{7f} / HTTP/1.1\r\n\r\n"
        }
    }

    @Test func thousandGarbageConnectionsEachGet400AndServiceContinues() throws {
        let server = try currentServer()
        let started = Date()
        var statuses: [Int: Int] = [:]
        var failures: [String] = []
        for batch in 0..<10 {
            var connections: [RawClient] = []
            for i in 0..<100 {
                let connection = try RawClient(port: server.port, timeout: 10)
                try connection.write(Self.garbage(batch * 100 + i))
                connections.append(connection)
            }
            for connection in connections {
                do {
                    statuses[try connection.readResponse().status, default: 0] += 1
                } catch {
                    if failures.count < 5 { failures.append("\(error)") }
                    statuses[-1, default: 0] += 1
                }
                connection.close()
            }
            #expect(Date().timeIntervalSince(started) < 60, "garbage flood took over 60 s")
            if Date().timeIntervalSince(started) > 60 { break }
        }
        #expect(statuses == [400: 1000], "statuses: \(statuses), first failures: \(failures)")
        _ = try server.token(.basic(server.setup.client("alpha")))
    }
}
