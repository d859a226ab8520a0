import Testing
@testable import TesseraHTTP

/// The parser recognises the fields Tessera reads once, whatever their case, and a handler finds
/// them by name: the first of each, and whether it repeats. Look-alikes of the same length stay
/// `.other`.
struct HTTPFieldNameTests {
    private func classify(_ name: String) -> HTTPFieldName {
        let bytes = Array(name.utf8)
        return bytes.withUnsafeBytes { HTTPFieldName.classify($0, 0..<bytes.count) }
    }

    @Test(arguments: [
        ("Host", HTTPFieldName.host), ("DPoP", .dpop), ("Expect", .expect), ("ACCEPT", .accept),
        ("Forwarded", .forwarded), ("connection", .connection), ("tracestate", .tracestate),
        ("TraceParent", .traceparent), ("Client-Cert", .clientCert), ("Content-Type", .contentType),
        ("X-Request-Id", .xRequestID), ("authorization", .authorization), ("Content-Length", .contentLength),
        ("X-Forwarded-For", .xForwardedFor), ("Transfer-Encoding", .transferEncoding),
    ])
    func knownNamesAreRecognisedInAnyCase(_ name: String, _ expected: HTTPFieldName) {
        #expect(classify(name) == expected)
        #expect(classify(name.uppercased()) == expected)
        #expect(classify(name.lowercased()) == expected)
    }

    @Test(arguments: ["Hosts", "Hoss", "@ccept", "Content-Lengt\u{8}", "dpopp", "Xccept", "Content-Typo", "Authorisation", "X-Request-ID2", "Accept-Encoding",
                      "Content_Length", "Transfer-Encodinf", "traceparenT ", "", "Client-Cert-Chain", "Forwarded-For"])
    func lookAlikesAreOther(_ name: String) {
        #expect(classify(name) == .other)
    }

    @Test func theRequestFindsTheFirstFieldOfANameAndSeesARepeat() throws {
        let text = "POST /oauth/token HTTP/1.1\r\nHost: x\r\nX-Other: 1\r\nauthorization: Basic first\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nAUTHORIZATION: Basic second\r\n\r\n"
        let bytes = Array(text.utf8)
        let (result, fields) = HTTPParser().parse(bytes)
        let head = try #require(result.head)
        bytes.withUnsafeBytes { raw in
            let request = HTTPRequest(head: head, bytes: raw, fields: fields, body: UnsafeRawBufferPointer(start: nil, count: 0))
            #expect(request.header(.authorization).map { String(decoding: $0, as: UTF8.self) } == "Basic first")
            #expect(request.headerRepeats(.authorization))
            #expect(!request.headerRepeats(.contentType))
            #expect(request.header(.contentType).map { String(decoding: $0, as: UTF8.self) } == "application/x-www-form-urlencoded")
            #expect(request.header(.xRequestID) == nil)
            #expect(request.headers(.authorization).map { String(decoding: $0, as: UTF8.self) } == ["Basic first", "Basic second"])
        }
    }
}
