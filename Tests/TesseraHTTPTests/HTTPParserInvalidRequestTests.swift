import Testing
@testable import TesseraHTTP

/// A malformed or refused request and the status its `HTTPError` answers with.
struct InvalidRequest: Sendable, CustomTestStringConvertible {
    var name: String
    var raw: [UInt8]
    var status: Int

    init(_ name: String, _ raw: String, _ status: Int = 400) {
        self.name = name
        self.raw = Array(raw.utf8)
        self.status = status
    }

    init(_ name: String, bytes: [UInt8], _ status: Int = 400) {
        self.name = name
        self.raw = bytes
        self.status = status
    }

    var testDescription: String { name }
}

private let ok = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"

let invalidRequests: [InvalidRequest] = [
    // Control characters and separators in the request line.
    InvalidRequest("NUL in the method", "G\u{0}T / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("SOH in the method", "GE\u{1}T / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("a delimiter in the method", "GE(T / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("tab instead of space after the method", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("empty method", " / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("two spaces after the method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("NUL in the target", "GET /a\u{0}b HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("ESC in the target", "GET /a\u{1B}b HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("DEL in the target", "GET /a\u{7F} HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("tab in the target", "GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("obs-text in the target", "GET /é HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("CR in the target", "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n"),
    // Bad versions.
    InvalidRequest("no version", "GET /\r\nHost: a\r\n\r\n"),
    InvalidRequest("lowercase protocol name", "GET / http/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n"),
    InvalidRequest("letter as minor version", "GET / HTTP/1.x\r\nHost: a\r\n\r\n"),
    InvalidRequest("two-digit major version", "GET / HTTP/11.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("space after the version", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n"),
    InvalidRequest("HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
    InvalidRequest("HTTP/3.0", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
    InvalidRequest("HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505),
    // Bare LF and CR.
    InvalidRequest("bare LF ending the request line", "GET / HTTP/1.1\nHost: a\r\n\r\n"),
    InvalidRequest("bare LF ending a field line", "GET / HTTP/1.1\r\nHost: a\n\r\n"),
    InvalidRequest("bare LF ending the head", "GET / HTTP/1.1\r\nHost: a\r\n\n"),
    InvalidRequest("bare LF before the request line", "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    InvalidRequest("bare LF inside a field value", "GET / HTTP/1.1\r\nHost: a\nb\r\n\r\n"),
    InvalidRequest("bare CR inside a field value", "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n"),
    InvalidRequest("CR not followed by LF before the request line", "\rGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
    // Field names and values.
    InvalidRequest("space before the colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n"),
    InvalidRequest("tab before the colon", "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n"),
    InvalidRequest("empty field name", "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n"),
    InvalidRequest("field line without colon", "GET / HTTP/1.1\r\nHost: a\r\nX-No-Colon\r\n\r\n"),
    InvalidRequest("NUL in a field name", "GET / HTTP/1.1\r\nHo\u{0}st: a\r\n\r\n"),
    InvalidRequest("SOH in a field name", "GET / HTTP/1.1\r\nHost: a\r\nX\u{1}Y: b\r\n\r\n"),
    InvalidRequest("a delimiter in a field name", "GET / HTTP/1.1\r\nHost: a\r\nX(Y): b\r\n\r\n"),
    InvalidRequest("NUL in a field value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{0}b\r\n\r\n"),
    InvalidRequest("SOH in a field value", "GET / HTTP/1.1\r\nHost: a\r\nX: \u{1}\r\n\r\n"),
    InvalidRequest("DEL in a field value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{7F}\r\n\r\n"),
    InvalidRequest("vertical tab in a field value", "GET / HTTP/1.1\r\nHost: a\r\nX: a\u{B}b\r\n\r\n"),
    InvalidRequest("obs-fold with a space", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"),
    InvalidRequest("obs-fold with a tab", "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n"),
    InvalidRequest("whitespace before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n"),
    // Host.
    InvalidRequest("HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"),
    InvalidRequest("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"),
    // Content-Length and Transfer-Encoding.
    InvalidRequest("conflicting Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"),
    InvalidRequest("Content-Length list", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello"),
    InvalidRequest("negative Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n"),
    InvalidRequest("signed Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +5\r\n\r\nhello"),
    InvalidRequest("hex Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x5\r\n\r\nhello"),
    InvalidRequest("empty Content-Length", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n"),
    InvalidRequest("Content-Length with inner space", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1 2\r\n\r\n"),
    InvalidRequest("Content-Length past 2^53", "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999\r\n\r\n"),
    InvalidRequest("Content-Length and Transfer-Encoding",
                   "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    InvalidRequest("Transfer-Encoding and Content-Length",
                   "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
    InvalidRequest("repeated Transfer-Encoding",
                   "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    InvalidRequest("Transfer-Encoding gzip", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    InvalidRequest("Transfer-Encoding gzip, chunked", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    InvalidRequest("Transfer-Encoding identity", "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: identity\r\n\r\n", 501),
    InvalidRequest("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    // Expect.
    InvalidRequest("Expect other than 100-continue", "POST / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\nContent-Length: 0\r\n\r\n", 417),
    InvalidRequest("Expect 100-continue with a parameter",
                   "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue; x=1\r\nContent-Length: 0\r\n\r\n", 417),
]

@Suite struct HTTPParserInvalidRequestTests {
    @Test(arguments: invalidRequests)
    func invalidRequestIsRefusedWithItsStatus(_ request: InvalidRequest) throws {
        let result = HTTPParser().parse(request.raw).result
        let error = try #require(result.error, "\(result)")
        #expect(error.status == request.status, "\(error)")
    }

    /// The refusal does not depend on what follows: a valid request pipelined behind a bad one
    /// does not rescue it.
    @Test(arguments: invalidRequests)
    func invalidRequestStaysInvalidWithMoreBytesBehindIt(_ request: InvalidRequest) throws {
        let result = HTTPParser().parse(request.raw + Array(ok.utf8)).result
        let error = try #require(result.error, "\(result)")
        #expect(error.status == request.status)
    }

    @Test(arguments: [HTTPError.badRequest("x"), .headerTooLarge, .bodyTooLarge, .expectationFailed,
                      .notImplemented("x"), .versionNotSupported])
    func errorResponseCarriesTheStatusAndClosesTheConnection(_ error: HTTPError) {
        let response = HTTPResponseBuilder.errorResponse(for: error)
        #expect(response.status == error.status)
        #expect(response.closeConnection)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(body.hasPrefix(#"{"error":""#) && body.hasSuffix(#""}"#))
    }
}
