import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    /// The alternative accept setup (one listening socket, EPOLLEXCLUSIVE in every loop) serves
    /// like the default one and shuts down cleanly.
    @Suite struct SharedListener {
        @Test func manyConnectionsAreServedAcrossLoopsFromOneSocket() throws {
            try withServer(workers: 3, sharedListener: true) { port, _ in
                var clients: [RawClient] = []
                for i in 0..<24 {
                    let client = try RawClient.strict(port: port)
                    try client.write("POST /echo/\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\n\r\nok")
                    clients.append(client)
                }
                for (i, client) in clients.enumerated() {
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.header("X-Target") == "/echo/\(i)")
                }
            }
        }

        @Test func theSharedSocketStopsAcceptingAfterShutdown() throws {
            var stoppedPort: UInt16 = 0
            try withServer(workers: 2, sharedListener: true) { port, _ in
                stoppedPort = port
                let client = try RawClient.strict(port: port)
                try client.write("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().status == 200)
            }
            #expect(throws: (any Error).self) { _ = try RawClient.strict(port: stoppedPort) }
        }
    }
}
