import Foundation
import TesseraTesting

/// One request per connection over a plain loopback socket (`Connection: close`), read to EOF.
/// Enough for the gateway tests; no Foundation networking, no redirects, no retries.
struct RawHTTPClient {
    let port: Int

    struct Response {
        var status: Int
        /// Lowercased names; a repeated header keeps its first value.
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw HarnessError.unexpected("not a JSON object: \(text)")
            }
            return object
        }
    }

    func get(_ path: String) throws -> Response {
        try send("GET \(path) HTTP/1.1\r\nHost: tessera.test\r\nConnection: close\r\n\r\n")
    }

    /// POSTs a form; `basic` is (id, secret) for `client_secret_basic`.
    func post(_ path: String, form: [(String, String)], basic: (String, String)? = nil, authorization: String? = nil,
              headers: [(String, String)] = []) throws -> Response {
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        var head = "POST \(path) HTTP/1.1\r\nHost: tessera.test\r\nConnection: close\r\n"
        head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n"
        if let (id, secret) = basic {
            let credentials = Self.formEncode(id) + ":" + Self.formEncode(secret)
            head += "Authorization: Basic \(Data(credentials.utf8).base64EncodedString())\r\n"
        }
        if let authorization { head += "Authorization: \(authorization)\r\n" }
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return try send(head + "\r\n" + body)
    }

    static func formEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.append(Character(Unicode.Scalar(byte)))
            default: out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    private func send(_ request: String) throws -> Response {
        let received = try RawClient.oneShot(port: UInt16(port), request)
        return try Self.parse(received)
    }

    private static func parse(_ bytes: [UInt8]) throws -> Response {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0...(max(0, bytes.count - 4))).first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator }) else {
            throw HarnessError.unexpected("no complete response: \(String(decoding: bytes, as: UTF8.self))")
        }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw HarnessError.unexpected("status line \(lines[0])") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            if headers[name] == nil { headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
        }
        return Response(status: status, headers: headers, body: Array(bytes[(end + 4)...]))
    }
}
