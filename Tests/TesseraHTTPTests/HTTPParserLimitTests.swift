import Testing
@testable import TesseraHTTP

@Suite struct HTTPParserLimitTests {
    /// A complete head of exactly `length` bytes (padded with one `X-Pad` field).
    static func head(ofLength length: Int) -> [UInt8] {
        let base = "GET / HTTP/1.1\r\nHost: a\r\nX-Pad: \r\n\r\n"
        return Array(("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + String(repeating: "p", count: length - base.utf8.count) + "\r\n\r\n").utf8)
    }

    @Test(arguments: [255, 256])
    func headUpToTheLimitParses(_ length: Int) throws {
        let bytes = Self.head(ofLength: length)
        #expect(bytes.count == length)
        let head = try #require(HTTPParser(maxHeaderBytes: 256).parse(bytes).result.head)
        #expect(head.length == length)
    }

    @Test(arguments: [257, 300, 5000])
    func headOverTheLimitIsTooLarge(_ length: Int) {
        let result = HTTPParser(maxHeaderBytes: 256).parse(Self.head(ofLength: length)).result
        #expect(result == .invalid(.headerTooLarge))
    }

    static let endlessHeads: [(String, String)] = [
        ("an endless field value", "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "v", count: 400)),
        ("an endless target", "GET /" + String(repeating: "t", count: 400)),
        ("an endless method", String(repeating: "M", count: 400)),
        ("endless empty lines", String(repeating: "\r\n", count: 200)),
        ("endless short fields", "GET / HTTP/1.1\r\n" + String(repeating: "X:y\r\n", count: 60)),
        ("an endless field name", "GET / HTTP/1.1\r\n" + String(repeating: "n", count: 400)),
    ]

    @Test(arguments: endlessHeads)
    func headThatNeverEndsIsTooLargeOnceOverTheLimit(_ name: String, _ text: String) {
        let parser = HTTPParser(maxHeaderBytes: 256)
        let bytes = Array(text.utf8)
        #expect(bytes.count >= 256)
        #expect(parser.parse(Array(bytes[0..<200])).result == .incomplete, "below the limit it may still end")
        #expect(parser.parse(bytes).result == .invalid(.headerTooLarge))
    }

    static func request(fieldCount: Int, finished: Bool) -> [UInt8] {
        var text = "GET / HTTP/1.1\r\nHost: a\r\n"
        for i in 1..<fieldCount { text += "X-\(i): \(i)\r\n" }
        return Array((text + (finished ? "\r\n" : "")).utf8)
    }

    @Test func fieldCountAtTheLimitParses() throws {
        let (result, fields) = HTTPParser(maxHeaderBytes: 8192, maxHeaderCount: 10).parse(Self.request(fieldCount: 10, finished: true))
        #expect(result.head != nil)
        #expect(fields.count == 10)
    }

    @Test(arguments: [true, false])
    func fieldCountOverTheLimitIsTooLarge(_ finished: Bool) {
        let parser = HTTPParser(maxHeaderBytes: 8192, maxHeaderCount: 10)
        #expect(parser.parse(Self.request(fieldCount: 11, finished: finished)).result == .invalid(.headerTooLarge))
        #expect(parser.parse(Self.request(fieldCount: 50, finished: finished)).result == .invalid(.headerTooLarge))
    }

    @Test func pipelinedRequestsParseOneAfterAnother() throws {
        let parts = [
            "GET /one HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
            "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;e=1\r\nde\r\n0\r\nT: x\r\n\r\n",
            "\r\nGET /four HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            "DELETE /five HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        ]
        let buffer = Array(parts.joined().utf8)
        let expected: [(String, String, Bool)] = [
            ("/one", "", true), ("/two", "hello", true), ("/three", "abcde", true), ("/four", "", true), ("/five", "", false),
        ]
        var offset = 0
        for (target, body, keepAlive) in expected {
            let rest = Array(buffer[offset...])
            guard case let .complete(head, consumed, decoded) = RequestFrame.frame(rest) else {
                Issue.record("request \(target) did not frame")
                return
            }
            #expect(String(decoding: rest[head.target], as: UTF8.self) == target)
            #expect(String(decoding: decoded, as: UTF8.self) == body)
            #expect(head.keepAlive == keepAlive)
            offset += consumed
        }
        #expect(offset == buffer.count)
    }
}
