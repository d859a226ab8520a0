import Foundation

/// One HTTP response as a client sees it: the one response type of the harness, whether framed
/// by `RawClient` (`parse`: pipelining, keep-alive, strict framing), read to EOF by a one-shot
/// `HTTPResponse`, or built from what curl printed (no version or header list then).
package struct HTTPResponse: CustomStringConvertible {
    package var version: String
    package var status: Int
    package var headers: [(name: String, value: String)]
    /// The body as text (what the server sends is UTF-8: JSON, Prometheus text, YAML).
    package var body: String

    package init(version: String = "HTTP/1.1", status: Int, headers: [(name: String, value: String)] = [], body: String) {
        self.version = version
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, matched case-insensitively.
    package func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    package func headerCount(_ name: String) -> Int {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.count
    }

    /// The body as a JSON object (empty when it is not one).
    package var json: [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]) ?? [:]
    }

    package var error: String? { json["error"] as? String }
    package var accessToken: String? { json["access_token"] as? String }

    /// Step names of the `Server-Timing` header (`local;dur=0.004, sign;dur=0.03` -> local, sign).
    package var serverTimingSteps: [String] {
        guard let value = header("Server-Timing") else { return [] }
        return value.split(separator: ",").map {
            $0.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        }
    }

    /// Status, fields but Date, and body: two answers to the same request compare equal.
    package var comparable: String {
        let fields = headers.filter { $0.name.caseInsensitiveCompare("Date") != .orderedSame }.map { "\($0.name): \($0.value)" }
        return "\(status)\n\(fields.joined(separator: "\n"))\n\n\(body)"
    }

    package var description: String {
        "HTTP \(status) \(headers.map { "\($0.name): \($0.value)" }) \(body.prefix(400).debugDescription)"
    }

    package static let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    /// Parses one response from the front of `bytes`: nil when incomplete, else the response and
    /// the bytes it used. Bodies are framed by Content-Length (absent: empty). `strict`: the status
    /// line must be `HTTP/1.1` and every final (2xx-5xx) response must carry a Content-Length.
    package static func parse(_ bytes: [UInt8], strict: Bool = false) throws -> (HTTPResponse, Int)? {
        guard let (response, bodyStart) = try head(bytes, strict: strict) else { return nil }
        var length = 0
        if let value = response.header("Content-Length") {
            guard let parsed = Int(value), parsed >= 0 else { throw HarnessError.malformedResponse("Content-Length \(value)") }
            length = parsed
        } else if strict && response.status >= 200 {
            throw HarnessError.malformedResponse("no Content-Length")
        }
        if (100..<200).contains(response.status) || response.status == 204 || response.status == 304 { length = 0 }
        guard bytes.count >= bodyStart + length else { return nil }
        return (response.with(body: bytes[bodyStart..<(bodyStart + length)]), bodyStart + length)
    }

    /// The response a one-shot exchange read to EOF: its body is everything after the head.
    package static func parse(toEOF bytes: [UInt8]) throws -> HTTPResponse? {
        try head(bytes, strict: false).map { $0.with(body: bytes[$1...]) }
    }

    /// The status line and fields before the first CRLF CRLF (nil when there is none yet), and
    /// where the body starts.
    private static func head(_ bytes: [UInt8], strict: Bool) throws -> (HTTPResponse, Int)? {
        guard let headEnd = find(crlfcrlf, in: bytes) else { return nil }
        var lines = String(decoding: bytes[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, strict ? parts[0] == "HTTP/1.1" : parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw HarnessError.malformedResponse("status line \(statusLine.debugDescription)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else {
                throw HarnessError.malformedResponse("header line \(line.debugDescription)")
            }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (HTTPResponse(version: String(parts[0]), status: status, headers: headers, body: ""), headEnd + 4)
    }

    private func with(body bytes: ArraySlice<UInt8>) -> HTTPResponse {
        var response = self
        response.body = String(decoding: bytes, as: UTF8.self)
        return response
    }

    package static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
