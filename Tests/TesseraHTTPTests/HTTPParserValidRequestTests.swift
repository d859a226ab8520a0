import Testing
@testable import TesseraHTTP

/// A well-formed request and the facts its head must yield.
struct ValidRequest: Sendable, CustomTestStringConvertible {
    var name: String
    var raw: String
    var method: HTTPMethod
    var target: String
    var minorVersion = 1
    var keepAlive = true
    var contentLength: Int? = nil
    var chunked = false
    var expectContinue = false
    /// Every field as `name: value` with the value's optional whitespace removed.
    var fields: [String]
    /// The decoded body.
    var body = ""

    var testDescription: String { name }
    var bytes: [UInt8] { Array(raw.utf8) }
}

let validRequests: [ValidRequest] = [
    ValidRequest(name: "GET HTTP/1.1", raw: "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
                 method: .get, target: "/", fields: ["Host: example.com"]),
    ValidRequest(name: "GET HTTP/1.0 without Host closes by default", raw: "GET /healthz HTTP/1.0\r\n\r\n",
                 method: .get, target: "/healthz", minorVersion: 0, keepAlive: false, fields: []),
    ValidRequest(name: "POST form with Content-Length",
                 raw: "POST /oauth/token HTTP/1.1\r\nHost: a\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     + "Content-Length: 29\r\n\r\ngrant_type=client_credentials",
                 method: .post, target: "/oauth/token", contentLength: 29,
                 fields: ["Host: a", "Content-Type: application/x-www-form-urlencoded", "Content-Length: 29"],
                 body: "grant_type=client_credentials"),
    ValidRequest(name: "fields with optional whitespace and an empty value",
                 raw: "GET /x?y=1&z HTTP/1.1\r\nHost:\t  a.example \t\r\nAccept:   */*   \r\nX-Empty:\r\nX-Inner: a  b\r\n\r\n",
                 method: .get, target: "/x?y=1&z", fields: ["Host: a.example", "Accept: */*", "X-Empty: ", "X-Inner: a  b"]),
    ValidRequest(name: "lowercase field names and a zero Content-Length",
                 raw: "POST /oauth/revoke HTTP/1.1\r\nhost: a\r\ncontent-length: 0\r\n\r\n",
                 method: .post, target: "/oauth/revoke", contentLength: 0, fields: ["host: a", "content-length: 0"]),
    ValidRequest(name: "chunked POST",
                 raw: "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                 method: .post, target: "/c", chunked: true, fields: ["Host: a", "Transfer-Encoding: chunked"], body: "hello"),
    ValidRequest(name: "chunked in another case",
                 raw: "PUT /c HTTP/1.1\r\nHost: a\r\ntransfer-encoding: CHUNKED\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
                 method: .put, target: "/c", chunked: true, fields: ["Host: a", "transfer-encoding: CHUNKED"], body: "abc"),
    ValidRequest(name: "HTTP/1.1 with Connection: close",
                 raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
                 method: .get, target: "/", keepAlive: false, fields: ["Host: a", "Connection: close"]),
    ValidRequest(name: "HTTP/1.1 with close inside a Connection list",
                 raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade ,\tClose\r\n\r\n",
                 method: .get, target: "/", keepAlive: false, fields: ["Host: a", "Connection: Upgrade ,\tClose"]),
    ValidRequest(name: "HTTP/1.1 with a Connection list without close",
                 raw: "GET / HTTP/1.1\r\nHost: a\r\nConnection: TE, closed, keep-alive\r\n\r\n",
                 method: .get, target: "/", fields: ["Host: a", "Connection: TE, closed, keep-alive"]),
    ValidRequest(name: "HTTP/1.0 asking for keep-alive",
                 raw: "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
                 method: .get, target: "/", minorVersion: 0, keepAlive: true, fields: ["Connection: Keep-Alive"]),
    ValidRequest(name: "HTTP/1.0 with keep-alive in a list",
                 raw: "POST /t HTTP/1.0\r\nConnection: TE,keep-alive\r\nContent-Length: 2\r\n\r\nab",
                 method: .post, target: "/t", minorVersion: 0, keepAlive: true, contentLength: 2,
                 fields: ["Connection: TE,keep-alive", "Content-Length: 2"], body: "ab"),
    ValidRequest(name: "HTTP/1.0 with both keep-alive and close",
                 raw: "GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n",
                 method: .get, target: "/", minorVersion: 0, keepAlive: false, fields: ["Connection: keep-alive, close"]),
    ValidRequest(name: "Expect: 100-continue",
                 raw: "POST /oauth/token HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\nabc",
                 method: .post, target: "/oauth/token", contentLength: 3, expectContinue: true,
                 fields: ["Host: a", "Expect: 100-Continue", "Content-Length: 3"], body: "abc"),
    ValidRequest(name: "empty lines before the request line",
                 raw: "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
                 method: .get, target: "/", fields: ["Host: a"]),
    ValidRequest(name: "the same Content-Length twice",
                 raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\ncontent-length: 1\r\n\r\nx",
                 method: .post, target: "/", contentLength: 1, fields: ["Host: a", "Content-Length: 1", "content-length: 1"], body: "x"),
    ValidRequest(name: "OPTIONS asterisk-form", raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                 method: .options, target: "*", fields: ["Host: a"]),
    ValidRequest(name: "absolute-form target", raw: "DELETE http://a.example/b?c HTTP/1.1\r\nHost: a.example\r\n\r\n",
                 method: .delete, target: "http://a.example/b?c", fields: ["Host: a.example"]),
    ValidRequest(name: "an unknown method", raw: "PURGE /cache HTTP/1.1\r\nHost: a\r\n\r\n",
                 method: .other, target: "/cache", fields: ["Host: a"]),
    ValidRequest(name: "obs-text in a field value", raw: "HEAD / HTTP/1.1\r\nHost: a\r\nX-Name: Zoë\r\n\r\n",
                 method: .head, target: "/", fields: ["Host: a", "X-Name: Zoë"]),
]

@Suite struct HTTPParserValidRequestTests {
    @Test(arguments: validRequests)
    func validRequestYieldsItsHeadFacts(_ request: ValidRequest) throws {
        let bytes = request.bytes
        let (result, fields) = HTTPParser().parse(bytes)
        let head = try #require(result.head, "\(result)")
        #expect(head.method == request.method)
        #expect(String(decoding: bytes[head.target], as: UTF8.self) == request.target)
        #expect(head.minorVersion == request.minorVersion)
        #expect(head.keepAlive == request.keepAlive)
        #expect(head.contentLength == request.contentLength)
        #expect(head.chunked == request.chunked)
        #expect(head.expectContinue == request.expectContinue)
        let blankLine = try #require(bytes.headEnd())
        #expect(head.length == blankLine)
        let parsedFields = fields.map {
            String(decoding: bytes[$0.name], as: UTF8.self) + ": " + String(decoding: bytes[$0.value], as: UTF8.self)
        }
        #expect(parsedFields == request.fields)
    }

    @Test(arguments: validRequests)
    func validRequestFramesWithItsBody(_ request: ValidRequest) throws {
        let frame = RequestFrame.frame(request.bytes)
        guard case let .complete(_, consumed, body) = frame else {
            Issue.record("not complete: \(frame)")
            return
        }
        #expect(consumed == request.bytes.count)
        #expect(String(decoding: body, as: UTF8.self) == request.body)
    }

    @Test(arguments: validRequests)
    func everyProperPrefixIsIncomplete(_ request: ValidRequest) {
        let bytes = request.bytes
        for length in 0..<bytes.count {
            let prefix = Array(bytes[0..<length])
            let frame = RequestFrame.frame(prefix)
            #expect(frame == .incomplete, "prefix of \(length) bytes: \(frame)")
            if frame != .incomplete { return }
        }
    }
}

extension Array where Element == UInt8 {
    /// The end of the first CRLF CRLF that follows the request line (leading empty lines skipped).
    func headEnd() -> Int? {
        var start = 0
        while start + 1 < count && self[start] == 13 && self[start + 1] == 10 { start += 2 }
        return self[start...].firstRange(of: [13, 10, 13, 10] as [UInt8])?.upperBound
    }
}
