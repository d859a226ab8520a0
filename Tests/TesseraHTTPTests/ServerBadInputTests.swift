import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    @Suite struct BadInput {
        static let limits = HTTPLimits(maxHeaderBytes: 1024, maxBodyBytes: 1024)

        /// Each refused request is answered with its status and `Connection: close`, then closed.
        static let refused: [(String, Int)] = [
            ("garbage\u{1}\r\n\r\n", 400),
            ("GET / HTTP/1.1\nHost: t\n\n", 400),
            ("GET / HTTP/1.1\r\nHost : t\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nX: 1\r\n\r\n", 400),
            ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", 400),
            ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400),
            ("GET / HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("POST / HTTP/1.1\r\nHost: t\r\nExpect: later\r\nContent-Length: 1\r\n\r\nx", 417),
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 2000) + "\r\n\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1025\r\n\r\n" + String(repeating: "b", count: 1025), 413),
            ("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + String(repeating: "40\r\n" + String(repeating: "c", count: 64) + "\r\n", count: 17) + "0\r\n\r\n", 413),
        ]

        @Test(arguments: refused)
        func refusedRequestGetsItsStatusThenTheConnectionCloses(_ raw: String, _ status: Int) throws {
            try withServer(limits: Self.limits) { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write(raw)
                let response = try client.readResponse()
                #expect(response.status == status)
                #expect(response.header("Connection") == "close")
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.body.hasPrefix(#"{"error":""#))
                #expect(client.awaitClose() == .closed)
            }
        }

        @Test func malformedRequestAfterAGoodOneIsAnsweredInOrder() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\nBAD\u{0} / HTTP/1.1\r\n\r\n")
                let responses = try client.readResponses(2)
                #expect(responses.map(\.status) == [200, 400])
                #expect(client.awaitClose() == .closed)
            }
        }

        /// Real clients send the whole oversized request at once; the answer must reach them even
        /// though the server stops reading early.
        @Test(arguments: [
            ("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + String(repeating: "b", count: 200_000) + "\r\n\r\n", 431),
            ("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n" + String(repeating: "b", count: 200_000), 413),
        ])
        func oversizedRequestSentWholeStillGetsItsAnswer(_ raw: String, _ status: Int) throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try? client.write(raw)
                let response = try client.readResponse()
                #expect(response.status == status)
            }
        }
    }
}
