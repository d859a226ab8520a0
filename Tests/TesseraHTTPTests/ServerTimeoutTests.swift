import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    /// One end-to-end check of each timeout over real sockets; the rules themselves (a trickling
    /// request keeps its deadline, keep-alive requests push the idle deadline, ...) are tested on a
    /// manual clock in ConnectionStateMachineTests.
    @Suite struct Timeouts {
        static let short = HTTPLimits(requestTimeout: .milliseconds(300), idleTimeout: .seconds(5))

        @Test func requestStalledMidHeadIsClosedWhileOthersAreServed() throws {
            // A 1 s timeout: the other connection's exchanges must fit before it even when the
            // machine is busy with the tests running beside this one.
            let limits = HTTPLimits(requestTimeout: .seconds(1), idleTimeout: .seconds(5))
            try withServer(limits: limits) { port, _ in
                let clock = ContinuousClock()
                let stalled = try RawClient.strict(port: port)
                try stalled.write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Le")
                let start = clock.now
                // Another connection is served normally meanwhile, several times.
                let other = try RawClient.strict(port: port)
                for i in 1...3 {
                    try other.write("GET /echo/\(i) HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try other.readResponse().status == 200)
                }
                #expect(clock.now - start < .milliseconds(900), "the other connection was served before the timeout")
                #expect(stalled.awaitClose() == .closed)
                let elapsed = clock.now - start
                #expect(elapsed >= .milliseconds(950) && elapsed < .seconds(3), "closed after \(elapsed)")
                // The other connection is not affected.
                try other.write("GET /echo/4 HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try other.readResponse().status == 200)
            }
        }

        @Test func requestStalledMidBodyIsClosed() throws {
            try withServer(limits: Self.short) { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nhalf")
                let clock = ContinuousClock()
                let start = clock.now
                #expect(client.awaitClose() == .closed)
                #expect(clock.now - start < .seconds(2))
            }
        }

        @Test func idleConnectionClosesAfterIdleTimeout() throws {
            let limits = HTTPLimits(requestTimeout: .seconds(5), idleTimeout: .milliseconds(300))
            try withServer(limits: limits) { port, _ in
                let clock = ContinuousClock()
                let used = try RawClient.strict(port: port)
                try used.write("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try used.readResponse().status == 200)
                let start = clock.now
                let fresh = try RawClient.strict(port: port)
                #expect(used.awaitClose() == .closed)
                #expect(fresh.awaitClose() == .closed)
                let elapsed = clock.now - start
                #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(2), "closed after \(elapsed)")
            }
        }

        /// A deferred response that takes longer than the request timeout is still delivered:
        /// the deadline covers the request arriving, not the answer being computed.
        @Test func slowDeferredResponseIsNotCutByTheRequestTimeout() throws {
            try withServer(limits: Self.short) { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /defer/500 HTTP/1.1\r\nHost: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.header("X-Deferred") == "yes")
            }
        }

        static let splitRequests = [
            "POST /echo/split HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: 26\r\n\r\nabcdefghijklmnopqrstuvwxyz",
            "POST /echo/split HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n4;x=y\r\ndefg\r\n0\r\nT: 1\r\n\r\n",
            "GET /headers HTTP/1.1\r\nHost: t\r\nX-A: 1\r\nX-B: 2\r\n\r\n",
        ]

        @Test(arguments: splitRequests, [11, 12, 13] as [UInt64])
        func requestWrittenInPiecesGetsTheSameResponseAsWhole(_ request: String, _ seed: UInt64) throws {
            try withServer { port, _ in
                let bytes = Array(request.utf8)
                let whole = try RawClient.strict(port: port)
                try whole.write(bytes)
                let expected = try whole.readResponse()
                var rng = SeededGenerator(seed: seed)
                let split = try RawClient.strict(port: port)
                for piece in bytes.pieces(cuts: 6, using: &rng) {
                    try split.write(piece)
                    usleep(3000)
                }
                let response = try split.readResponse()
                #expect(response.status == 200)
                #expect(response.comparable == expected.comparable)
            }
        }
    }
}
