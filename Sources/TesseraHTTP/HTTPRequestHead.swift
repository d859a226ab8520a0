/// One header field of a parsed request: offsets into the bytes the head was parsed from.
package struct HTTPHeaderField: Sendable, Equatable {
    package var name: Range<Int>
    package var value: Range<Int>
    /// The name, when it is one Tessera reads (`HTTPFieldName`); `.other` otherwise.
    package var known: HTTPFieldName = .other
}

package enum HTTPMethod: Sendable, Equatable {
    case get, head, post, put, delete, options, patch, other
}

/// The parsed request line and the framing facts of a request head. Field names and values are
/// kept as offsets (`HTTPHeaderField`) into the caller's buffer: parsing copies nothing.
package struct HTTPRequestHead: Sendable, Equatable {
    package var method: HTTPMethod = .other
    package var methodRange: Range<Int> = 0..<0
    package var target: Range<Int> = 0..<0
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    package var minorVersion: Int = 1
    /// Bytes from the start of the buffer up to and including the blank line after the fields.
    package var length: Int = 0
    package var contentLength: Int? = nil
    package var chunked: Bool = false
    package var keepAlive: Bool = true
    package var expectContinue: Bool = false
    /// Where the fields Tessera reads are among the request's fields.
    package var knownFields = KnownFields()

    package init() {}

    /// Whether the request carries a body that has to be read before it can be answered.
    package var hasBody: Bool { chunked || (contentLength ?? 0) > 0 }
}

/// What `HTTPParser.parseHead` found at the start of a buffer.
package enum HTTPParseResult: Sendable, Equatable {
    case complete(HTTPRequestHead)
    case incomplete
    case invalid(HTTPError)
}
