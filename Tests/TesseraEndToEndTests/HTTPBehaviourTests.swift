import Foundation
import Testing
import TesseraTesting

extension MainServer {
    @Suite struct HTTPBehaviourTests {
        @Test func keepAliveServesThreeTokenRequestsOnOneConnection() throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let connection = try RawClient(port: server.port)
            for _ in 0..<3 {
                _ = try Expect.token(try connection.exchange(TokenRequest.basic(alpha).text))
            }
            #expect(try connection.exchange(TokenRequest.simple("GET", "/healthz")).status == 200)
        }

        @Test func pipelinedRequestsAreAnsweredInOrder() throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let wrong = TokenRequest(.basic(id: "nobody", secret: "nothing"))
            let connection = try RawClient(port: server.port)
            try connection.write(TokenRequest.basic(alpha).text + TokenRequest.simple("GET", "/healthz") + wrong.text)
            let first = try connection.readResponse()
            let second = try connection.readResponse()
            let third = try connection.readResponse()
            _ = try Expect.token(first)
            #expect(second.status == 200 && second.json["status"] as? String == "ok", "\(second)")
            #expect(third.status == 401, "\(third)")
        }

        @Test func chunkedRequestBodyIsAccepted() throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let body = Array("grant_type=client_credentials&scope=read+write".utf8)
            let pieces = [body[0..<10], body[10..<31], body[31...]]
            var text = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            text += "Authorization: \(TokenRequest.basicAuthorization(id: alpha.id, secret: alpha.secret))\r\n"
            text += "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
            for piece in pieces {
                text += String(piece.count, radix: 16) + "\r\n" + String(decoding: piece, as: UTF8.self) + "\r\n"
            }
            text += "0\r\n\r\n"
            let (json, _) = try Expect.token(try server.send(text))
            #expect(Expect.scopeSet(json["scope"]) == ["read", "write"])
        }

        @Test(arguments: ["/oauth/token", "/oauth/introspect", "/oauth/revoke"])
        func aSecondAuthorizationOrContentTypeHeaderIsInvalidRequest(path: String) throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            for extra in ["Authorization: \(TokenRequest.basicAuthorization(id: alpha.id, secret: alpha.secret))",
                          "Content-Type: application/x-www-form-urlencoded"] {
                var request = TokenRequest.basic(alpha)
                request.path = path
                if path != "/oauth/token" { request.form = [("token", "anything")] }
                request.extraHeaders = [extra]
                let response = try server.send(request.text)
                #expect(response.status == 400, "\(path) with \(extra): \(response)")
                #expect(response.json["error"] as? String == "invalid_request", "\(path): \(response)")
            }
        }

        @Test func expect100ContinueIsAnsweredBeforeTheBody() throws {
            let server = try currentServer()
            var request = TokenRequest.basic(server.setup.client("alpha"))
            request.extraHeaders = ["Expect: 100-continue"]
            let text = request.text
            let split = text.range(of: "\r\n\r\n")!.upperBound
            let connection = try RawClient(port: server.port, timeout: 5)
            try connection.write(String(text[..<split]))
            let interim = try connection.readResponse()
            #expect(interim.status == 100, "\(interim)")
            try connection.write(String(text[split...]))
            _ = try Expect.token(try connection.readResponse())
        }

        @Test func oversizedHeadersAre431() throws {
            let server = try currentServer()
            let filler = String(repeating: "a", count: 8192 + 512)
            let response = try server.send(TokenRequest.simple("GET", "/healthz", headers: ["X-Filler: \(filler)"]))
            #expect(response.status == 431, "\(response)")
            #expect(response.header("Content-Length") != nil)
        }

        @Test func oversizedBodyIs413() throws {
            let server = try currentServer()
            let body = "grant_type=client_credentials&pad=" + String(repeating: "x", count: 20000)
            let head = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            let connection = try RawClient(port: server.port, timeout: 2)
            try connection.write(head)
            // A server may answer from the head alone; if it waits for the body, send it.
            let response: HTTPResponse
            do {
                response = try connection.readResponse()
            } catch HarnessError.timedOut {
                connection.setTimeout(5)
                try? connection.write(body)
                response = try connection.readResponse()
            }
            #expect(response.status == 413, "\(response)")
            #expect(response.header("Content-Length") != nil)
        }

        @Test(arguments: [
            "GARBAGE\r\n\r\n",
            "G\u{1}T /healthz HTTP/1.1\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nno colon in this header\r\n\r\n",
            "GET /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
            "\u{0}\u{0}\u{0}\r\n\r\n",
            "POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "POST /oauth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        ])
        func malformedRequestIs400ThenClose(request: String) throws {
            let server = try currentServer()
            let connection = try RawClient(port: server.port)
            try connection.write(request)
            let response = try connection.readResponse()
            #expect(response.status == 400, "\(response)")
            #expect(response.header("Content-Length") != nil)
            #expect(connection.waitForClose(timeout: 3), "connection stayed open after a malformed request")
            #expect(try server.get("/healthz").status == 200)
        }

        @Test func http10ClosesUnlessItAsksForKeepAlive() throws {
            let server = try currentServer()
            let plain = try RawClient(port: server.port)
            let response = try plain.exchange(TokenRequest.simple("GET", "/healthz", version: "HTTP/1.0"))
            #expect(response.status == 200)
            #expect(plain.waitForClose(timeout: 3), "HTTP/1.0 without keep-alive stayed open")

            let kept = try RawClient(port: server.port)
            let request = TokenRequest.simple("GET", "/healthz", version: "HTTP/1.0", headers: ["Connection: keep-alive"])
            #expect(try kept.exchange(request).status == 200)
            #expect(try kept.exchange(request).status == 200, "HTTP/1.0 keep-alive connection was closed")
        }

        @Test func connectionCloseIsHonoured() throws {
            let server = try currentServer()
            let connection = try RawClient(port: server.port)
            let response = try connection.exchange(TokenRequest.simple("GET", "/healthz", headers: ["Connection: close"]))
            #expect(response.status == 200)
            #expect(connection.waitForClose(timeout: 3))
        }

        @Test func malformedRequestAfterAValidOneIsAnsweredInOrderThenClosed() throws {
            let server = try currentServer()
            let connection = try RawClient(port: server.port)
            try connection.write(TokenRequest.simple("GET", "/healthz") + "GARBAGE\r\n\r\n")
            #expect(try connection.readResponse().status == 200)
            #expect(try connection.readResponse().status == 400)
            #expect(connection.waitForClose(timeout: 3))
        }

        /// RFC 9112 §3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
        @Test func http11RequestWithoutHostIs400() throws {
            let server = try currentServer()
            let response = try server.send("GET /healthz HTTP/1.1\r\n\r\n")
            #expect(response.status == 400, "\(response)")
        }

        /// Header names (RFC 9110 §5.1), the auth scheme (RFC 9110 §11.1) and media types are
        /// case-insensitive, and a charset parameter does not change the form media type.
        @Test func headerNamesAuthSchemeAndMediaTypeParametersAreTolerated() throws {
            let server = try currentServer()
            let alpha = server.setup.client("alpha")
            let body = "grant_type=client_credentials"
            let credentials = TokenRequest.basicAuthorization(id: alpha.id, secret: alpha.secret).dropFirst("Basic ".count)
            let text = "POST /oauth/token HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                + "authorization: basic \(credentials)\r\n"
                + "content-type: Application/X-WWW-Form-URLEncoded; charset=UTF-8\r\n"
                + "content-length: \(body.utf8.count)\r\n\r\n" + body
            _ = try Expect.token(try server.send(text))
        }
    }
}
