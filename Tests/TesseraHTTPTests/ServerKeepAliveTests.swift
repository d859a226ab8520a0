import Foundation
import Testing
@testable import TesseraHTTP
import TesseraTesting

extension ServerTests {
    @Suite struct KeepAlive {
        @Test func threeRequestsShareOneConnection() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                for i in 1...3 {
                    try client.write("POST /echo/\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: 6\r\n\r\nbody-\(i)")
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.body == "body-\(i)")
                    #expect(response.header("X-Target") == "/echo/\(i)")
                    #expect(response.header("Connection") == nil)
                    #expect(response.header("Date") != nil)
                }
            }
        }

        @Test func pipelinedResponsesComeInRequestOrderAroundADeferredOne() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                let requests = [
                    "GET /echo/1 HTTP/1.1\r\nHost: t\r\n\r\n",
                    "POST /echo/2 HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo",
                    "POST /defer/150 HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nthree",
                    "POST /echo/4 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfour\r\n0\r\n\r\n",
                    "POST /echo/5 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nfive",
                ]
                try client.write(requests.joined())
                let responses = try client.readResponses(5)
                #expect(responses.map(\.status) == [200, 200, 200, 200, 200])
                #expect(responses.map { $0.header("X-Target") ?? "" } == ["/echo/1", "/echo/2", "/defer/150", "/echo/4", "/echo/5"])
                #expect(responses.map(\.body) == ["", "two", "three", "four", "five"])
                #expect(responses[2].header("X-Deferred") == "yes")
                // Still open afterwards.
                try client.write("GET /echo/6 HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().header("X-Target") == "/echo/6")
            }
        }

        @Test func http10ClosesByDefault() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /echo HTTP/1.0\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.header("Connection") == "close")
                #expect(client.awaitClose() == .closed)
            }
        }

        @Test func http10KeepsAliveWhenAsked() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                for i in 1...2 {
                    try client.write("POST /echo HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n\(i)")
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.body == "\(i)")
                    #expect(response.header("Connection") == "keep-alive")
                }
            }
        }

        @Test(arguments: ["Connection: close", "Connection: keep-alive, Close"])
        func connectionCloseClosesAfterTheResponse(_ field: String) throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("POST /echo HTTP/1.1\r\nHost: t\r\n\(field)\r\nContent-Length: 2\r\n\r\nok")
                let response = try client.readResponse()
                #expect(response.body == "ok")
                #expect(response.header("Connection") == "close")
                #expect(client.awaitClose() == .closed)
            }
        }

        @Test func requestsPipelinedBehindConnectionCloseAreNotServed() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /echo/1 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\nGET /echo/2 HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().header("X-Target") == "/echo/1")
                #expect(client.awaitClose() == .closed)
            }
        }

        @Test func handlerCanCloseTheConnection() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /close HTTP/1.1\r\nHost: t\r\n\r\n")
                #expect(try client.readResponse().header("Connection") == "close")
                #expect(client.awaitClose() == .closed)
            }
        }

        @Test func handlerSeesTheFieldsAsSent() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("GET /headers HTTP/1.1\r\nHost: t\r\nX-One:  1 \r\nx-two:\t2\r\n\r\n")
                #expect(try client.readResponse().body == "version=1.1 keepAlive=true\nHost: t\nX-One: 1\nx-two: 2\n")
            }
        }

        @Test func headResponseHasContentLengthButNoBody() throws {
            try withServer { port, _ in
                let client = try RawClient.strict(port: port)
                try client.write("HEAD /headers HTTP/1.1\r\nHost: t\r\n\r\nGET /echo/after HTTP/1.1\r\nHost: t\r\n\r\n")
                var raw: [UInt8] = []
                // The HEAD response announces a body it does not send; read it as raw bytes.
                while raw.firstRange(of: Array("/echo/after".utf8)) == nil {
                    guard case .data(let bytes) = client.awaitClose() else { break }
                    raw += bytes
                }
                let text = String(decoding: raw, as: UTF8.self)
                let first = text.components(separatedBy: "\r\n\r\n")[0]
                #expect(first.contains("Content-Length: 35"))
                #expect(text.components(separatedBy: "\r\n\r\n")[1].hasPrefix("HTTP/1.1 200 OK"))
            }
        }
    }
}
