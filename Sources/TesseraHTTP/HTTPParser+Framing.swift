extension HTTPParser {
    /// Collects the fields that decide how a message is framed and whether the connection stays
    /// open, and refuses the combinations RFC 9112 calls ambiguous (request smuggling).
    struct Framing {
        var hostCount = 0
        var sawTransferEncoding = false
        var connectionClose = false
        var connectionKeepAlive = false

        /// Whether `note` does anything with a field of this name.
        @inline(__always)
        static func reads(_ name: HTTPFieldName) -> Bool {
            switch name {
            case .host, .expect, .connection, .contentLength, .transferEncoding: true
            default: false
            }
        }

        mutating func note(_ field: HTTPHeaderField, in b: UnsafeRawBufferPointer, head: inout HTTPRequestHead) -> HTTPError? {
            switch field.known {
            case .host:
                hostCount += 1
            case .expect:
                guard ByteClass.equalsLowercase(b, field.value, "100-continue") else { return .expectationFailed }
                head.expectContinue = true
            case .connection:
                noteConnectionOptions(b, field.value)
            case .contentLength:
                guard let length = Self.contentLength(b, field.value) else {
                    return .badRequest("invalid Content-Length")
                }
                if let previous = head.contentLength, previous != length {
                    return .badRequest("conflicting Content-Length fields")
                }
                head.contentLength = length
            case .transferEncoding:
                guard !sawTransferEncoding else { return .badRequest("repeated Transfer-Encoding") }
                sawTransferEncoding = true
                guard ByteClass.equalsLowercase(b, field.value, "chunked") else {
                    return .notImplemented("only the chunked transfer coding is supported")
                }
                head.chunked = true
            default:
                break
            }
            return nil
        }

        mutating func finish(_ head: inout HTTPRequestHead) -> HTTPError? {
            if head.minorVersion == 1 && hostCount != 1 {
                return .badRequest(hostCount == 0 ? "missing Host header" : "repeated Host header")
            }
            if head.chunked && head.contentLength != nil {
                return .badRequest("both Content-Length and Transfer-Encoding")
            }
            if head.chunked && head.minorVersion == 0 {
                return .badRequest("Transfer-Encoding in an HTTP/1.0 request")
            }
            if connectionClose {
                head.keepAlive = false
            } else if head.minorVersion == 0 {
                head.keepAlive = connectionKeepAlive
            }
            return nil
        }

        private mutating func noteConnectionOptions(_ b: UnsafeRawBufferPointer, _ value: Range<Int>) {
            var start = value.lowerBound
            var i = value.lowerBound
            while i <= value.upperBound {
                if i == value.upperBound || b[i] == UInt8(ascii: ",") {
                    var lo = start, hi = i
                    while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
                    while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09) { hi -= 1 }
                    if ByteClass.equalsLowercase(b, lo..<hi, "close") { connectionClose = true }
                    if ByteClass.equalsLowercase(b, lo..<hi, "keep-alive") { connectionKeepAlive = true }
                    start = i + 1
                }
                i += 1
            }
        }

        /// 1*DIGIT, refusing signs, spaces, lists and values past 2^53.
        private static func contentLength(_ b: UnsafeRawBufferPointer, _ value: Range<Int>) -> Int? {
            guard !value.isEmpty, value.count <= 15 else { return nil }
            var n = 0
            for i in value {
                let c = b[i]
                guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(c - UInt8(ascii: "0"))
            }
            return n
        }
    }
}
