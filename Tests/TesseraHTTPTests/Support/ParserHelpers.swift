@testable import TesseraHTTP

extension HTTPParser {
    /// Parses the head at the start of `bytes`; returns the result and the field offsets.
    func parse(_ bytes: [UInt8]) -> (result: HTTPParseResult, fields: [HTTPHeaderField]) {
        var fields: [HTTPHeaderField] = []
        let result = bytes.withUnsafeBytes { parseHead($0, fields: &fields) }
        return (result, fields)
    }

    func parse(_ text: String) -> HTTPParseResult { parse(Array(text.utf8)).result }
}

extension HTTPParseResult {
    var head: HTTPRequestHead? {
        if case .complete(let head) = self { head } else { nil }
    }

    var error: HTTPError? {
        if case .invalid(let error) = self { error } else { nil }
    }

    var isIncomplete: Bool { self == .incomplete }
}

extension ChunkedBody {
    static func scan(_ bytes: [UInt8], maxDecoded: Int = 1 << 20, maxEncoded: Int = 1 << 22) -> ScanResult {
        bytes.withUnsafeBytes { scan($0, maxDecoded: maxDecoded, maxEncoded: maxEncoded) }
    }

    /// Scans, then decodes a copy in place; nil unless the scan found a complete body.
    static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        guard case let .complete(encodedLength, decodedLength) = scan(bytes) else { return nil }
        var copy = Array(bytes[0..<encodedLength])
        let n = copy.withUnsafeMutableBytes { decodeInPlace($0) }
        guard n == decodedLength else { return nil }
        return Array(copy[0..<n])
    }
}

/// Frames one whole request (head and body) at the start of `bytes`, the way a connection does:
/// the head by the parser, the body by Content-Length or by the chunked coding.
enum RequestFrame: Equatable {
    case complete(head: HTTPRequestHead, consumed: Int, body: [UInt8])
    case incomplete
    case invalid(HTTPError)

    static func frame(_ bytes: [UInt8], parser: HTTPParser = HTTPParser()) -> RequestFrame {
        let (result, _) = parser.parse(bytes)
        guard case .complete(let head) = result else {
            return result.error.map(RequestFrame.invalid) ?? .incomplete
        }
        let rest = Array(bytes[head.length...])
        if head.chunked {
            switch ChunkedBody.scan(rest) {
            case .incomplete: return .incomplete
            case .invalid(let error): return .invalid(error)
            case .complete(let encodedLength, _):
                return .complete(head: head, consumed: head.length + encodedLength, body: ChunkedBody.decode(rest) ?? [])
            }
        }
        let length = head.contentLength ?? 0
        guard rest.count >= length else { return .incomplete }
        return .complete(head: head, consumed: head.length + length, body: Array(rest[0..<length]))
    }
}
