import Glibc
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    /// Request bodies: chunked, announced with Expect: 100-continue, right at the limit.
    @Suite struct Bodies {
        @Test func chunkedBodyIsEchoedAndTheConnectionStaysUsable() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "hello world0123456789")
                try client.write("POST /echo/2 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nnext")
                #expect(try client.readResponse().body == "next")
            }
        }

        @Test(arguments: [
            "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n",
        ])
        func expectContinueIsAnsweredBeforeTheBodyIsSent(_ head: String) throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write(head)
                let interim = try client.readResponse()
                #expect(interim.status == 100)
                #expect(interim.headers.isEmpty)
                try client.write(head.contains("chunked") ? "5\r\nhello\r\n0\r\n\r\n" : "hello")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "hello")
            }
        }

        @Test func expectContinueIsNotSentWhenTheBodyCameAlong() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == "hi")
            }
        }

        @Test func expectContinueWithATooLargeBodyGets413InsteadOf100() throws {
            try withServer(limits: HTTPLimits(maxBodyBytes: 1024)) { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
                #expect(try client.readResponse().status == 413)
                #expect(client.awaitClose() == .closed)
            }
        }


        @Test(arguments: [
            "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + String(repeating: "a", count: 1024),
            "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + String(repeating: "100\r\n" + String(repeating: "a", count: 256) + "\r\n", count: 4) + "0\r\n\r\n",
        ])
        func bodyAtTheLimitIsAccepted(_ raw: String) throws {
            try withServer(limits: HTTPLimits(maxBodyBytes: 1024)) { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write(raw)
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body.utf8.count == 1024)
            }
        }
    }
}

extension ServerTests.Bodies {
    /// A body of thousands of one-byte chunks, sent in many small writes, is accepted
    /// without rescanning it from its start on every read (work counted in ChunkedBodyProgressTests).
    @Test func thousandsOfOneByteChunksInManySmallWritesAreAccepted() throws {
        try withServer(limits: HTTPLimits(maxBodyBytes: 16384)) { port, _ in
            let client = try RawClient.strict(port: port, timeout: .seconds(20))
            try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunks = Array(String(repeating: "1\r\nx\r\n", count: 11_000).utf8)
            var offset = 0
            while offset < chunks.count {
                let end = min(chunks.count, offset + 36)
                try client.write(Array(chunks[offset..<end]))
                offset = end
            }
            try client.write("0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.utf8.count == 11_000)
        }
    }
}

extension ServerTests.Bodies {
    /// A body arriving in many reads does not have its request head parsed again on each read
    /// (with a head near the size limit that was 8 KB of parsing per read of a few bytes).
    @Test(arguments: ["Transfer-Encoding: chunked", "Content-Length: 200"])
    func theHeadIsParsedOnceWhileTheBodyArrivesInManyReads(_ framing: String) throws {
        let options = HTTPServerOptions(host: "127.0.0.1", port: 0, workers: 1, limits: HTTPLimits())
        let server = HTTPServer(options: options, handler: TestHandler())
        let port = try server.start()
        let body = framing.hasPrefix("Content") ? String(repeating: "y", count: 200)
            : String(repeating: "1\r\ny\r\n", count: 200) + "0\r\n\r\n"
        do {
            let client = try RawClient.strict(port: port)
            let pad = String(repeating: "p", count: 4000)
            try client.write("POST /echo HTTP/1.1\r\nHost: t\r\nX-Pad: \(pad)\r\n\(framing)\r\n\r\n")
            let bytes = Array(body.utf8)
            for start in stride(from: 0, to: bytes.count, by: 60) {
                usleep(5000)  // pacing, so that the pieces arrive in separate reads
                try client.write(Array(bytes[start..<min(bytes.count, start + 60)]))
            }
            let response = try client.readResponse()
            #expect(response.status == 200 && response.body.utf8.count == 200)
        }
        server.shutdown(drain: .milliseconds(100))
        server.wait()
        #expect(server.parsedHeads == 1, "heads parsed: \(server.parsedHeads)")
    }
}
