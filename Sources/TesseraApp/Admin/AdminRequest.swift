import TesseraHTTP
import TesseraTelemetry

/// An admin request copied out of the connection's buffer on the I/O thread, so the work can run
/// on a backend thread: method, decoded path segments, query, the few headers the API reads, the
/// caller's address and the body.
struct AdminRequest: Sendable {
    var method: HTTPMethod
    /// The path's segments after `/admin/`, percent-decoded; nil when the path is not under it
    /// or a segment does not decode (as bytes: an id may hold any).
    var segments: [[UInt8]]?
    var query: [(String, String)]
    var authorization: String?
    var ifMatch: String?
    var requestID: String
    var source: String
    var body: [UInt8]

    init(_ request: HTTPRequest) {
        method = request.method
        let target = Array(request.bytes[request.head.target])
        let queryStart = target.firstIndex(of: UInt8(ascii: "?"))
        let path = Array(target[..<(queryStart ?? target.endIndex)])
        segments = Self.segments(path)
        query = queryStart.map { Self.query(Array(target[($0 + 1)...])) } ?? []
        authorization = request.header(.authorization).map { String(decoding: $0, as: UTF8.self) }
        ifMatch = nil
        var given: String?
        for field in request.fields {
            let name = String(decoding: request.bytes[field.name], as: UTF8.self).lowercased()
            if name == "if-match" {
                // Several fields are one list (RFC 9110 §5.3).
                let value = String(decoding: request.bytes[field.value], as: UTF8.self)
                ifMatch = ifMatch.map { $0 + ", " + value } ?? value
            }
            if field.known == .xRequestID, RequestRecord.acceptableRequestID(UnsafeRawBufferPointer(rebasing: request.bytes[field.value])) {
                given = String(decoding: request.bytes[field.value], as: UTF8.self)
            }
        }
        if let given {
            requestID = given
        } else {
            var hex: [UInt8] = []
            TraceContext.appendHex(FastRandom.next(), to: &hex)
            requestID = String(decoding: hex, as: UTF8.self)
        }
        var address: [UInt8] = []
        request.client.appendHost(to: &address)
        source = String(decoding: address, as: UTF8.self)
        body = Array(request.body)
    }

    /// `/admin/a/b` -> ["a", "b"]; `/admin` and `/admin/` -> [].
    static func segments(_ path: [UInt8]) -> [[UInt8]]? {
        let prefix = Array("/admin".utf8)
        guard path.starts(with: prefix) else { return nil }
        let rest = path.dropFirst(prefix.count)
        guard rest.isEmpty || rest.first == UInt8(ascii: "/") else { return nil }
        var parts: [[UInt8]] = []
        for raw in rest.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let decoded = percentDecoded(Array(raw), plusIsSpace: false) else { return nil }
            parts.append(decoded)
        }
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    static func query(_ bytes: [UInt8]) -> [(String, String)] {
        bytes.split(separator: UInt8(ascii: "&")).compactMap { pair in
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = percentDecoded(Array(parts[0]), plusIsSpace: true),
                  let value = percentDecoded(parts.count > 1 ? Array(parts[1]) : [], plusIsSpace: true),
                  let nameText = String(validating: name, as: UTF8.self), let valueText = String(validating: value, as: UTF8.self)
            else { return ("", "\u{0}") }  // undecodable: a parameter no check accepts
            return (nameText, valueText)
        }
    }

    static func percentDecoded(_ bytes: [UInt8], plusIsSpace: Bool) -> [UInt8]? {
        var out: [UInt8] = []
        var index = 0
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case 0x30...0x39: byte - 0x30
            case 0x41...0x46: byte - 0x37
            case 0x61...0x66: byte - 0x57
            default: nil
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.count, let high = hex(bytes[index + 1]),
                      let low = hex(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? 0x20 : byte)
                index += 1
            }
        }
        return out
    }

    func parameter(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
}
