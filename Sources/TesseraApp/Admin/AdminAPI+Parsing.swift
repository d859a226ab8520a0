import TesseraCore
import TesseraJOSE
import TesseraTelemetry

extension AdminAPI {
    /// The request body as JSON; 400 `invalid_request` when it is missing or malformed.
    static func body(_ request: AdminRequest) throws(AdminError) -> JSONValue {
        guard !request.body.isEmpty else { throw .invalidRequest("a JSON body is required") }
        do {
            return try JSONValue.parse(request.body, limits: .init(maximumBytes: max(request.body.count, 1), maximumDepth: 32,
                                                                   maximumMembers: 4096))
        } catch {
            throw .invalidRequest("malformed JSON: \(error.description)")
        }
    }

    /// `limit`: 1 to 1000, default 100.
    static func pageSize(_ request: AdminRequest) throws(AdminError) -> Int {
        guard let text = request.parameter("limit") else { return defaultPageSize }
        guard let limit = Int(text), (1...maximumPageSize).contains(limit) else {
            throw .invalidRequest("limit: expected a whole number from 1 to \(maximumPageSize)")
        }
        return limit
    }

    /// `If-Match`: one of its entity tags (or `*`) is the current one. Weak tags never match
    /// (RFC 9110 §13.1.1: If-Match compares strongly).
    static func tagMatches(_ header: String, _ current: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = trimmed(candidate)
            return tag == "*" || tag.utf8.elementsEqual(current.utf8)
        }
    }

    /// `If-Match: *`: any current representation.
    static func isWildcard(_ header: String) -> Bool {
        header.split(separator: ",").contains { trimmed($0) == "*" }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// Byte order, the order of client ids everywhere (rule 4).
    static func bytesBefore(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    /// A new client id when the body names none: 128 random bits, hex.
    static func generatedID() -> String {
        var out: [UInt8] = []
        TraceContext.appendHex(FastRandom.next(), to: &out)
        TraceContext.appendHex(FastRandom.next(), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An id as one path segment: every byte outside the unreserved set percent-encoded.
    static func pathSegment(_ id: String) -> String {
        var out = ""
        for byte in id.utf8 {
            if (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += (hex.count == 1 ? "%0" : "%") + hex
            }
        }
        return out
    }
}
