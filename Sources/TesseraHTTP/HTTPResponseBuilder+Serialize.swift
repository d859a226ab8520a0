extension HTTPResponseBuilder {
    /// Appends the whole response (status line, fields, framing fields, body) to `out`.
    /// `keepAlive` is the connection's decision; HTTP/1.0 peers that asked for keep-alive are told
    /// so explicitly. A response to HEAD keeps its Content-Length but has no body.
    package func serialize(into out: inout [UInt8], keepAlive: Bool, minorVersion: Int, omitBody: Bool, date: [UInt8]) {
        Self.appendBytes("HTTP/1.1 ", to: &out)
        HTTPResponseBuilder.appendDecimal(status, to: &out)
        out.append(UInt8(ascii: " "))
        Self.appendBytes(Self.reasonPhrase(status), to: &out)
        out.append(0x0D)
        out.append(0x0A)
        out.append(contentsOf: date)
        out.append(contentsOf: headers)
        Self.appendBytes("Content-Length: ", to: &out)
        HTTPResponseBuilder.appendDecimal(body.count, to: &out)
        out.append(0x0D)
        out.append(0x0A)
        if !keepAlive {
            Self.appendBytes("Connection: close\r\n", to: &out)
        } else if minorVersion == 0 {
            Self.appendBytes("Connection: keep-alive\r\n", to: &out)
        }
        out.append(0x0D)
        out.append(0x0A)
        if !omitBody { out.append(contentsOf: body) }
    }

    static func appendBytes(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    static func reasonPhrase(_ status: Int) -> StaticString {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 428: "Precondition Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default: "Status"
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
