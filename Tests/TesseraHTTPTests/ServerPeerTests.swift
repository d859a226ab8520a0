import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    /// What the peer does with its side of the connection.
    @Suite struct Peer {
        @Test func requestCarriesThePeerAddressFromAccept() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().header("X-Peer") == "127.0.0.1")
            }
        }

        @Test(arguments: ["/echo/half", "/defer/100"])
        func requestFollowedByHalfCloseIsStillAnswered(_ target: String) throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST \(target) HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nhalf")
                client.shutdownWrite()
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "half")
                #expect(client.awaitClose() == .closed)
            }
        }

        /// The client resets its connection while its response is deferred; the descriptor is
        /// reused by the next connection, which must not receive the orphaned response.
        @Test func deferredResponseOfAResetConnectionIsDropped() throws {
            let handler = TestHandler()
            try withServer(workers: 1, handler: handler) { port, server in
                do {
                    let gone = try RawClient.strict(port: port)
                    gone.resetOnClose()
                    try gone.write("GET /defer/300 HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(eventually(timeout: 2, interval: 0.005) { handler.probe.deferredStarted.load(ordering: .relaxed) == 1 })
                }
                #expect(eventually(timeout: 2, interval: 0.005) { server.connections.current == 0 })
                let next = try RawClient.strict(port: port, timeout: .milliseconds(500))
                try next.write("GET /echo/next HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try next.readResponse().header("X-Target") == "/echo/next")
                #expect(eventually(timeout: 2, interval: 0.005) { handler.probe.deferredCompleted.load(ordering: .relaxed) == 1 })
                #expect(next.awaitClose() == .timedOut, "nothing more arrives")
                try next.write("GET /echo/again HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try next.readResponse().header("X-Target") == "/echo/again")
            }
        }
    }
}
