import Testing
@testable import TesseraHTTP

extension ServerTests {
    /// Request bodies: chunked, announced with Expect: 100-continue, right at the limit.
    @Suite struct Bodies {
        @Test func chunkedBodyIsEchoedAndTheConnectionStaysUsable() throws {
            try withServer { port, _ in
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6;ext=1\r\n world\r\nA\r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hello world0123456789")
                try client.send("POST /echo/2 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nnext")
                #expect(try client.readResponse().text == "next")
            }
        }

        @Test(arguments: [
            "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n",
        ])
        func expectContinueIsAnsweredBeforeTheBodyIsSent(_ head: String) throws {
            try withServer { port, _ in
                let client = try RawClient(port: port)
                try client.send(head)
                let interim = try client.readResponse()
                #expect(interim.status == 100)
                #expect(interim.headers.isEmpty)
                try client.send(head.contains("chunked") ? "5\r\nhello\r\n0\r\n\r\n" : "hello")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hello")
            }
        }

        @Test func expectContinueIsNotSentWhenTheBodyCameAlong() throws {
            try withServer { port, _ in
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hi")
            }
        }

        @Test func expectContinueWithATooLargeBodyGets413InsteadOf100() throws {
            try withServer(limits: HTTPLimits(maxBodyBytes: 1024)) { port, _ in
                let client = try RawClient(port: port)
                try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
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
                let client = try RawClient(port: port)
                try client.send(raw)
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body.count == 1024)
            }
        }
    }
}

extension ServerTests.Bodies {
    /// Issue 8: a body of thousands of one-byte chunks, sent in many small writes, is accepted
    /// without rescanning it from its start on every read (work counted in ChunkedBodyProgressTests).
    @Test func thousandsOfOneByteChunksInManySmallWritesAreAccepted() throws {
        try withServer(limits: HTTPLimits(maxBodyBytes: 16384)) { port, _ in
            let client = try RawClient(port: port, timeout: .seconds(20))
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunks = Array(String(repeating: "1\r\nx\r\n", count: 11_000).utf8)
            var offset = 0
            while offset < chunks.count {
                let end = min(chunks.count, offset + 36)
                try client.send(Array(chunks[offset..<end]))
                offset = end
            }
            try client.send("0\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.body.count == 11_000)
        }
    }
}
