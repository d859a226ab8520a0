import Testing
@testable import TesseraHTTP

/// The one-pass reading of whole header lines (`HTTPParser.fieldLine`) must give what the
/// byte-by-byte parser gives: the same fields, the same incomplete heads, the same errors.
@Suite struct HTTPParserFieldLineTests {
    private static let warm = "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1:28097\r\nAccept-Encoding: identity\r\n"
        + "Content-Length: 49\r\nAuthorization: Basic YmVuY2g6Y2FsbGdyaW5kLWJlbmNoLXNlY3JldA==\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n\r\n"

    private func parse(_ bytes: [UInt8]) -> (HTTPParseResult, [HTTPHeaderField]) {
        var fields: [HTTPHeaderField] = []
        let result = bytes.withUnsafeBytes { HTTPParser().parseHead($0, fields: &fields) }
        return (result, fields)
    }

    @Test func aHeadCutAtAnyByteIsIncompleteAndWholeParsesTheSame() {
        let bytes = Array(Self.warm.utf8)
        let (whole, fields) = parse(bytes)
        guard case .complete(let head) = whole else {
            Issue.record("not complete: \(whole)")
            return
        }
        #expect(fields.count == 5 && head.contentLength == 49 && head.knownFields.index(of: .authorization) == 3)
        for cut in 0..<bytes.count {
            #expect(parse(Array(bytes[..<cut])).0 == .incomplete, "cut at \(cut)")
        }
        // Bytes after the head (a body, the next request) change nothing.
        let (withBody, more) = parse(bytes + Array("grant_type=client_credentials\r\n".utf8))
        #expect(withBody == whole && more == fields)
    }

    @Test(arguments: [
        // A CR where a recognised name has '-': folded it would read as Content-Length.
        ("Content\rLength: 5", HTTPParseResult.invalid(.badRequest("malformed header field name"))),
        ("X-A: b\rc", .invalid(.badRequest("malformed header line"))),
        ("X-A: b\nc", .invalid(.badRequest("invalid character in header field"))),
        ("X-A: 1234567\u{7F}", .invalid(.badRequest("invalid character in header field"))),
        ("X-A: 12345678\u{7F}", .invalid(.badRequest("invalid character in header field"))),
        ("X-A: \u{01}2345678", .invalid(.badRequest("invalid character in header field"))),
        ("X(A): b", .invalid(.badRequest("malformed header field name"))),
        (": b", .invalid(.badRequest("malformed header field name"))),
        (" X-A: b", .invalid(.badRequest("obsolete line folding is not accepted"))),
    ])
    func aMalformedLineIsRefusedWithTheByteParsersWords(line: String, expected: HTTPParseResult) {
        let raw = "GET / HTTP/1.1\r\nHost: a\r\n" + line + "\r\n\r\n"
        #expect(parse(Array(raw.utf8)).0 == expected)
    }

    @Test func valuesKeepTabsAndObsTextAndLoseOuterWhitespace() {
        let raw: [UInt8] = Array("GET / HTTP/1.1\r\nHost: a\r\nX-A: \t a\tb c\u{20}\t\r\nX-B: ".utf8) + [0xC3, 0xA9, 0x80, 0xFF]
            + Array("12345678\r\n\r\n".utf8)
        let (result, fields) = parse(raw)
        guard case .complete = result else {
            Issue.record("not complete: \(result)")
            return
        }
        #expect(fields.count == 3)
        #expect(Array(raw[fields[1].value]) == Array("a\tb c".utf8))
        #expect(Array(raw[fields[2].value]) == [0xC3, 0xA9, 0x80, 0xFF] + Array("12345678".utf8))
    }
}
