import TesseraCore

extension HTTPResponseBuilder {
    /// Writes the whole response (status line, fields, framing fields, body) to `out`, in one
    /// reservation of room and pointer stores. `keepAlive` is the connection's decision; HTTP/1.0
    /// peers that asked for keep-alive are told so explicitly. A response to HEAD keeps its
    /// Content-Length but has no body.
    package func serialize(into out: inout OutputBuffer, keepAlive: Bool, minorVersion: Int, omitBody: Bool, date: [UInt8]) {
        // At most: an unlisted status line (9 + 20 digits + 9), the framing fields with a
        // 20-digit length and `Connection: keep-alive`, and the blank line.
        let bound = 38 + date.count + headers.count + 38 + 24 + 2 + (omitBody ? 0 : body.count)
        let start = out.reserve(bound)
        var at = start
        if let line = Self.statusLine(status) {
            at = at.putting(line)
        } else {
            at = at.putting("HTTP/1.1 ")
            if status < 0 { at = at.putting("-") }
            at = at.puttingDecimal(status).putting(" Status\r\n")
        }
        date.withUnsafeBytes { at = at.putting($0) }
        headers.withUnsafeBytes { at = at.putting($0) }
        at = at.putting("Content-Length: ").puttingDecimal(body.count)
        if !keepAlive {
            at = at.putting("\r\nConnection: close\r\n\r\n")
        } else if minorVersion == 0 {
            at = at.putting("\r\nConnection: keep-alive\r\n\r\n")
        } else {
            at = at.putting("\r\n\r\n")
        }
        if !omitBody { body.withUnsafeBytes { at = at.putting($0) } }
        out.commit(at - start)
    }

    static func appendBytes(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The whole status line of a status Tessera sends, one constant: the status written digit by
    /// digit and its reason phrase appended apart cost ~250 instructions per response (callgrind).
    static func statusLine(_ status: Int) -> StaticString? {
        switch status {
        case 100: "HTTP/1.1 100 Continue\r\n"
        case 200: "HTTP/1.1 200 OK\r\n"
        case 201: "HTTP/1.1 201 Created\r\n"
        case 204: "HTTP/1.1 204 No Content\r\n"
        case 400: "HTTP/1.1 400 Bad Request\r\n"
        case 401: "HTTP/1.1 401 Unauthorized\r\n"
        case 403: "HTTP/1.1 403 Forbidden\r\n"
        case 404: "HTTP/1.1 404 Not Found\r\n"
        case 405: "HTTP/1.1 405 Method Not Allowed\r\n"
        case 408: "HTTP/1.1 408 Request Timeout\r\n"
        case 409: "HTTP/1.1 409 Conflict\r\n"
        case 412: "HTTP/1.1 412 Precondition Failed\r\n"
        case 413: "HTTP/1.1 413 Content Too Large\r\n"
        case 415: "HTTP/1.1 415 Unsupported Media Type\r\n"
        case 417: "HTTP/1.1 417 Expectation Failed\r\n"
        case 428: "HTTP/1.1 428 Precondition Required\r\n"
        case 429: "HTTP/1.1 429 Too Many Requests\r\n"
        case 431: "HTTP/1.1 431 Request Header Fields Too Large\r\n"
        case 500: "HTTP/1.1 500 Internal Server Error\r\n"
        case 501: "HTTP/1.1 501 Not Implemented\r\n"
        case 503: "HTTP/1.1 503 Service Unavailable\r\n"
        case 505: "HTTP/1.1 505 HTTP Version Not Supported\r\n"
        default: nil
        }
    }

    /// The JSON error body the HTTP layer itself answers with (it never echoes request bytes).
    package static func errorResponse(for error: HTTPError) -> HTTPResponseBuilder {
        var writer = HTTPResponseBuilder()
        writer.status = error.status
        writer.addHeader("Content-Type", "application/json")
        writer.body.append(contentsOf: #"{"error":""#.utf8)
        writer.body.append(contentsOf: (error.status == 400 ? "invalid_request" : "http_\(error.status)").utf8)
        writer.body.append(contentsOf: #"","error_description":""#.utf8)
        writer.body.append(contentsOf: error.reason.utf8.filter { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") })
        writer.body.append(contentsOf: #""}"#.utf8)
        writer.closeConnection = true
        return writer
    }
}
