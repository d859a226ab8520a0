import Foundation

/// One parsed HTTP response as a client sees it.
package struct HTTPResponse: CustomStringConvertible {
    package var version: String
    package var status: Int
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]

    package init(version: String, status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
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

    package var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The body as a JSON object, or nil when it is not one.
    package var json: [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

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
        return "\(status)\n\(fields.joined(separator: "\n"))\n\n\(bodyText)"
    }

    package var description: String {
        "HTTP \(status) \(headers.map { "\($0.name): \($0.value)" }) \(bodyText.prefix(300).debugDescription)"
    }

    package static let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    /// Parses one response from the front of `bytes`: nil when incomplete, else the response and
    /// the bytes it used. Bodies are framed by Content-Length (absent: empty). `strict`: the status
    /// line must be `HTTP/1.1` and every final (2xx-5xx) response must carry a Content-Length.
    package static func parse(_ bytes: [UInt8], strict: Bool = false) throws -> (HTTPResponse, Int)? {
        guard let headEnd = find(crlfcrlf, in: bytes) else { return nil }
        let head = String(decoding: bytes[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
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
        var response = HTTPResponse(version: String(parts[0]), status: status, headers: headers, body: [])
        let bodyStart = headEnd + 4
        var length = 0
        if let value = response.header("Content-Length") {
            guard let parsed = Int(value), parsed >= 0 else { throw HarnessError.malformedResponse("Content-Length \(value)") }
            length = parsed
        } else if strict && status >= 200 {
            throw HarnessError.malformedResponse("no Content-Length")
        }
        if (100..<200).contains(status) || status == 204 || status == 304 { length = 0 }
        guard bytes.count >= bodyStart + length else { return nil }
        response.body = Array(bytes[bodyStart..<(bodyStart + length)])
        return (response, bodyStart + length)
    }

    package static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return start }
        }
        return nil
    }
}
