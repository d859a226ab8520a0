/// The header fields Tessera reads, recognised once while the head is parsed (`HTTPParser`), so
/// that a handler finds one by an index (`HTTPRequest.header(_:)`) instead of comparing every
/// field's name with a string per lookup: per warm token request that cost ~1,900 instructions
/// (the lookups, `headerCount`, and the framing's own compares; callgrind, docs/PERFORMANCE.md).
/// Any other field is `.other`, kept in `HTTPRequest.fields` as before.
package enum HTTPFieldName: UInt8, Sendable, CaseIterable {
    case other = 0
    // Framing (`HTTPParser.Framing`).
    case host, expect, connection, contentLength, transferEncoding
    // What the endpoints, the request id, trace context, proxies and DPoP read.
    case authorization, contentType, accept, xRequestID, traceparent, tracestate
    case clientCert, xForwardedFor, forwarded, dpop

    /// The name of the field at `name` in `bytes`, compared case-insensitively: by length first,
    /// then at most two candidates.
    @inline(__always)
    static func classify(_ bytes: UnsafeRawBufferPointer, _ name: Range<Int>) -> HTTPFieldName {
        guard !name.isEmpty else { return .other }  // the parser never makes one; a caller may
        let first = bytes[name.lowerBound] | 0x20
        switch name.count {
        case 4 where first == UInt8(ascii: "h"): return ByteClass.equalsLowercaseName(bytes, name, "host") ? .host : .other
        case 4: return ByteClass.equalsLowercaseName(bytes, name, "dpop") ? .dpop : .other
        case 6 where first == UInt8(ascii: "e"): return ByteClass.equalsLowercaseName(bytes, name, "expect") ? .expect : .other
        case 6: return ByteClass.equalsLowercaseName(bytes, name, "accept") ? .accept : .other
        case 9: return ByteClass.equalsLowercaseName(bytes, name, "forwarded") ? .forwarded : .other
        case 10 where first == UInt8(ascii: "c"):
            return ByteClass.equalsLowercaseName(bytes, name, "connection") ? .connection : .other
        case 10: return ByteClass.equalsLowercaseName(bytes, name, "tracestate") ? .tracestate : .other
        case 11 where first == UInt8(ascii: "t"):
            return ByteClass.equalsLowercaseName(bytes, name, "traceparent") ? .traceparent : .other
        case 11: return ByteClass.equalsLowercaseName(bytes, name, "client-cert") ? .clientCert : .other
        case 12 where first == UInt8(ascii: "c"):
            return ByteClass.equalsLowercaseName(bytes, name, "content-type") ? .contentType : .other
        case 12: return ByteClass.equalsLowercaseName(bytes, name, "x-request-id") ? .xRequestID : .other
        case 13: return ByteClass.equalsLowercaseName(bytes, name, "authorization") ? .authorization : .other
        case 14: return ByteClass.equalsLowercaseName(bytes, name, "content-length") ? .contentLength : .other
        case 15: return ByteClass.equalsLowercaseName(bytes, name, "x-forwarded-for") ? .xForwardedFor : .other
        case 17: return ByteClass.equalsLowercaseName(bytes, name, "transfer-encoding") ? .transferEncoding : .other
        default: return .other
        }
    }
}
